// Finds the object a route declaration points at: each feature module registers how to look up its kind
// (projects, environments; deployments later), and `resolveTarget` turns a declaration plus the request
// into an AccessTarget, or null when the object does not exist.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccessKind, IdSource, ResourceAccess } from '../../kernel/access.js';
import type { AccessTarget } from './access-rule.js';

/** Looks an object up by id; null when it does not exist. */
export type TargetLookup = (em: EntityManager, id: string) => Promise<AccessTarget | null>;

export class AccessTargets {
  private readonly lookups = new Map<AccessKind, TargetLookup>();

  register(kind: AccessKind, lookup: TargetLookup): void {
    if (this.lookups.has(kind)) throw new Error(`access targets of kind "${kind}" are registered twice`);
    this.lookups.set(kind, lookup);
  }

  async find(em: EntityManager, kind: AccessKind, id: string): Promise<AccessTarget | null> {
    const lookup = this.lookups.get(kind);
    if (!lookup) throw new Error(`no module registered access targets of kind "${kind}"`);
    return UUID.test(id) ? lookup(em, id) : null;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RequestParts {
  params: unknown;
  body: unknown;
  query: unknown;
}

export function readId(source: IdSource, request: RequestParts): string | undefined {
  const [part, ...path] = source.split('.') as [keyof RequestParts, ...string[]];
  let value: unknown = request[part];
  for (const key of path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** The declared target, or null when it (or, for a create, its project or environment) does not exist. */
export async function resolveTarget(targets: AccessTargets, em: EntityManager, declared: ResourceAccess, request: RequestParts): Promise<AccessTarget | null> {
  const kind = declared.need.split(':')[0] as AccessKind;
  if (declared.projectId || declared.environmentId) {
    const projectId = declared.projectId && readId(declared.projectId, request);
    const environmentId = declared.environmentId && readId(declared.environmentId, request);
    if (!projectId || !environmentId) return null;
    const project = await targets.find(em, 'project', projectId);
    const environment = project && (await targets.find(em, 'environment', environmentId));
    return project && environment ? { kind: 'deployment', projectId, environmentId } : null;
  }
  const id = readId(declared.id ?? 'params.id', request);
  return id ? targets.find(em, kind, id) : null;
}
