// How identity rows read in API responses; password hashes and token digests never leave this module.
import type { ApiToken, Team, User } from './entities.js';

export function userView(user: User) {
  return { id: user.id, username: user.username, role: user.role, disabled: user.disabled, external: user.external, createdAt: user.createdAt.toISOString() };
}

export function tokenView(token: ApiToken) {
  return { id: token.id, name: token.name, createdAt: token.createdAt.toISOString(), lastUsedAt: token.lastUsedAt?.toISOString() ?? null };
}

export function teamView(team: Team) {
  return { id: team.id, name: team.name, createdAt: team.createdAt.toISOString() };
}
