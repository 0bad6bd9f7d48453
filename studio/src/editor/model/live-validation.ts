// Live validation: the server's own validator (`validatePipeline` from @nullops/core/pipeline) run in
// the browser on every change, and its errors sorted onto the nodes and fields they point at.
import { validatePipeline, type CatalogPlugin, type CatalogService, type PipelineDefinition, type PipelineError } from '@nullops/core/pipeline';

export interface CatalogForValidation {
  services: readonly CatalogService[];
  plugins: readonly CatalogPlugin[];
  secrets: readonly string[];
  projectResources?: { cpu: number; memoryMb: number };
}

export interface EditorProblems {
  valid: boolean;
  all: PipelineError[];
  /** Errors per step id (a step's own and its fields'). */
  byStep: Map<string, PipelineError[]>;
  /** Errors that name no step (no steps, edges, the resource split). */
  general: PipelineError[];
}

export function checkDefinition(definition: PipelineDefinition, catalog: CatalogForValidation): EditorProblems {
  const verdict = validatePipeline(definition, catalog);
  const all = verdict.valid ? [] : verdict.errors;
  const byStep = new Map<string, PipelineError[]>();
  const general: PipelineError[] = [];
  for (const error of all) {
    const index = /^\/steps\/(\d+)/.exec(error.path);
    const stepId = error.stepId ?? (index ? definition.steps[Number(index[1])]?.id : undefined);
    if (stepId === undefined || error.code === 'CYCLE') general.push(error);
    if (stepId !== undefined) byStep.set(stepId, [...(byStep.get(stepId) ?? []), error]);
  }
  return { valid: verdict.valid, all, byStep, general };
}

/** A step's errors by the pointer inside the step (`/params/database`, `/service`, `/command`…). */
export function fieldErrors(errors: readonly PipelineError[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const error of errors) {
    const inside = error.path.replace(/^\/steps\/\d+/, '');
    // The field already names the step and the param; the sentence starts at what is wrong.
    if (!out.has(inside)) out.set(inside, error.message.replace(/^Step "[^"]*":\s*/, ''));
  }
  return out;
}
