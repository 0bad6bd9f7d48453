// Users as the routes, the CLI and the identity directory change them: creation with a hashed
// password, the first admin, and the guard that keeps at least one enabled admin.
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiError } from '../../kernel/errors.js';
import { hashPassword } from './passwords.js';
import { Session, TeamMember, User } from './entities.js';
import type { IdentityUser } from '../../contracts/ports.js';
import { flushUnlessTaken } from '../unique-names.js';

/** Usernames are case-insensitive: stored and looked up lower-cased. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

export async function findUserByName(em: EntityManager, username: string): Promise<User | null> {
  return em.findOne(User, { username: normalizeUsername(username) });
}

export async function createUser(em: EntityManager, input: { username: string; password?: string; role: User['role']; external?: boolean }): Promise<User> {
  const user = em.create(User, {
    username: normalizeUsername(input.username),
    passwordHash: input.password === undefined ? null : await hashPassword(input.password),
    role: input.role,
    disabled: false,
    external: input.external ?? false,
  });
  await flushUnlessTaken(em, `A user named "${user.username}" already exists.`);
  return user;
}

export async function adminExists(em: EntityManager): Promise<boolean> {
  return (await em.count(User, { role: 'admin', disabled: false })) > 0;
}

/** Refuses a change that would leave no enabled admin (nobody could administer NullOps any more). */
export async function keepAnAdmin(em: EntityManager, user: User, change: { role?: User['role']; disabled?: boolean; deleted?: boolean }): Promise<void> {
  const stillAdmin = !change.deleted && (change.role ?? user.role) === 'admin' && !(change.disabled ?? user.disabled);
  if (user.role !== 'admin' || user.disabled || stillAdmin) return;
  const others = await em.count(User, { role: 'admin', disabled: false, id: { $ne: user.id } });
  if (others === 0) throw new ApiError('INVALID_STATE', `"${user.username}" is the last enabled admin; make another user admin first.`);
}

/** Ends every session of the user at once (disable, password change, delete). */
export async function endSessionsOf(em: EntityManager, userId: string): Promise<void> {
  await em.nativeDelete(Session, { userId });
}

export async function teamIdsOf(em: EntityManager, userId: string): Promise<string[]> {
  const rows = await em.find(TeamMember, { userId });
  return rows.map((row) => row.teamId);
}

export async function identityOf(em: EntityManager, user: User): Promise<IdentityUser> {
  return { userId: user.id, username: user.username, role: user.role, teamIds: await teamIdsOf(em, user.id) };
}
