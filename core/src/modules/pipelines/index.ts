// Pipelines: versioned, immutable definitions per project, validated against the catalog and rendered
// into plans (catalog-view.ts has `planFor`, the call deployments make).
import type { FeatureModule } from '../feature-module.js';
import { pipelinesRoutes } from './routes.js';

export const pipelinesModule: FeatureModule = { name: 'pipelines', routes: pipelinesRoutes };
