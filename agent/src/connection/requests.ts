// Which part answers which request frame: deployments (sync, deploy, destroy), logs, stats and the
// token. The connection (control-link.ts) turns the answer into `ack` and a throw into `error`.
import type Docker from 'dockerode';
import { AgentErrorCode } from '@nullops/core/contracts';
import { prePullPlugins } from '../docker/image-pull.js';
import type { DeploymentTable } from '../deployments/table.js';
import type { TokenStore } from '../identity/token-store.js';
import type { LogSubscriptions } from '../logs/log-subscriptions.js';
import type { AgentLogger } from '../observability/logger.js';
import { statsOf } from '../observability/node-report.js';
import type { ControlRequest, Dispatch, LinkSession } from './control-link.js';
import { RequestError } from './request-error.js';

export interface RequestParts {
  docker: Docker;
  deployments: DeploymentTable;
  logs: LogSubscriptions;
  tokens: TokenStore;
  log: AgentLogger;
}

export function requestDispatch({ docker, deployments, logs, tokens, log }: RequestParts): Dispatch {
  return async (request: ControlRequest, session: LinkSession) => {
    switch (request.type) {
      case 'sync': {
        const sync = request.payload;
        const answer = await deployments.sync(sync);
        prePullPlugins(docker, sync.plugins, log);
        return answer;
      }
      case 'deploy':
        return deployments.deploy(request.payload);
      case 'destroy':
        return deployments.destroy(request.payload);
      case 'logs.subscribe':
        return logs.subscribe(request.payload, session);
      case 'logs.unsubscribe':
        logs.unsubscribe(request.payload.subscriptionId);
        return {};
      case 'stats': {
        const { deploymentId } = request.payload;
        return statsOf(docker, deployments.maybeNodeId, deploymentId, deployments.has(deploymentId));
      }
      case 'token.rotate':
        await tokens.rotate(request.payload.newTokenHash);
        log.info('token rotated: the previous token is refused from now on');
        return {};
      case 'token.revoke':
        await tokens.revoke();
        log.warn('token revoked: every connection is refused until AGENT_TOKEN is set to a new value');
        return {};
      case 'ping':
        return {};
      default:
        throw new RequestError(AgentErrorCode.badMessage, `"${(request as { type: string }).type}" is not a request the agent answers`);
    }
  };
}
