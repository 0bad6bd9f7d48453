// What the pure pipeline functions need from the database: the catalog and the project's secret names
// for the validator; services with pull credentials and pinned plugins for the renderer. `planFor` is
// the one call the deployments module makes to turn a deployment into its plan.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Plan } from '../../contracts/index.js';
import { renderPlan, type RenderInput, type RenderPlugin, type RenderService, type ResolvedPipeline, type ValidationContext } from '../../pipeline/index.js';
import { CatalogService, ContainerRegistry, PluginVersion } from '../catalog/entities.js';
import { imageRepository } from '../catalog/image-reference.js';
import { pullAuthOf } from '../catalog/registries.js';
import type { Encryption } from '../secrets/encryption.js';
import { decryptSecrets, secretNames } from '../secrets/project-secrets.js';
import type { Environment } from '../environments/entity.js';
import type { Project } from '../projects/entity.js';
import type { PipelineVersion } from './entity.js';

export async function validationContext(em: EntityManager, project: Project): Promise<ValidationContext> {
  // One query after another: `em` may be a write request's, one connection in a transaction (kernel/database-plugin.ts).
  const services = await em.find(CatalogService, {});
  const plugins = await em.find(PluginVersion, {});
  const secrets = await secretNames(em, project.id);
  return {
    services: services.map((s) => ({ name: s.name, ports: s.ports, env: s.env })),
    plugins: plugins.map((p) => ({ name: p.name, version: p.version, digest: p.digest, manifest: p.manifest })),
    secrets,
    projectResources: project.resources,
  };
}

/**
 * Services and pinned plugins as the renderer wants them. `redact` replaces pull credentials (for a
 * dry-run shown to a person); otherwise passwords are decrypted for the agent.
 */
export async function renderCatalog(em: EntityManager, encryption: Encryption, resolved: ResolvedPipeline, redact: boolean): Promise<{ services: RenderService[]; plugins: RenderPlugin[] }> {
  const pinned = Object.values(resolved.plugins);
  const services = await em.find(CatalogService, {});
  const registries = await em.find(ContainerRegistry, {});
  const plugins = pinned.length ? await em.find(PluginVersion, { $or: pinned.map((p) => ({ name: p.name, version: p.version })) }) : [];
  const byId = new Map(registries.map((r) => [r.id, r]));
  const auth = (registry: ContainerRegistry | undefined) => {
    if (!registry?.username || !registry.passwordEncrypted) return undefined;
    return redact ? { username: registry.username, password: '***' } : pullAuthOf(registry, encryption);
  };
  return {
    services: services.map((s) => {
      const registry = byId.get(s.registryId)!;
      const pullAuth = auth(registry);
      return {
        name: s.name,
        imageRepository: imageRepository(registry.url, s.image),
        tagMode: s.tagMode,
        tag: s.tag,
        tagPattern: s.tagPattern,
        ports: s.ports,
        env: s.env,
        healthcheck: s.healthcheck,
        ...(pullAuth ? { pullAuth } : {}),
      };
    }),
    plugins: plugins.map((p) => {
      const pullAuth = auth(byId.get(p.registryId));
      return { name: p.name, version: p.version, digest: p.digest, imageRepository: p.imageRepository, manifest: p.manifest, ...(pullAuth ? { pullAuth } : {}) };
    }),
  };
}

export interface PlanRequest {
  project: Project;
  environment: Environment;
  pipeline: Pick<PipelineVersion, 'definition' | 'resolved'>;
  deployment: RenderInput['deployment'];
  versions: Record<string, string>;
}

/** The plan an agent runs for a deployment, secrets decrypted. Throws PlanRenderError (with a code) when it cannot be made. */
export async function planFor(em: EntityManager, encryption: Encryption, request: PlanRequest): Promise<Plan> {
  const catalog = await renderCatalog(em, encryption, request.pipeline.resolved, false);
  const secrets = await decryptSecrets(em, encryption, request.project.id);
  return renderPlan({ ...renderBase(request), ...catalog, secrets });
}

/** The same plan with every secret value and pull password replaced, for people to look at. */
export async function redactedPlanFor(em: EntityManager, encryption: Encryption, request: PlanRequest): Promise<Plan> {
  const catalog = await renderCatalog(em, encryption, request.pipeline.resolved, true);
  const names = await secretNames(em, request.project.id);
  const placeholders = Object.fromEntries(names.map((name) => [name, `<secret ${name}>`]));
  return renderPlan({ ...renderBase(request), ...catalog, secrets: placeholders });
}

function renderBase(request: PlanRequest): Omit<RenderInput, 'services' | 'plugins' | 'secrets'> {
  const { project, environment, pipeline, deployment, versions } = request;
  return {
    deployment,
    project: { name: project.name, resources: project.resources },
    environment: { name: environment.name, baseDomain: environment.baseDomain, ingressScheme: environment.ingressScheme ?? undefined, ingressPort: environment.ingressPort },
    definition: pipeline.definition,
    resolved: pipeline.resolved,
    versions,
  };
}
