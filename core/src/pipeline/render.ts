// renderPlan: one deployment of a project's saved pipeline version turned into the plan an agent runs
// (docs/agent-protocol.md, "The plan") — images at the chosen tags with pull credentials, env, resources split as
// the protocol says, health checks, plugin invocations, `needs` from the edges, and every secret value used
// as a mask. Pure: everything it needs comes in as plain data.
import type { PullAuth, Resources } from '../contracts/common.js';
import type { PluginManifest } from '../contracts/component.js';
import {
  DEFAULT_GRACEFUL_STOP_SECONDS,
  DEFAULT_JOB_TIMEOUT_SECONDS,
  type Healthcheck,
  type Plan,
  type PlanComponentStep,
  type PlanJobStep,
  type PlanServiceStep,
  type PlanStep,
  type ServicePort,
} from '../contracts/plan.js';
import { needsFromEdges, topologicalOrder } from './dag.js';
import type { PipelineDefinition, StepDefinition } from './definition.js';
import { ExpressionResolutionError, resolveExpressions, type Reference } from './expressions.js';
import { splitResources } from './resources.js';
import { tagAllowed } from './tags.js';
import type { ResolvedPipeline } from './validate.js';

/** A catalog service as the renderer needs it. */
export interface RenderService {
  name: string;
  /** The image without tag, including the registry host: `127.0.0.1:5001/shop/web`, `docker.io/library/postgres`. */
  imageRepository: string;
  tagMode: 'pinned' | 'selectable';
  tag?: string | null;
  tagPattern?: string | null;
  ports: ServicePort[];
  env?: Record<string, string>;
  healthcheck?: Healthcheck | null;
  pullAuth?: PullAuth;
}

/** An installed plugin version, as pinned by the pipeline version. */
export interface RenderPlugin {
  name: string;
  version: string;
  digest: string;
  /** The image without tag or digest, including the registry host. */
  imageRepository: string;
  pullAuth?: PullAuth;
  manifest: PluginManifest;
}

export interface RenderInput {
  deployment: { id: string; name: string; generation: number; attempt?: number; gracefulStopSeconds?: number };
  project: { name: string; resources: Resources };
  environment: { name: string; baseDomain: string; ingressScheme?: 'http' | 'https'; ingressPort?: number | null };
  definition: PipelineDefinition;
  resolved: ResolvedPipeline;
  services: readonly RenderService[];
  plugins: readonly RenderPlugin[];
  /** The tag chosen per service name (selectable services need one; pinned ones may repeat their tag). */
  versions: Readonly<Record<string, string>>;
  /** Decrypted secret values by name. */
  secrets: Readonly<Record<string, string>>;
}

export type RenderErrorCode = 'VERSION_REQUIRED' | 'TAG_NOT_ALLOWED' | 'SERVICE_MISSING' | 'PLUGIN_MISSING' | 'SECRET_MISSING' | 'EXPRESSION_INVALID' | 'RESOURCES_SUM_EXCEEDS' | 'CYCLE';

export class PlanRenderError extends Error {
  constructor(
    readonly code: RenderErrorCode,
    message: string,
    readonly stepId?: string,
  ) {
    super(message);
    this.name = 'PlanRenderError';
  }
}

/** The public URL of a service step: `<scheme>://<step>.<deployment>.<environment>.<base domain>[:port]/`. */
export function publicUrlTemplate(deploymentName: string, environment: RenderInput['environment']): string {
  const scheme = environment.ingressScheme ?? 'http';
  const port = environment.ingressPort;
  const defaultPort = scheme === 'https' ? 443 : 80;
  const suffix = port && port !== defaultPort ? `:${port}` : '';
  return `${scheme}://{step}.${deploymentName}.${environment.name}.${environment.baseDomain}${suffix}/`.toLowerCase();
}

