// The manifest fields every official plugin shares, derived from its id and version: scope `nullops/`,
// contract version, licence, docs page, image name, the deployment's network.

export interface OfficialManifestFields<I, O> {
  id: string;
  version: string;
  title: string;
  description: string;
  category: string;
  keywords: string[];
  input: I;
  output: O;
  secrets?: string[];
  timeoutSeconds: number;
  actions: ('run' | 'rollback')[];
}

export function officialManifest<I, O>(fields: OfficialManifestFields<I, O>) {
  const { id, version, ...rest } = fields;
  return {
    apiVersion: 'nullops.dev/v1',
    name: `nullops/${id}`,
    version,
    ...rest,
    homepage: `https://github.com/nullops/nullops/blob/main/docs/plugins/components/${id}.md`,
    license: 'Apache-2.0',
    image: `nullops/${id}:${version}`,
    network: 'deployment' as const,
  };
}
