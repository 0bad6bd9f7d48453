// Whether a document is an installable plugin manifest (PLUGIN-CONTRACT.md): its shape, then what the
// shape cannot say — `run` among the actions, `input`/`output` valid JSON Schemas, every secret a
// write-only input property. One check for the catalog (install), the registry (publish) and
// `nullops-plugin validate`; every problem carries a JSON Pointer into the manifest.
import { Value } from '@sinclair/typebox/value';
import { PluginManifest } from '../contracts/component.js';
import { checkContract } from '../contracts/validate.js';
import { checkJsonSchema } from './json-schema.js';

export interface ManifestProblem {
  /** JSON Pointer into the manifest ("" for the manifest itself). */
  path: string;
  message: string;
}

export type ManifestCheck = { ok: true; manifest: PluginManifest } | { ok: false; errors: ManifestProblem[] };

/** Checks a manifest, with the contract's defaults (`secrets`, `timeoutSeconds`, `network`) filled in. */
export function checkPluginManifest(candidate: unknown): ManifestCheck {
  if (!candidate || typeof candidate !== 'object' || Array.isArray(candidate)) return { ok: false, errors: [{ path: '', message: 'must be a JSON object' }] };
  const shape = checkContract(PluginManifest, Value.Default(PluginManifest, Value.Clone(candidate)));
  if (!shape.ok) return { ok: false, errors: onePerPath(shape.errors.map((e) => ({ path: e.path === '/' ? '' : e.path, message: e.message }))) };
  const manifest = shape.value;
  const errors: ManifestProblem[] = [];
  if (!manifest.actions.includes('run')) errors.push({ path: '/actions', message: 'must contain "run"' });
  for (const key of ['input', 'output'] as const) {
    const verdict = checkJsonSchema(manifest[key]);
    if (!verdict.ok) for (const e of verdict.errors) errors.push({ path: `/${key}${e.path}`, message: `is not a valid JSON Schema: ${e.message}` });
  }
  const properties = (manifest.input.properties ?? {}) as Record<string, { writeOnly?: unknown }>;
  (manifest.secrets ?? []).forEach((secret, i) => {
    const property = properties[secret];
    if (!property) errors.push({ path: `/secrets/${i}`, message: `names "${secret}", which is not a property of input` });
    else if (property.writeOnly !== true) errors.push({ path: `/input/properties/${secret}/writeOnly`, message: `must be true: "${secret}" is listed in secrets` });
  });
  return errors.length ? { ok: false, errors: onePerPath(errors) } : { ok: true, manifest };
}

/** Schema checkers often report a field twice (required, then its type): one problem per path. */
function onePerPath(problems: ManifestProblem[]): ManifestProblem[] {
  return problems.filter((p, i) => problems.findIndex((o) => o.path === p.path) === i);
}