export function renderPlan(input: RenderInput): Plan {
  const { definition, deployment, project, environment } = input;
  const services = new Map(input.services.map((s) => [s.name, s]));
  const stepsById = new Map(definition.steps.map((s) => [s.id, s]));
  const ids = definition.steps.map((s) => s.id);
  const needs = needsFromEdges(ids, definition.edges);
  const order = topologicalOrder(ids.map((id) => ({ id, needs: needs.get(id) ?? [] })));
  if (!order.ok) throw new PlanRenderError('CYCLE', `The pipeline has a cycle: ${order.cycle.join(' → ')}.`);

  const split = splitResources(definition.steps, project.resources);
  if (!split.ok) throw new PlanRenderError('RESOURCES_SUM_EXCEEDS', split.message);

  const urlTemplate = publicUrlTemplate(deployment.name, environment);
  const masks = new Set<string>();
  const resolve = (stepId: string) => (reference: Reference) => {
    switch (reference.kind) {
      case 'secret': {
        const value = input.secrets[reference.name];
        if (value === undefined) throw new PlanRenderError('SECRET_MISSING', `Step "${stepId}" uses secret "${reference.name}", which the project no longer has.`, stepId);
        if (value !== '') masks.add(value);
        return value;
      }
      case 'deployment':
        return { id: deployment.id, name: deployment.name, environment: environment.name, project: project.name }[reference.field];
      case 'service':
      case 'servicePort': {
        const target = stepsById.get(reference.stepId);
        const service = target?.kind === 'service' ? services.get(target.service) : undefined;
        if (!target || !service) throw new PlanRenderError('EXPRESSION_INVALID', `Step "${stepId}" refers to service step "${reference.stepId}", which is not a service of this pipeline.`, stepId);
        if (reference.kind === 'servicePort') {
          const port = service.ports.find((p) => p.name === reference.port);
          if (!port) throw new PlanRenderError('EXPRESSION_INVALID', `Step "${stepId}" refers to port "${reference.port}" of "${reference.stepId}", which service "${service.name}" does not have.`, stepId);
          return port.port;
        }
        if (reference.field === 'host') return target.id;
        if (reference.field === 'url') return internalUrl(target.id, service.ports);
        return urlTemplate.replace('{step}', target.id);
      }
      case 'output':
        return undefined; // the agent resolves step outputs as they arrive
    }
  };
  const resolveIn = <T>(stepId: string, value: T, keepTypes: boolean): T => {
    try {
      return resolveExpressions(value, resolve(stepId), { keepTypes });
    } catch (error) {
      if (error instanceof ExpressionResolutionError) {
        const cause = error.message;
        throw new PlanRenderError('EXPRESSION_INVALID', `Step "${stepId}": ${cause}`, stepId);
      }
      throw error;
    }
  };

  const imageOf = (step: StepDefinition & { service: string }) => {
    const service = services.get(step.service);
    if (!service) throw new PlanRenderError('SERVICE_MISSING', `Step "${step.id}" uses service "${step.service}", which is no longer in the catalog.`, step.id);
    const tag = chooseTag(service, input.versions[service.name]);
    return { service, image: `${service.imageRepository}:${tag}` };
  };

  const planSteps: PlanStep[] = order.order.map((id) => {
    const step = stepsById.get(id)!;
    const stepNeeds = [...new Set(needs.get(id) ?? [])];
    if (step.kind === 'service') {
      const { service, image } = imageOf(step);
      const healthcheck = step.healthcheck ?? service.healthcheck ?? undefined;
      const rendered: PlanServiceStep = {
        id,
        kind: 'service',
        needs: stepNeeds,
        image,
        ...(service.pullAuth ? { pullAuth: service.pullAuth } : {}),
        env: resolveIn(id, { ...service.env, ...step.env }, false),
        ...(step.command ? { command: resolveIn(id, step.command, false) } : {}),
        ports: service.ports.map((p) => ({ ...p })),
        ...(healthcheck ? { healthcheck } : {}),
        resources: split.perStep.get(id)!,
      };
      return rendered;
    }
    if (step.kind === 'job') {
      const { service, image } = imageOf(step);
      const rendered: PlanJobStep = {
        id,
        kind: 'job',
        needs: stepNeeds,
        image,
        ...(service.pullAuth ? { pullAuth: service.pullAuth } : {}),
        env: resolveIn(id, { ...service.env, ...step.env }, false),
        command: resolveIn(id, step.command, false),
        timeoutSeconds: step.timeoutSeconds ?? DEFAULT_JOB_TIMEOUT_SECONDS,
        resources: split.perStep.get(id)!,
      };
      return rendered;
    }
    const pinned = input.resolved.plugins[id];
    const plugin = pinned && input.plugins.find((p) => p.name === pinned.name && p.version === pinned.version);
    if (!plugin) {
      throw new PlanRenderError('PLUGIN_MISSING', `Step "${id}" runs ${pinned ? `${pinned.name}@${pinned.version}` : 'a plugin'} which is not installed.`, id);
    }
    const { manifest } = plugin;
    const rendered: PlanComponentStep = {
      id,
      kind: 'component',
      needs: stepNeeds,
      image: `${plugin.imageRepository}@${pinned.digest}`,
      ...(plugin.pullAuth ? { pullAuth: plugin.pullAuth } : {}),
      manifest: {
        name: manifest.name,
        version: manifest.version,
        actions: manifest.actions,
        timeoutSeconds: step.timeoutSeconds ?? manifest.timeoutSeconds ?? 300,
        network: manifest.network ?? 'deployment',
        ...(manifest.resources ? { resources: manifest.resources } : {}),
        input: manifest.input,
        output: manifest.output,
        secrets: manifest.secrets ?? [],
      },
      params: resolveIn(id, step.params, true),
    };
    return rendered;
  });

  return {
    deploymentId: deployment.id,
    generation: deployment.generation,
    name: deployment.name,
    project: project.name,
    environment: environment.name,
    baseDomain: environment.baseDomain,
    publicUrlTemplate: urlTemplate,
    attempt: deployment.attempt ?? 1,
    gracefulStopSeconds: deployment.gracefulStopSeconds ?? DEFAULT_GRACEFUL_STOP_SECONDS,
    masks: [...masks],
    steps: planSteps,
  };
}

function chooseTag(service: RenderService, requested: string | undefined): string {
  if (service.tagMode === 'pinned') {
    if (requested !== undefined && requested !== service.tag) {
      throw new PlanRenderError('TAG_NOT_ALLOWED', `Service "${service.name}" is pinned to tag "${service.tag}"; "${requested}" is not allowed.`);
    }
    return service.tag!;
  }
  if (requested === undefined) throw new PlanRenderError('VERSION_REQUIRED', `Choose a tag for service "${service.name}".`);
  const decision = tagAllowed(service, requested);
  if (!decision.allowed) throw new PlanRenderError('TAG_NOT_ALLOWED', decision.message);
  return requested;
}

/** The address of a service step inside the deployment's network: its ingress port, else its first. */
function internalUrl(host: string, ports: readonly ServicePort[]): string {
  const port = ports.find((p) => p.ingress) ?? ports[0];
  return port ? `http://${host}:${port.port}` : `http://${host}`;
}
