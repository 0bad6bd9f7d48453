// The pipeline editor's first requests, started by the router as soon as it has chosen the editor's
// route — while the editor's code is still loading, instead of after its page has mounted — and all
// at once: the catalog and the version to open do not wait for each other. The page takes what was
// started for it (once); anything else (another version, a later visit) it loads itself.
import { loadEditorCatalog, loadPipelineVersion, type EditorCatalog, type VersionView } from './editor-catalog';

interface Started<T> {
  key: string;
  result: Promise<T>;
}

let catalog: Started<EditorCatalog> | undefined;
let version: Started<VersionView | undefined> | undefined;

/** Starts loading the catalog of `projectId` and its version `versionNumber` (the latest when undefined). */
export function preloadPipelineEditor(projectId: string, versionNumber: number | undefined): void {
  // The version first: it is the largest answer.
  version = { key: `${projectId}@${versionNumber ?? 'latest'}`, result: quiet(loadPipelineVersion(projectId, versionNumber)) };
  catalog = { key: projectId, result: quiet(loadEditorCatalog(projectId)) };
}

/** The project's catalog: the one started by the router when it is for this project, else a new load. */
export function editorCatalog(projectId: string): Promise<EditorCatalog> {
  const started = take(catalog, projectId);
  catalog = undefined;
  return started ?? loadEditorCatalog(projectId);
}

/** The version to open: the one started by the router when it is this one, else a new load. */
export function pipelineVersion(projectId: string, versionNumber: number | undefined): Promise<VersionView | undefined> {
  const started = take(version, `${projectId}@${versionNumber ?? 'latest'}`);
  version = undefined;
  return started ?? loadPipelineVersion(projectId, versionNumber);
}

/** The version number a route's `?version=` names, if it names one. */
export function versionInQuery(value: unknown): number | undefined {
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
}

function take<T>(started: Started<T> | undefined, key: string): Promise<T> | undefined {
  return started?.key === key ? started.result : undefined;
}

/** A started request nobody may take (the user went elsewhere) must not report an unhandled rejection; whoever takes it still sees the error. */
function quiet<T>(result: Promise<T>): Promise<T> {
  result.catch(() => undefined);
  return result;
}
