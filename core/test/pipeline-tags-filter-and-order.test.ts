// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// Tag patterns and ordering: the glob a service declares picks its tags, newest first; a deployment's tag
// is allowed only inside the pattern, or exactly the pinned tag.
import t from 'tap';
import { checkTagPattern, filterTags, tagAllowed } from '../src/pipeline/index.js';

const tags = ['latest', 'v1.2.0', 'v1.10.0', 'v1.9.3', 'v2.0.0', 'v1.10.0-rc.1', 'feature-login', 'feature-cart', 'build-9', 'build-10', 'main'];

t.test('v1.* picks the 1.x tags, semver-newest first (pre-release below its release)', async (t) => {
  t.same(filterTags(tags, 'v1.*'), ['v1.10.0', 'v1.10.0-rc.1', 'v1.9.3', 'v1.2.0']);
});

t.test('feature-* and alternatives', async (t) => {
  t.same(filterTags(tags, 'feature-*'), ['feature-login', 'feature-cart']);
  t.same(filterTags(tags, '{main,latest}'), ['main', 'latest']);
  t.same(filterTags(tags, 'build-?'), ['build-9']);
  t.same(filterTags(tags, 'build-[0-9]*'), ['build-10', 'build-9']);
});

t.test('no pattern: every tag, semver first, then natural order newest first', async (t) => {
  t.same(filterTags(tags), ['v2.0.0', 'v1.10.0', 'v1.10.0-rc.1', 'v1.9.3', 'v1.2.0', 'main', 'latest', 'feature-login', 'feature-cart', 'build-10', 'build-9']);
});

t.test('a path-like pattern matches one level per *', async (t) => {
  t.same(filterTags(['features/a', 'features/b/c', 'fix/a'], 'features/*'), ['features/a']);
  t.same(filterTags(['features/a', 'features/b/c', 'fix/a'], 'features/**'), ['features/b/c', 'features/a']);
});

t.test('a broken pattern is reported, not thrown at the user', async (t) => {
  t.match(checkTagPattern('v1.[0-9'), { ok: false, message: /without a closing "\]"/ });
  t.match(checkTagPattern('{a,b'), { ok: false, message: /without a closing "\}"/ });
  t.same(checkTagPattern('v1.*'), { ok: true });
});

t.test('tagAllowed: pinned accepts only its tag; selectable only tags inside the pattern', async (t) => {
  const pinned = { name: 'postgres', tagMode: 'pinned' as const, tag: '17' };
  t.same(tagAllowed(pinned, '17'), { allowed: true });
  t.match(tagAllowed(pinned, '16'), { allowed: false, message: /pinned to tag "17"/ });
  const selectable = { name: 'web', tagMode: 'selectable' as const, tagPattern: 'v1.*' };
  t.same(tagAllowed(selectable, 'v1.4.0'), { allowed: true });
  t.match(tagAllowed(selectable, 'v2.0.0'), { allowed: false, message: /does not match the pattern "v1\.\*"/ });
  t.match(tagAllowed(selectable, 'bad tag'), { allowed: false, message: /not a valid image tag/ });
  t.same(tagAllowed({ name: 'any', tagMode: 'selectable' }, 'whatever-1'), { allowed: true });
});
