// Keeps what users must still read after containers are gone: the lines of plugin and job runs as they
// stream in, and the last lines of every service the agent archives before removing its container —
// at most 1,000 per step and generation.
import type { EntityManager } from '@mikro-orm/postgresql';
import { DeploymentLog } from './entities.js';

export const KEPT_LINES = 1000;

export class LogStore {
  private pending = new Map<string, { deploymentId: string; stepId: string; generation: number; lines: string[] }>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly fork: () => EntityManager,
    private readonly warn: (message: string) => void,
  ) {}

  /** Buffers a streamed line; lines are written in batches. */
  append(deploymentId: string, stepId: string, generation: number, line: string): void {
    const key = `${deploymentId}/${stepId}/${generation}`;
    const entry = this.pending.get(key) ?? { deploymentId, stepId, generation, lines: [] };
    entry.lines.push(line);
    this.pending.set(key, entry);
    this.timer ??= setTimeout(() => void this.flush(), 250);
  }

  /** Replaces the kept lines of a step with the agent's archive of its container's last lines. */
  async archive(deploymentId: string, stepId: string, generation: number, lines: string[]): Promise<void> {
    await this.flush();
    await this.write(deploymentId, stepId, generation, lines.slice(-KEPT_LINES), true);
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = [...this.pending.values()];
    this.pending.clear();
    this.flushing = this.flushing.then(async () => {
      for (const entry of batch) await this.write(entry.deploymentId, entry.stepId, entry.generation, entry.lines, false);
    });
    return this.flushing;
  }

  async read(em: EntityManager, deploymentId: string, stepId: string): Promise<string[]> {
    await this.flush();
    const rows = await em.find(DeploymentLog, { deploymentId, stepId }, { orderBy: { generation: 'desc' }, limit: 1 });
    return rows[0]?.lines ?? [];
  }

  private async write(deploymentId: string, stepId: string, generation: number, lines: string[], replace: boolean): Promise<void> {
    const em = this.fork();
    try {
      await em.getConnection().execute(
        `insert into deployment_log (deployment_id, step_id, generation, lines) values (?, ?, ?, ?::jsonb)
         on conflict (deployment_id, step_id, generation) do update set
           lines = (select coalesce(jsonb_agg(value order by ordinality), '[]'::jsonb) from (
             select value, ordinality from jsonb_array_elements(${replace ? 'excluded.lines' : 'deployment_log.lines || excluded.lines'}) with ordinality
             order by ordinality desc limit ${KEPT_LINES}) kept),
           updated_at = now()`,
        [deploymentId, stepId, generation, JSON.stringify(lines.slice(-KEPT_LINES))],
      );
    } catch (error) {
      this.warn(`could not keep log lines of ${deploymentId}/${stepId}: ${(error as Error).message}`);
    }
  }
}
