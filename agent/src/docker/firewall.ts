// Firewall rules in the DOCKER-USER chain: traffic from a deployment's network that Docker has
// destination-NATed (i.e. aimed at a published port of this node) is dropped, so no deployment reaches
// another through the host. Skipped with a warning when iptables is unavailable.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface FirewallLog {
  warn(message: string): void;
}

export class Firewall {
  private constructor(
    private readonly nodeId: () => string,
    readonly available: boolean,
    private readonly log: FirewallLog,
  ) {}

  static async detect(nodeId: () => string, log: FirewallLog): Promise<Firewall> {
    try {
      await run('iptables', ['-w', '-S', 'DOCKER-USER']);
      return new Firewall(nodeId, true, log);
    } catch (error) {
      log.warn(`iptables is unavailable (${(error as Error).message.split('\n')[0]}): deployments are NOT firewalled from the node's published ports`);
      return new Firewall(nodeId, false, log);
    }
  }

  private comment(deploymentId: string): string {
    return `nullops:${this.nodeId()}:${deploymentId}`.slice(0, 250);
  }

  /** Drops NATed traffic (to published ports) coming from `subnet`, the deployment's network. */
  async isolate(deploymentId: string, subnet: string): Promise<void> {
    if (!this.available) return;
    const rule = ['-s', subnet, '-m', 'conntrack', '--ctstate', 'DNAT', '-m', 'comment', '--comment', this.comment(deploymentId), '-j', 'DROP'];
    try {
      await run('iptables', ['-w', '-C', 'DOCKER-USER', ...rule]);
    } catch {
      await run('iptables', ['-w', '-I', 'DOCKER-USER', ...rule]).catch((error) => this.log.warn(`firewall rule for ${deploymentId} not installed: ${(error as Error).message}`));
    }
  }

  /** Removes the rules of one deployment. */
  async release(deploymentId: string): Promise<void> {
    if (!this.available) return;
    await this.removeWhere((comment) => comment === this.comment(deploymentId));
  }

  /** Removes rules of this node whose deployment is not in `known` (orphan cleanup). */
  async releaseUnknown(known: ReadonlySet<string>): Promise<void> {
    if (!this.available) return;
    const prefix = `nullops:${this.nodeId()}:`;
    await this.removeWhere((comment) => comment.startsWith(prefix) && !known.has(comment.slice(prefix.length)));
  }

  private async removeWhere(matches: (comment: string) => boolean): Promise<void> {
    let listing: string;
    try {
      listing = (await run('iptables', ['-w', '-S', 'DOCKER-USER'])).stdout;
    } catch {
      return;
    }
    for (const line of listing.split('\n')) {
      const comment = /--comment "?([^"\s]+)"?/.exec(line)?.[1];
      if (!comment || !matches(comment) || !line.startsWith('-A DOCKER-USER ')) continue;
      const args = line.replace(/^-A DOCKER-USER /, '').match(/"[^"]*"|\S+/g)!.map((a) => a.replace(/^"|"$/g, ''));
      await run('iptables', ['-w', '-D', 'DOCKER-USER', ...args]).catch(() => undefined);
    }
  }
}
