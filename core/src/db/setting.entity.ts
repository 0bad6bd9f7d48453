// Small key/value facts the control plane keeps across restarts (e.g. the last ingress table version).
import { EntitySchema } from '@mikro-orm/core';

export interface Setting {
  key: string;
  value: unknown;
  updatedAt: Date;
}

export const Setting = new EntitySchema<Setting>({
  name: 'Setting',
  tableName: 'setting',
  properties: {
    key: { type: 'string', primary: true },
    value: { type: 'json' },
    updatedAt: { type: 'Date', onUpdate: () => new Date(), onCreate: () => new Date() },
  },
});
