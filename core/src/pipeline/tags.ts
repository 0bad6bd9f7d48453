// Which image tags a service offers and allows: glob patterns (`v1.*`, `feature-*`, `{main,develop}`),
// newest-first ordering (semver-aware, otherwise natural), and the decision a deployment's tag passes.
import semver from 'semver';

/** Docker's own rule for a tag. */
export const TAG_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$';
const TAG = new RegExp(TAG_PATTERN);

const patternCache = new Map<string, RegExp>();

/**
 * A glob as a regular expression: `*` any run of characters except `/`, `**` any run at all, `?` one
 * character, `[abc]` / `[a-z]` / `[!abc]` a class, `{a,b}` alternatives. Everything else is literal.
 * Throws on an unbalanced `[` or `{`.
 */
export function globToRegExp(pattern: string): RegExp {
  const cached = patternCache.get(pattern);
  if (cached) return cached;
  let out = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        out += '.*';
        i++;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) throw new Error(`The pattern "${pattern}" has a "[" without a closing "]".`);
      let body = pattern.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += c.replace(/[.+^$()|\\{}\]]/g, '\\$&');
  }
  if (braces > 0) throw new Error(`The pattern "${pattern}" has a "{" without a closing "}".`);
  const regex = new RegExp(`^${out}$`);
  patternCache.set(pattern, regex);
  return regex;
}

/** Whether a glob pattern is usable; the message says what is wrong with it. */
export function checkTagPattern(pattern: string): { ok: true } | { ok: false; message: string } {
  if (pattern.trim() === '') return { ok: false, message: 'The tag pattern is empty.' };
  try {
    globToRegExp(pattern);
    return { ok: true };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

export function matchesTagPattern(tag: string, pattern: string | undefined | null): boolean {
  if (!pattern) return true;
  return globToRegExp(pattern).test(tag);
}

function asSemver(tag: string): semver.SemVer | null {
  const bare = tag.replace(/^v(?=\d)/i, '');
  return semver.valid(bare) ? semver.parse(bare) : null;
}

/**
 * Orders two tags newest first: two semver tags (a leading `v` allowed) by semver precedence; a semver tag
 * before one that is not; otherwise natural order, digits compared as numbers (`build-10` after `build-9`).
 */
export function compareTagsNewestFirst(a: string, b: string): number {
  const va = asSemver(a);
  const vb = asSemver(b);
  if (va && vb) return semver.rcompare(va, vb) || naturalCompare(b, a);
  if (va) return -1;
  if (vb) return 1;
  return naturalCompare(b, a);
}

/** Natural ascending comparison: runs of digits compare as numbers. */
export function naturalCompare(a: string, b: string): number {
  const chunks = (s: string) => s.match(/\d+|\D+/g) ?? [];
  const ca = chunks(a);
  const cb = chunks(b);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const x = ca[i];
    const y = cb[i];
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const diff = BigInt(x) - BigInt(y);
      if (diff !== 0n) return diff < 0n ? -1 : 1;
      if (x.length !== y.length) return x.length - y.length;
      continue;
    }
    return x < y ? -1 : 1;
  }
  return ca.length - cb.length;
}

/** The tags matching a glob pattern (all of them without one), newest first. */
export function filterTags(tags: readonly string[], pattern?: string | null): string[] {
  const matching = pattern ? tags.filter((tag) => matchesTagPattern(tag, pattern)) : [...tags];
  return [...new Set(matching)].sort(compareTagsNewestFirst);
}

export interface TaggedService {
  name: string;
  tagMode: 'pinned' | 'selectable';
  tag?: string | null;
  tagPattern?: string | null;
}

export type TagDecision = { allowed: true } | { allowed: false; message: string };

/** Whether a deployment may run `service` at `tag` (error `TAG_NOT_ALLOWED`). */
export function tagAllowed(service: TaggedService, tag: string): TagDecision {
  if (!TAG.test(tag)) return { allowed: false, message: `"${tag}" is not a valid image tag.` };
  if (service.tagMode === 'pinned') {
    return tag === service.tag ? { allowed: true } : { allowed: false, message: `Service "${service.name}" is pinned to tag "${service.tag}"; "${tag}" is not allowed.` };
  }
  if (service.tagPattern && !matchesTagPattern(tag, service.tagPattern)) {
    return { allowed: false, message: `Tag "${tag}" does not match the pattern "${service.tagPattern}" of service "${service.name}".` };
  }
  return { allowed: true };
}
