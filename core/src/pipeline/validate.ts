// The pipeline validator: one pure function that core (save, dry-run), the studio (as the admin draws)
// and anyone else call with a definition and what the catalog holds. It reports every problem it finds,
// each with a stable code, the step, and a JSON Pointer into the definition; on success it returns the
// plugin versions and digests the ranges resolved to, which is what a saved version pins.
import semver from 'semver';
import { Type } from '@sinclair/typebox';
import { DNS_LABEL_PATTERN, type Resources } from '../contracts/common.js';
import type { PluginManifest } from '../contracts/component.js';
import type { ServicePort } from '../contracts/plan.js';
import { checkContract } from '../contracts/validate.js';
import { ancestry, needsFromEdges, topologicalOrder } from './dag.js';
import { ComponentStepDefinition, Edge, JobStepDefinition, ServiceStepDefinition, type PipelineDefinition, type StepDefinition } from './definition.js';
import { escapePointer, hasExpression, parseTemplate, stringsIn, type Reference } from './expressions.js';
import { validatePluginParams } from './json-schema.js';
import { checkPipelineLimits } from './limits.js';
import { splitResources } from './resources.js';

export const PIPELINE_ERROR_CODES = [
  'DEFINITION_INVALID', // the definition does not match the schema
  'DEFINITION_TOO_LARGE', // over a cap of PIPELINE_LIMITS (docs/limits.md)
  'NO_STEPS',
  'STEP_ID_INVALID',
  'DUPLICATE_STEP_ID',
  'EDGE_UNKNOWN_STEP',
  'CYCLE',
  'UNKNOWN_SERVICE',
  'HEALTHCHECK_PORT_UNKNOWN',
  'PLUGIN_REFERENCE_INVALID',
  'UNKNOWN_PLUGIN',
  'PLUGIN_VERSION_UNRESOLVED',
  'PARAM_INVALID',
  'SECRET_PARAM_LITERAL',
  'EXPRESSION_SYNTAX',
  'EXPRESSION_UNKNOWN_REFERENCE',
  'SECRET_UNKNOWN',
  'SERVICE_REFERENCE_UNKNOWN',
  'SERVICE_PORT_UNKNOWN',
  'SERVICE_NO_INGRESS',
  'OUTPUT_UNKNOWN_STEP',
  'OUTPUT_NOT_COMPONENT',
  'OUTPUT_NOT_ANCESTOR',
  'OUTPUT_UNKNOWN_KEY',
  'RESOURCES_EXCEED_PROJECT',
  'RESOURCES_SUM_EXCEEDS',
] as const;
export type PipelineErrorCode = (typeof PIPELINE_ERROR_CODES)[number];

export interface PipelineError {
  code: PipelineErrorCode;
  stepId?: string;
  /** JSON Pointer into the definition, e.g. `/steps/2/params/database`. */
  path: string;
  message: string;
}

/** A service of the catalog, as far as the validator needs it. */
export interface CatalogService {
  name: string;
  ports: readonly ServicePort[];
  /** The service's own env; it may use expressions too, checked for each step that runs the service. */
  env?: Readonly<Record<string, string>> | null;
}

/** One installed plugin version. */
export interface CatalogPlugin {
  name: string;
  version: string;
  digest: string;
  manifest: Pick<PluginManifest, 'input' | 'output' | 'secrets'>;
}

export interface ValidationContext {
  services: readonly CatalogService[];
  plugins: readonly CatalogPlugin[];
  /** Names of the project's secrets. */
  secrets: readonly string[];
  /** The project's reservation; without it resources are not checked. */
  projectResources?: Resources;
}

export interface ResolvedPlugin {
  name: string;
  version: string;
  digest: string;
}

/** What a saved pipeline version pins: for each component step, the exact plugin version and digest. */
export interface ResolvedPipeline {
  plugins: Record<string, ResolvedPlugin>;
}

