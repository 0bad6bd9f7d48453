// A plugin source: a plugin registry (marketplace) the catalog installs from, with an optional token
// stored encrypted like every other credential.
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { type WithCreated, createdColumn, idColumn } from '../../db/entity-base.js';

export interface PluginSource extends WithCreated {
  [OptionalProps]?: 'createdAt' | 'tokenEncrypted';
  name: string;
  url: string;
  tokenEncrypted: string | null;
}

export const PluginSource = new EntitySchema<PluginSource>({
  name: 'PluginSource',
  tableName: 'plugin_source',
  properties: {
    ...idColumn,
    name: { type: 'string', unique: true },
    url: { type: 'string' },
    tokenEncrypted: { type: 'text', nullable: true },
    ...createdColumn,
  },
});
