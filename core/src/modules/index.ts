// The feature modules, in registration order (see feature-module.ts for their shape).
import type { FeatureModule } from './feature-module.js';
import { auditModule } from './audit/index.js';
import { catalogModule } from './catalog/index.js';
import { deletionGuardsPlugin } from './deletion-guards.js';
import { environmentsModule } from './environments/index.js';
import { identityModule } from './identity/index.js';
import { pipelinesModule } from './pipelines/index.js';
import { projectsModule } from './projects/index.js';
import { secretsModule } from './secrets/index.js';
import { nodesModule } from './nodes/index.js';
import { deploymentsModule } from './deployments/index.js';
import { pluginSourcesModule } from './plugin-sources/index.js';

export const featureModules: FeatureModule[] = [
  { name: 'deletion-guards', services: deletionGuardsPlugin },
  identityModule,
  auditModule,
  projectsModule,
  environmentsModule,
  secretsModule,
  catalogModule,
  pluginSourcesModule,
  pipelinesModule,
  deploymentsModule,
  nodesModule,
];
