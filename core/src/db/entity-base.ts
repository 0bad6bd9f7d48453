// The columns most tables share, declared once: a random uuid `id`, and `createdAt` / `updatedAt` the ORM
// sets on insert and on every update. An entity extends the interface and spreads the columns it has.
import { randomUUID } from 'node:crypto';

export interface WithId {
  id: string;
}
export interface WithCreated extends WithId {
  createdAt: Date;
}
export interface EntityBase extends WithCreated {
  updatedAt: Date;
}

export const idColumn = { id: { type: 'uuid', primary: true, onCreate: () => randomUUID() } } as const;
export const createdColumn = { createdAt: { type: 'Date', onCreate: () => new Date() } } as const;
export const updatedColumn = { updatedAt: { type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date() } } as const;
/** `id`, `createdAt` and `updatedAt`: what `EntityBase` declares. */
export const baseColumns = { ...idColumn, ...createdColumn, ...updatedColumn } as const;
