// The access rule as a list query's filter: every list of projects, environments or deployments asks
// the database for exactly the rows the caller may see, so paging and `total` count only those.
import type { FilterQuery } from '@mikro-orm/core';
import type { Visible } from './access-rule.js';

/** The columns of a row that hold its project's and its environment's id (a project's own id is `id`). */
export interface VisibleColumns<T> {
  project?: keyof T & string;
  environment?: keyof T & string;
}

export function visibleWhere<T extends object>(visible: Visible, columns: VisibleColumns<T>): FilterQuery<T> {
  if (visible.all) return {};
  const either: Record<string, { $in: string[] }>[] = [];
  if (columns.project) either.push({ [columns.project]: { $in: visible.projectIds } });
  if (columns.environment) either.push({ [columns.environment]: { $in: visible.environmentIds } });
  if (either.length === 0) throw new Error('visibleWhere needs the project or the environment column of the listed rows.');
  return { $or: either } as FilterQuery<T>;
}
