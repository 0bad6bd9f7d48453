// The shape every list shares (the API's convention, docs/api-reference.md): `limit` / `offset` in, `{items, total}` out.
// Lists of rows page in SQL (`findAndCount` with `limit`/`offset`); `page` is for lists built in memory
// (registry tags, plugins grouped by name, a target's grants sorted by team name).
import { Type, type Static, type TSchema } from '@sinclair/typebox';

export const Paging = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});
export type Paging = Static<typeof Paging>;

export const ListOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer() });

export function page<T>(all: T[], paging: Paging): { items: T[]; total: number } {
  return { items: all.slice(paging.offset, paging.offset + paging.limit), total: all.length };
}
