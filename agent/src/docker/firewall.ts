// Firewall rules so no deployment reaches another through the host (docs/agent-protocol.md, "Publishing"). Per
// deployment network: in DOCKER-USER, forwarded traffic Docker destination-NATed to a published port
// (the path when Docker's userland proxy is off); in INPUT, new TCP connections to the node's own
// addresses (the path through docker-proxy, Docker's default, and to the node's other services).
// Skipped with a warning when iptables is unavailable.
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

  /** Drops traffic from `subnet`, the deployment's network, to the node's published ports. */
  async isolate(deploymentId: string, subnet: string): Promise<void> {
    if (!this.available) return;
    const comment = ['-m', 'comment', '--comment', this.comment(deploymentId)];
    const rules: [string, string[]][] = [
      ['DOCKER-USER', ['-s', subnet, '-m', 'conntrack', '--ctstate', 'DNAT', ...comment, '-j', 'DROP']],
      ['INPUT', ['-s', subnet, '-p', 'tcp', '-m', 'conntrack', '--ctstate', 'NEW', '-m', 'addrtype', '--dst-type', 'LOCAL', ...comment, '-j', 'DROP']],
    ];
    for (const [chain, rule] of rules) {
      try {
        await run('iptables', ['-w', '-C', chain, ...rule]);
      } catch {
        await run('iptables', ['-w', '-I', chain, ...rule]).catch((error) => this.log.warn(`firewall rule in ${chain} for ${deploymentId} not installed: ${(error as Error).message}`));
      }
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
    for (const chain of ['DOCKER-USER', 'INPUT']) {
      let listing: string;
      try {
        listing = (await run('iptables', ['-w', '-S', chain])).stdout;
      } catch {
        continue;
      }
      for (const line of listing.split('\n')) {
        const comment = /--comment "?([^"\s]+)"?/.exec(line)?.[1];
        if (!comment || !matches(comment) || !line.startsWith(`-A ${chain} `)) continue;
        const args = line.slice(`-A ${chain} `.length).match(/"[^"]*"|\S+/g)!.map((a) => a.replace(/^"|"$/g, ''));
        await run('iptables', ['-w', '-D', chain, ...args]).catch(() => undefined);
      }
    }
  }
}
