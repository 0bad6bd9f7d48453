// Everything the editor reads from the control plane for one project: the project, its secret names,
// the service catalog and every installed plugin version (each with its manifest and digest, which is
// what the validator resolves ranges against) — and the pipeline version to open. One load when the
// page opens (started by editor-preload.ts while the editor's code loads).
import { api, ApiError } from '../api/client';
import type { List, Project, Service } from '../api/types';
import { loadInstalledPlugins, loadPluginVersions, type PluginDetail } from '../catalog/installed-plugins';
import type { CatalogPlugin, CatalogService } from '@nullops/core/pipeline';
import type { PalettePlugin } from './model/palette';
import type { CatalogForValidation } from './model/live-validation';
import type { PipelineDefinition } from './model/pipeline-graph';

export type CatalogServiceView = Service;

export interface PluginManifestView {
  name: string;
  version: string;
  title: string;
  description: string;
  category: string;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
  secrets?: string[];
}

type PluginVersionItem = Pick<PluginDetail['versions'][number], 'name' | 'version' | 'digest' | 'manifest'>;

export interface EditorCatalog {
  project: Project;
  secrets: string[];
  services: CatalogServiceView[];
  plugins: PalettePlugin[];
  /** Every installed version of every plugin, newest first per plugin. */
  pluginVersions: (Omit<PluginVersionItem, 'manifest'> & { manifest: PluginManifestView })[];
}

/** One saved version of a project's pipeline, as the API returns it. */
export interface VersionView {
  version: number;
  message: string;
  createdBy: { id: string; name: string } | null;
  createdAt: string;
  definition: PipelineDefinition;
}

/** Version `version` of the project's pipeline, or its latest (undefined when nothing was saved yet). */
export async function loadPipelineVersion(projectId: string, version: number | undefined): Promise<VersionView | undefined> {
  if (version !== undefined) return api.get<VersionView>(`/projects/${projectId}/pipeline/versions/${version}`);
  try {
    return await api.get<VersionView>(`/projects/${projectId}/pipeline`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

export async function loadEditorCatalog(projectId: string): Promise<EditorCatalog> {
  const [project, secrets, services, plugins] = await Promise.all([
    api.get<Project>(`/projects/${projectId}`),
    api.get<List<{ name: string }>>(`/projects/${projectId}/secrets`, { limit: 500 }),
    api.get<List<CatalogServiceView>>('/services', { limit: 500 }),
    loadInstalledPlugins(),
  ]);
  const details = await Promise.all(plugins.items.map((p) => loadPluginVersions(p.name)));
  return {
    project,
    secrets: secrets.items.map((s) => s.name),
    services: services.items,
    plugins: plugins.items.map((p) => ({ name: p.name, latestVersion: p.latestVersion, title: p.title, description: p.description, category: p.category, keywords: p.keywords })),
    pluginVersions: details.flatMap((d) => d.versions.map((v) => ({ name: v.name, version: v.version, digest: v.digest, manifest: v.manifest as unknown as PluginManifestView }))),
  };
}

export function validationCatalog(catalog: EditorCatalog): CatalogForValidation {
  return {
    services: catalog.services.map((s): CatalogService => ({ name: s.name, ports: s.ports.map((p) => ({ name: p.name, port: p.port, ingress: Boolean(p.ingress) })), env: s.env })),
    plugins: catalog.pluginVersions.map((p): CatalogPlugin => ({ name: p.name, version: p.version, digest: p.digest, manifest: p.manifest as unknown as CatalogPlugin['manifest'] })),
    secrets: catalog.secrets,
    projectResources: catalog.project.resources,
  };
}
