// What a plan step gets when it starts (PROTOCOL.md, "The plan"): the `steps.<id>.outputs.<key>`
// expressions left in it resolved from the outputs of the steps before it, and for a component its
// params checked against the plugin's input schema with the schema's defaults applied. The agent calls
// these before each step and each rollback; the control plane for the rollbacks it hands the agent.
import type { PlanJobStep, PlanServiceStep } from '../contracts/plan.js';
import { ExpressionResolutionError, resolveStepOutputs } from './expressions.js';
import { validatePluginParams } from './json-schema.js';

export type StepOutputs = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export type Prepared<T> = { ok: true; value: T } | { ok: false; code: 'EXPRESSION_UNRESOLVED' | 'PLUGIN_BAD_PARAMS'; message: string };

/** A service's or job's `env` and `command` with the outputs in place, as text. */
export function prepareContainerStep<T extends PlanServiceStep | PlanJobStep>(step: T, outputs: StepOutputs): Prepared<T> {
  let env: Record<string, string>;
  let command: string[] | undefined;
  try {
    env = resolveStepOutputs(step.env, outputs, { pointer: '/env' });
    command = step.command ? resolveStepOutputs(step.command, outputs, { pointer: '/command' }) : undefined;
  } catch (error) {
    return unresolved(error);
  }
  return { ok: true, value: { ...step, env, ...(command ? { command } : {}) } };
}

/** A component's params with the outputs in place (each keeping its type), the input schema's defaults applied, checked. */
export function preparePluginParams(input: Record<string, unknown>, params: Record<string, unknown>, outputs: StepOutputs): Prepared<Record<string, unknown>> {
  let resolved: Record<string, unknown>;
  try {
    resolved = resolveStepOutputs(params, outputs, { keepTypes: true, pointer: '/params' });
  } catch (error) {
    return unresolved(error);
  }
  const checked = validatePluginParams(input, resolved);
  if (!checked.ok) return { ok: false, code: 'PLUGIN_BAD_PARAMS', message: `params do not match the plugin's input schema: ${checked.message}` };
  return { ok: true, value: checked.params };
}

function unresolved(error: unknown): { ok: false; code: 'EXPRESSION_UNRESOLVED'; message: string } {
  if (!(error instanceof ExpressionResolutionError)) throw error;
  return { ok: false, code: 'EXPRESSION_UNRESOLVED', message: `${error.pointer} cannot be resolved: ${error.message}` };
}
