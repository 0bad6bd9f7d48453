// Firewall rules so no deployment reaches another through the host (PROTOCOL.md, "Publishing"). Per
// deployment network: in DOCKER-USER, forwarded traffic Docker destination-NATed to a published port
// (the path when Docker's userland proxy is off); in INPUT, new TCP connections to the node's own
// addresses (the path through docker-proxy, Docker's default, and to the node's other services).
// A security control, so it fails closed: when iptables cannot be used the agent refuses deployments
// that publish ports, unless the operator opted out with AGENT_INSECURE_NO_FIREWALL=1 (said loudly, and
// reported to the control plane in `hello`).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AgentErrorCode, type FirewallState } from '@nullops/core/contracts';

const run = promisify(execFile);

export interface FirewallLog {
  warn(message: string): void;
  error?(message: string): void;
}

export class Firewall {
  private constructor(
    private readonly nodeId: () => string,
    readonly state: FirewallState,
  ) {}

  get available(): boolean {
    return this.state.status === 'active';
  }

  static async detect(nodeId: () => string, log: FirewallLog, options: { insecureNoFirewall?: boolean } = {}): Promise<Firewall> {
    try {
      await run('iptables', ['-w', '-S', 'DOCKER-USER']);
      return new Firewall(nodeId, { status: 'active' });
    } catch (error) {
      const cause = `iptables cannot list the DOCKER-USER chain (${(error as Error).message.split('\n')[0].trim()})`;
      const loud = log.error ?? log.warn;
      if (options.insecureNoFirewall) {
        const message = `${cause}; AGENT_INSECURE_NO_FIREWALL=1 is set, so deployments run WITHOUT the isolation firewall: any deployment can reach the ports other deployments publish on this node`;
        loud.call(log, `SECURITY: ${message}`);
        return new Firewall(nodeId, { status: 'disabled', message });
      }
      const message = `${cause}; deployments that publish ports are refused (${AgentErrorCode.firewallUnavailable}). Install iptables and run the agent as root with NET_ADMIN (docs/agent.md), or set AGENT_INSECURE_NO_FIREWALL=1 to run them without isolation`;
      loud.call(log, message);
      return new Firewall(nodeId, { status: 'unavailable', message });
    }
  }

  /** Why a deployment that publishes ports may not run here, or undefined when it may. */
  refusal(publishesPorts: boolean): string | undefined {
    if (!publishesPorts || this.state.status !== 'unavailable') return undefined;
    return `this node cannot isolate deployments that publish ports: ${this.state.message}`;
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
        // Fail closed: a rule that cannot be installed stops the deployment.
        await run('iptables', ['-w', '-I', chain, ...rule]).catch((error: Error) => {
          throw new Error(`the firewall rule in ${chain} for ${deploymentId} could not be installed: ${error.message.split('\n')[0].trim()}`);
        });
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
