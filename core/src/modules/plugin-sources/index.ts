// Plugin sources: the plugin registries (marketplaces) the catalog can install from.
import type { FeatureModule } from '../feature-module.js';
import { pluginSourcesRoutes } from './routes.js';

export const pluginSourcesModule: FeatureModule = { name: 'plugin-sources', routes: pluginSourcesRoutes };