export type PipelineValidation =
  | { valid: true; errors: []; definition: PipelineDefinition; resolved: ResolvedPipeline }
  | { valid: false; errors: PipelineError[] };

const PLUGIN_REFERENCE = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\/[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)@(.+)$/;
const DNS_LABEL = new RegExp(DNS_LABEL_PATTERN);
const StepSchemas = { service: ServiceStepDefinition, job: JobStepDefinition, component: ComponentStepDefinition } as const;
const TopLevel = Type.Object(
  { steps: Type.Array(Type.Unknown()), edges: Type.Array(Edge), layout: Type.Optional(Type.Record(Type.String(), Type.Unknown())) },
  { additionalProperties: false },
);

/** Splits `scope/name@range`; undefined when it is not of that form or the range is not a semver range. */
export function parsePluginReference(reference: string): { name: string; range: string } | undefined {
  const match = PLUGIN_REFERENCE.exec(reference.trim());
  if (!match || semver.validRange(match[2]) === null) return undefined;
  return { name: match[1], range: match[2] };
}

/** The newest installed version of `name` inside `range`. */
export function resolvePluginRange<P extends Pick<CatalogPlugin, 'name' | 'version'>>(plugins: readonly P[], name: string, range: string): P | undefined {
  const candidates = plugins.filter((p) => p.name === name);
  const best = semver.maxSatisfying(
    candidates.map((p) => p.version),
    range,
  );
  return best === null ? undefined : candidates.find((p) => p.version === best);
}

