// The ordered list of committed migrations. Add a new file and append it here; never edit an applied one.
import { Migration20261123000000Foundation } from './Migration20261123000000Foundation.js';
import { Migration20261124000000Identity } from './Migration20261124000000Identity.js';
import { Migration20261124200000Catalog } from './Migration20261124200000Catalog.js';
import { Migration20261125000000Orchestration } from './Migration20261125000000Orchestration.js';
import { Migration20261129000000NodeFirewall } from './Migration20261129000000NodeFirewall.js';
import { Migration20261129100000PluginSources } from './Migration20261129100000PluginSources.js';

export const migrationsList = [
  { name: 'Migration20261123000000Foundation', class: Migration20261123000000Foundation },
  { name: 'Migration20261124000000Identity', class: Migration20261124000000Identity },
  { name: 'Migration20261124200000Catalog', class: Migration20261124200000Catalog },
  { name: 'Migration20261125000000Orchestration', class: Migration20261125000000Orchestration },
  { name: 'Migration20261129000000NodeFirewall', class: Migration20261129000000NodeFirewall },
  { name: 'Migration20261129100000PluginSources', class: Migration20261129100000PluginSources },
];
