// Nodes: the Docker hosts of environments, managed by admins; their connections live in the orchestrator.
import type { FeatureModule } from '../feature-module.js';
import { nodesRoutes } from './routes.js';

export const nodesModule: FeatureModule = { name: 'nodes', routes: nodesRoutes };
