// The access rule of docs/access.md ("Teams and access") as pure functions over plain data: what a user's
// effective access to a project, an environment or a deployment is, and what a route declaration then allows.
import type { Level, ResourceNeed } from '../../kernel/access.js';

export type { Level };
export type Effective = 'none' | Level;

export interface Subject {
  role: 'admin' | 'user';
  teamIds: readonly string[];
}

/** One grant of a team on a project or an environment. */
export interface GrantFact {
  teamId: string;
  on: 'project' | 'environment';
  targetId: string;
  access: Level;
}

export type AccessTarget =
  | { kind: 'project'; id: string }
  | { kind: 'environment'; id: string }
  /** A deployment (existing, or about to be created) of a project in an environment. */
  | { kind: 'deployment'; projectId: string; environmentId: string };

const RANK: Record<Effective, number> = { none: 0, read: 1, full: 2 };

export function strongest(...levels: Effective[]): Effective {
  return levels.reduce<Effective>((best, level) => (RANK[level] > RANK[best] ? level : best), 'none');
}

export function atLeast(have: Effective, need: Effective): boolean {
  return RANK[have] >= RANK[need];
}

/**
 * The user's effective access to the target:
 * - admins: `full` everywhere;
 * - deployment: the strongest grant any of the user's teams holds on its project or its environment;
 * - project: the strongest grant on the project or on any environment (a team with `full` on an
 *   environment may deploy every project there, so it sees every project and may deploy it);
 * - environment: at least `read` for every signed-in user (environments are listed to everyone),
 *   `full` with a `full` grant on it.
 */
export function accessTo(user: Subject, target: AccessTarget, grants: readonly GrantFact[]): Effective {
  if (user.role === 'admin') return 'full';
  const mine = grants.filter((g) => user.teamIds.includes(g.teamId));
  const on = (kind: GrantFact['on'], id?: string) => mine.filter((g) => g.on === kind && (id === undefined || g.targetId === id)).map((g) => g.access);
  switch (target.kind) {
    case 'deployment':
      return strongest(...on('project', target.projectId), ...on('environment', target.environmentId));
    case 'project':
      return strongest(...on('project', target.id), ...on('environment'));
    case 'environment':
      return strongest('read', ...on('environment', target.id));
  }
}

/**
 * What a list of `kind` shows the user, as ids a query filters by — the same rule as `accessTo`, so a
 * row is listed exactly when `accessTo` gives at least `read`: `all`, or the rows whose project is one of
 * `projectIds` or whose environment is one of `environmentIds`.
 */
export type Visible = { all: true } | { all: false; projectIds: string[]; environmentIds: string[] };

export function visibleTo(user: Subject, kind: AccessTarget['kind'], grants: readonly GrantFact[]): Visible {
  if (user.role === 'admin' || kind === 'environment') return { all: true };
  const mine = grants.filter((g) => user.teamIds.includes(g.teamId));
  const on = (target: GrantFact['on']) => [...new Set(mine.filter((g) => g.on === target).map((g) => g.targetId))];
  // Any environment grant shows every project (see `accessTo`).
  if (kind === 'project') return on('environment').length > 0 ? { all: true } : { all: false, projectIds: on('project'), environmentIds: [] };
  return { all: false, projectIds: on('project'), environmentIds: on('environment') };
}

export type Verdict = { allow: true } | { allow: false; status: 404 | 403 };

/** What a resource need allows, given the effective access: hidden → 404, seen but too weak → 403. */
export function decideResourceAccess(need: ResourceNeed, effective: Effective): Verdict {
  const level = need.split(':')[1] as Level;
  if (!atLeast(effective, 'read')) return { allow: false, status: 404 };
  if (!atLeast(effective, level)) return { allow: false, status: 403 };
  return { allow: true };
}
