// Copies a template into the target folder with its placeholders filled in. The decisions (names, which
// files, what they become) are pure; `scaffold` is the I/O.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export const TEMPLATES = {
  'plugin-typescript': 'TypeScript with @nullops/sdk, bundled into one file on a Node.js image',
  'plugin-shell': 'POSIX sh on a busybox image',
} as const;
export type TemplateName = keyof typeof TEMPLATES;

const LABEL = '[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?';
export const PLUGIN_NAME = new RegExp(`^${LABEL}/${LABEL}$`);

export interface ScaffoldPlan {
  template: TemplateName;
  /** `<scope>/<name>`. */
  name: string;
  title: string;
  image: string;
  sdkVersion: string;
}

/** `my-step` → `local/my-step`: the folder's name as a DNS label under a scope the author renames later. */
export function defaultPluginName(targetDir: string): string {
  const label = basename(targetDir).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'my-step';
  return `local/${label}`;
}

export function titleOf(name: string): string {
  const words = name.split('/')[1].split('-').filter(Boolean);
  return words.map((w, i) => (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w)).join(' ');
}

/** A reason the name cannot be a plugin name, or undefined. */
export function nameProblem(name: string): string | undefined {
  return PLUGIN_NAME.test(name) ? undefined : `"${name}" is not <scope>/<name>, each a DNS label (lower-case letters, digits and "-"), e.g. acme/seed-orders`;
}

/** The text of a template file with the plan's values in place of the placeholders. */
export function fill(text: string, plan: ScaffoldPlan): string {
  return text
    .replaceAll('__PLUGIN_NAME__', plan.name)
    .replaceAll('__PACKAGE_NAME__', plan.name.replace('/', '-'))
    .replaceAll('__TITLE__', plan.title)
    .replaceAll('__IMAGE__', plan.image)
    .replaceAll('__SDK_VERSION__', plan.sdkVersion);
}

/** Whether the target can be written: absent, or an empty folder. */
export function targetProblem(target: string): string | undefined {
  if (!existsSync(target)) return undefined;
  if (!statSync(target).isDirectory()) return `${target} exists and is not a folder: choose another name.`;
  const entries = readdirSync(target).filter((e) => e !== '.git');
  return entries.length ? `${target} is not empty (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}): choose a new folder, or empty this one.` : undefined;
}

export function scaffold(templatesDir: string, target: string, plan: ScaffoldPlan): string[] {
  mkdirSync(target, { recursive: true });
  cpSync(join(templatesDir, plan.template), target, { recursive: true });
  // npm drops .gitignore from published packages, so templates carry it as _gitignore.
  if (existsSync(join(target, '_gitignore'))) renameSync(join(target, '_gitignore'), join(target, '.gitignore'));
  const written: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else {
        const text = readFileSync(path, 'utf8');
        const filled = fill(text, plan);
        if (filled !== text) writeFileSync(path, filled);
        written.push(path.slice(target.length + 1));
      }
    }
  };
  visit(target);
  return written.sort();
}