export function validatePipeline(definition: unknown, context: ValidationContext): PipelineValidation {
  const errors: PipelineError[] = [];
  const add = (code: PipelineErrorCode, path: string, message: string, stepId?: string) => errors.push(stepId === undefined ? { code, path, message } : { code, stepId, path, message });

  // 1. Shape. Each step is checked against the schema of its own kind, so errors name the real field.
  if (!definition || typeof definition !== 'object' || Array.isArray(definition)) {
    add('DEFINITION_INVALID', '', 'The definition must be an object with "steps" and "edges".');
    return { valid: false, errors };
  }
  // Caps first: everything after them may take time proportional to the definition's size.
  const oversized = checkPipelineLimits(definition);
  if (oversized.length) return { valid: false, errors: oversized };
  const top = checkContract(TopLevel, definition);
  if (!top.ok) {
    for (const e of top.errors) add('DEFINITION_INVALID', e.path === '/' ? '' : e.path, `${e.path === '/' ? 'The definition' : e.path} ${lowerFirst(e.message)}.`);
    const raw = definition as Record<string, unknown>;
    if (!Array.isArray(raw.steps) || !Array.isArray(raw.edges)) return { valid: false, errors };
  }
  const raw = definition as { steps: unknown[]; edges: unknown[] };
  const edges = new Set(raw.edges.filter((e) => checkContract(Edge, e).ok) as Edge[]);
  const steps: { step: StepDefinition; index: number }[] = [];
  raw.steps.forEach((candidate, index) => {
    const at = `/steps/${index}`;
    const step = candidate as Record<string, unknown>;
    const id = typeof step?.id === 'string' ? step.id : undefined;
    if (!step || typeof step !== 'object' || Array.isArray(step)) return add('DEFINITION_INVALID', at, `Step ${index + 1} must be an object.`);
    if (id === undefined) add('DEFINITION_INVALID', `${at}/id`, `Step ${index + 1} has no "id".`);
    else if (!DNS_LABEL.test(id)) add('STEP_ID_INVALID', `${at}/id`, `Step id "${id}" is not a DNS label (lower-case letters, digits and "-", at most 63, starting and ending with a letter or digit): it becomes a host name.`, id);
    const schema = StepSchemas[step.kind as keyof typeof StepSchemas];
    if (!schema) return add('DEFINITION_INVALID', `${at}/kind`, `Step "${id ?? index + 1}" has kind ${JSON.stringify(step.kind)}; it must be "service", "job" or "component".`, id);
    const checked = checkContract(schema, step);
    // TypeBox reports a missing property twice (required, then its type): one message per field is enough.
    const shapeErrors = checked.ok ? [] : checked.errors.filter((e, i, all) => e.path !== '/id' && all.findIndex((o) => o.path === e.path) === i);
    for (const e of shapeErrors) add('DEFINITION_INVALID', `${at}${e.path}`, `Step "${id ?? index + 1}": ${e.path.slice(1) || 'the step'} ${lowerFirst(e.message)}.`, id);
    if (shapeErrors.length === 0 && id !== undefined && DNS_LABEL.test(id)) steps.push({ step: step as StepDefinition, index });
  });
  if (raw.steps.length === 0) add('NO_STEPS', '/steps', 'The pipeline has no steps; add at least one service, job or component.');

  // 2. Ids and edges.
  const byId = new Map<string, { step: StepDefinition; index: number }>();
  for (const entry of steps) {
    if (byId.has(entry.step.id)) {
      add('DUPLICATE_STEP_ID', `/steps/${entry.index}/id`, `Step id "${entry.step.id}" is used by more than one step; ids must be unique.`, entry.step.id);
    } else byId.set(entry.step.id, entry);
  }
  const allIds = new Set(raw.steps.map((s) => (s as { id?: unknown })?.id).filter((id): id is string => typeof id === 'string'));
  const goodEdges: Edge[] = [];
  raw.edges.forEach((candidate, index) => {
    if (!edges.has(candidate as Edge)) return;
    const edge = candidate as Edge;
    let ok = true;
    for (const end of ['from', 'to'] as const) {
      if (!allIds.has(edge[end])) {
        ok = false;
        add('EDGE_UNKNOWN_STEP', `/edges/${index}/${end}`, `Edge ${edge.from} → ${edge.to} ${end === 'from' ? 'starts at' : 'ends at'} "${edge[end]}", which is not a step.`);
      }
    }
    if (ok) goodEdges.push(edge);
  });
  // Steps with shape errors stay in the graph, so their descendants' ancestry is still right.
  const ids = [...allIds];
  const needs = needsFromEdges(ids, goodEdges);
  const graph = ids.map((id) => ({ id, needs: [...new Set(needs.get(id) ?? [])] }));
  const order = topologicalOrder(graph);
  let needsTransitively: ((ancestor: string, of: string) => boolean) | undefined;
  // Only output references need ancestry; it is built once, on the first one.
  const isAncestor = (ancestor: string, of: string) => (needsTransitively ??= ancestry(graph))(ancestor, of);
  if (!order.ok) {
    // The cycle comes back along `needs`, against the edges; shown along the edges it reads as drawn.
    const along = [...order.cycle].reverse();
    add('CYCLE', '/edges', `The steps form a cycle: ${along.join(' → ')}. A pipeline must be a directed acyclic graph.`, along[0]);
  }

  // 3. Each step against the catalog, its params and its expressions.
  const services = new Map(context.services.map((s) => [s.name, s]));
  const secrets = new Set(context.secrets);
  const resolved: ResolvedPipeline = { plugins: {} };
  const manifests = new Map<string, CatalogPlugin['manifest']>();
  const components = steps.filter((e) => e.step.kind === 'component');
  for (const { step, index } of components) {
    if (step.kind !== 'component') continue;
    const at = `/steps/${index}`;
    const reference = parsePluginReference(step.plugin);
    if (!reference) {
      add('PLUGIN_REFERENCE_INVALID', `${at}/plugin`, `Step "${step.id}": "${step.plugin}" is not "<scope>/<name>@<semver range>" (e.g. "nullops/postgres-create-db@^1.0.0").`, step.id);
      continue;
    }
    const installed = context.plugins.filter((p) => p.name === reference.name);
    if (installed.length === 0) {
      add('UNKNOWN_PLUGIN', `${at}/plugin`, `Step "${step.id}" uses plugin "${reference.name}", which is not installed in the catalog.`, step.id);
      continue;
    }
    const plugin = resolvePluginRange(installed, reference.name, reference.range);
    if (!plugin) {
      add(
        'PLUGIN_VERSION_UNRESOLVED',
        `${at}/plugin`,
        `Step "${step.id}": no installed version of "${reference.name}" satisfies "${reference.range}" (installed: ${installed.map((p) => p.version).sort(semver.rcompare).join(', ')}).`,
        step.id,
      );
      continue;
    }
    resolved.plugins[step.id] = { name: plugin.name, version: plugin.version, digest: plugin.digest };
    manifests.set(step.id, plugin.manifest);
    const expressionPointers = stringsIn(step.params)
      .filter((s) => hasExpression(s.text))
      .map((s) => s.pointer);
    const verdict = validatePluginParams(plugin.manifest.input, step.params, expressionPointers);
    if (!verdict.ok) {
      for (const e of verdict.errors) {
        add('PARAM_INVALID', `${at}/params${e.path}`, `Step "${step.id}": param ${e.path ? `"${e.path.slice(1).replace(/\//g, '.')}"` : 'object'} ${e.message} (${plugin.name}@${plugin.version}).`, step.id);
      }
    }
    for (const name of plugin.manifest.secrets ?? []) {
      const value = step.params[name];
      if (typeof value === 'string' && value !== '' && !hasExpression(value)) {
        add('SECRET_PARAM_LITERAL', `${at}/params/${escapePointer(name)}`, `Step "${step.id}": param "${name}" holds a secret; give it as an expression such as \${{ secrets.NAME }}, never as a literal value.`, step.id);
      }
    }
  }

  for (const { step, index } of steps) {
    const at = `/steps/${index}`;
    if (step.kind === 'service' || step.kind === 'job') {
      const service = services.get(step.service);
      if (!service) {
        add('UNKNOWN_SERVICE', `${at}/service`, `Step "${step.id}" uses service "${step.service}", which is not in the catalog.`, step.id);
      } else if (step.kind === 'service' && step.healthcheck && step.healthcheck.type !== 'command' && !service.ports.some((p) => p.name === (step.healthcheck as { port: string }).port)) {
        const port = step.healthcheck.port;
        add('HEALTHCHECK_PORT_UNKNOWN', `${at}/healthcheck/port`, `Step "${step.id}": the health check names port "${port}", but service "${service.name}" has ${portList(service.ports)}.`, step.id);
      }
    }
    const serviceEnv = step.kind === 'component' ? undefined : services.get(step.service)?.env;
    const strings = [
      // The service's env lives in the catalog, so its errors point at the step's `service`.
      ...(serviceEnv ? stringsIn(serviceEnv).map((s) => ({ ...s, pointer: `${at}/service` })) : []),
      ...('env' in step && step.env ? stringsIn(step.env, `${at}/env`) : []),
      ...('command' in step && step.command ? stringsIn(step.command, `${at}/command`) : []),
      ...(step.kind === 'component' ? stringsIn(step.params, `${at}/params`) : []),
    ];
    for (const { pointer, text } of strings) {
      if (!hasExpression(text)) continue;
      const parsed = parseTemplate(text);
      if (!parsed.ok) {
        for (const e of parsed.errors) add(e.code, pointer, `Step "${step.id}": ${e.message}`, step.id);
        continue;
      }
      for (const expression of parsed.expressions) {
        const problem = checkReference(expression.reference, step.id);
        if (problem) add(problem.code, pointer, `Step "${step.id}": \${{ ${expression.source} }} ${problem.message}`, step.id);
      }
    }
  }

  // 4. Resources: each step within the project's, and the split leaves something for everyone.
  if (context.projectResources) {
    const project = context.projectResources;
    for (const { step, index } of steps) {
      if (step.kind === 'component' || !step.resources) continue;
      for (const key of ['cpu', 'memoryMb'] as const) {
        if (step.resources[key] > project[key]) {
          const unit = key === 'cpu' ? 'CPU' : 'MiB';
          add('RESOURCES_EXCEED_PROJECT', `/steps/${index}/resources/${key}`, `Step "${step.id}" asks for ${step.resources[key]} ${unit}, more than the project's ${project[key]} ${unit}.`, step.id);
        }
      }
    }
    const split = errors.some((e) => e.code === 'RESOURCES_EXCEED_PROJECT') ? ({ ok: true } as const) : splitResources(
      steps.map((e) => e.step),
      project,
    );
    if (!split.ok) add('RESOURCES_SUM_EXCEEDS', '/steps', split.message);
  }

  if (errors.length) return { valid: false, errors };
  return { valid: true, errors: [], definition: definition as PipelineDefinition, resolved };

  function checkReference(reference: Reference, self: string): { code: PipelineErrorCode; message: string } | undefined {
    switch (reference.kind) {
      case 'deployment':
        return undefined;
      case 'secret':
        return secrets.has(reference.name) ? undefined : { code: 'SECRET_UNKNOWN', message: `names secret "${reference.name}", which the project does not have.` };
      case 'service':
      case 'servicePort': {
        const target = byId.get(reference.stepId);
        if (!target) return { code: 'SERVICE_REFERENCE_UNKNOWN', message: `names step "${reference.stepId}", which does not exist.` };
        if (target.step.kind !== 'service') return { code: 'SERVICE_REFERENCE_UNKNOWN', message: `names step "${reference.stepId}", which is a ${target.step.kind} step, not a service.` };
        const service = services.get(target.step.service);
        if (!service) return undefined; // reported as UNKNOWN_SERVICE on that step
        if (reference.kind === 'servicePort' && !service.ports.some((p) => p.name === reference.port)) {
          return { code: 'SERVICE_PORT_UNKNOWN', message: `names port "${reference.port}", but service "${service.name}" has ${portList(service.ports)}.` };
        }
        if (reference.kind === 'service' && reference.field === 'publicUrl' && !service.ports.some((p) => p.ingress)) {
          return { code: 'SERVICE_NO_INGRESS', message: `asks for the public URL of "${reference.stepId}", but service "${service.name}" has no ingress port.` };
        }
        return undefined;
      }
      case 'output': {
        const target = byId.get(reference.stepId);
        if (!target) return { code: 'OUTPUT_UNKNOWN_STEP', message: `names step "${reference.stepId}", which does not exist.` };
        if (target.step.kind !== 'component') return { code: 'OUTPUT_NOT_COMPONENT', message: `reads outputs of "${reference.stepId}", a ${target.step.kind} step; only component steps have outputs.` };
        if (reference.stepId === self || !isAncestor(reference.stepId, self)) {
          return { code: 'OUTPUT_NOT_ANCESTOR', message: `reads outputs of "${reference.stepId}", which does not run before "${self}"; add an edge path from "${reference.stepId}" to "${self}".` };
        }
        const output = manifests.get(reference.stepId)?.output as { properties?: Record<string, unknown>; additionalProperties?: unknown } | undefined;
        if (output?.properties && !(reference.key in output.properties) && (output.additionalProperties === undefined || output.additionalProperties === false)) {
          return { code: 'OUTPUT_UNKNOWN_KEY', message: `reads output "${reference.key}", which the plugin of "${reference.stepId}" does not declare (it has ${Object.keys(output.properties).join(', ') || 'none'}).` };
        }
        return undefined;
      }
    }
  }
}

function portList(ports: readonly ServicePort[]): string {
  return ports.length ? `ports ${ports.map((p) => `"${p.name}"`).join(', ')}` : 'no ports';
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
