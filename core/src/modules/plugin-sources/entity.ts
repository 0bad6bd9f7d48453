// A plugin source: a plugin registry (marketplace) the catalog installs from, with an optional token
// stored encrypted like every other credential.
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

export interface PluginSource {
  [OptionalProps]?: 'createdAt' | 'tokenEncrypted';
  id: string;
  name: string;
  url: string;
  tokenEncrypted: string | null;
  createdAt: Date;
}

export const PluginSource = new EntitySchema<PluginSource>({
  name: 'PluginSource',
  tableName: 'plugin_source',
  properties: {
    id: { type: 'uuid', primary: true, onCreate: () => randomUUID() },
    name: { type: 'string', unique: true },
    url: { type: 'string' },
    tokenEncrypted: { type: 'text', nullable: true },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});
