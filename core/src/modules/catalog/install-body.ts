// Which of the two ways to install a body asks for — from a manifest, or from a plugin source — decided
// before the schema check, so a body that mixes them (or gives both version and range) gets a 400 that
// names the fields in conflict instead of the schema's "must match a schema in anyOf".
const MANIFEST_FIELDS = ['manifest', 'registryId'] as const;
const SOURCE_FIELDS = ['source', 'name', 'version', 'range'] as const;

export interface InstallBodyConflict {
  message: string;
  /** One entry per field in conflict or missing, by body path. */
  errors: { path: string; message: string }[];
}

const quoted = (fields: readonly string[]) => fields.map((f) => `"${f}"`).join(', ');

/** Null when the body asks for one way of installing (the schema checks the rest); otherwise what is wrong. */
export function installBodyConflict(body: unknown): InstallBodyConflict | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const given = (fields: readonly string[]): string[] => fields.filter((f) => (body as Record<string, unknown>)[f] !== undefined);
  const manifest = given(MANIFEST_FIELDS);
  const source = given(SOURCE_FIELDS);
  if (manifest.length && source.length) {
    return {
      message: `Install either from a manifest ({manifest, registryId?}) or from a plugin source ({source, name, version | range}), not both: the body has ${quoted(manifest)} and ${quoted(source)}.`,
      errors: [...manifest, ...source].map((f) => ({ path: `body/${f}`, message: `conflicts with ${quoted(manifest.includes(f) ? source : manifest)}` })),
    };
  }
  if (source.length && !manifest.length) {
    if (given(['version']).length && given(['range']).length) {
      return {
        message: 'Give "version" (an exact version) or "range" (a semver range such as ^1.2), not both.',
        errors: [
          { path: 'body/version', message: 'conflicts with "range"' },
          { path: 'body/range', message: 'conflicts with "version"' },
        ],
      };
    }
    const missing = given(['source', 'name']).length === 2 ? [] : ['source', 'name'].filter((f) => !given([f]).length);
    const unversioned = given(['version', 'range']).length === 0;
    if (missing.length || unversioned) {
      return {
        message: `Installing from a plugin source needs "source", "name" and one of "version" or "range": the body lacks ${[...missing.map((m) => `"${m}"`), ...(unversioned ? ['"version" or "range"'] : [])].join(', ')}.`,
        errors: [...missing.map((m) => ({ path: `body/${m}`, message: 'is required' })), ...(unversioned ? [{ path: 'body/version', message: 'one of version or range is required' }] : [])],
      };
    }
  }
  return null;
}
