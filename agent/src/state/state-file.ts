// The agent's record of what it did (docs/architecture.md, "State and truth"), kept in `state.json` in the
// data dir. It never holds a secret: no env values, no pull credentials, no masks, no plugin outputs.
import { readFile } from 'node:fs/promises';
import { Type, type Static } from '@sinclair/typebox';
import { checkContract, DeploymentStatusOnAgent, ErrorInfo } from '@nullops/core/contracts';
import { writeFileAtomic } from './atomic-file.js';

export const DeploymentRecord = Type.Object({
  id: Type.String(),
  generation: Type.Integer(),
  /** `seq` of the request that last set this deployment, so an older `sync` never removes it. */
  seq: Type.Integer(),
  status: DeploymentStatusOnAgent,
  error: Type.Optional(ErrorInfo),
  /** Completed component steps whose plugin lists `rollback`, in completion order. */
  rollbackSteps: Type.Array(Type.String()),
  pendingRollbacks: Type.Optional(Type.Array(Type.String())),
});
export type DeploymentRecord = Static<typeof DeploymentRecord>;

export const AgentState = Type.Object({
  version: Type.Literal(1),
  nodeId: Type.Optional(Type.String()),
  lastEventSeq: Type.Integer({ minimum: 0 }),
  deployments: Type.Array(DeploymentRecord),
});
export type AgentState = Static<typeof AgentState>;

export const emptyState = (): AgentState => ({ version: 1, lastEventSeq: 0, deployments: [] });

export type LoadedState = { state: AgentState; problem?: string };

/** Reads the state file; a missing or corrupt one gives an empty state and says why. */
export async function loadState(path: string): Promise<LoadedState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: emptyState() };
    return { state: emptyState(), problem: `state file unreadable: ${(error as Error).message}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { state: emptyState(), problem: 'state file is not valid JSON' };
  }
  const checked = checkContract(AgentState, raw);
  if (!checked.ok) return { state: emptyState(), problem: `state file does not match its schema: ${checked.errors[0]?.path} ${checked.errors[0]?.message}` };
  return { state: checked.value };
}

/** Serialises writes so the last state always wins and no two renames race. */
export class StateFile {
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  save(state: AgentState): Promise<void> {
    const text = JSON.stringify(state, null, 2);
    this.writing = this.writing.catch(() => undefined).then(() => writeFileAtomic(this.path, text));
    return this.writing;
  }
}
