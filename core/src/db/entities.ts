// Every entity schema of the control plane, collected from the feature modules for MikroORM.
import type { EntitySchema } from '@mikro-orm/core';
import { Setting } from './setting.entity.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const entities: EntitySchema<any>[] = [Setting];
