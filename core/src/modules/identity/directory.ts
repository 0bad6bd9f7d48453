// The IdentityDirectory port (contracts) over PostgreSQL: what auth drivers ask to check passwords,
// sessions and API tokens, and to admit users authenticated elsewhere. Each answer reads current rows.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../../db/database.js';
import type { AuthRejection, ExternalUser, IdentityDirectory, IdentityUser, Principal } from '../../contracts/ports.js';
import { ApiToken, Session, TeamMember, User } from './entities.js';
import { decoyHash, verifyPassword } from './passwords.js';
import { digest, newSessionSecret } from './secrets.js';
import { createUser, findUserByName, identityOf, normalizeUsername } from './users.js';

export const SESSION_LIFETIME_MS = 7 * 24 * 3600_000;
/** last_used_at is written at most this often per token, so a busy CI token does not write on every call. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function createIdentityDirectory(orm: Orm): IdentityDirectory {
  const em = () => orm.em.fork() as EntityManager;

  return {
    async verifyPassword(username, password): Promise<IdentityUser | null> {
      const db = em();
      const user = await findUserByName(db, username);
      const usable = user && user.passwordHash && !user.disabled;
      // The same scrypt work whether or not the user exists, so timing tells nothing.
      const matches = await verifyPassword(password, usable ? user.passwordHash! : await decoyHash());
      return usable && matches ? identityOf(db, user) : null;
    },

    async startSession(userId) {
      const secret = newSessionSecret();
      const db = em();
      const session = db.create(Session, { userId, secretHash: digest(secret), expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS) });
      await db.flush();
      return { sessionId: session.id, secret, expiresAt: session.expiresAt.toISOString() };
    },

    async verifySession(secret): Promise<Principal | null> {
      const db = em();
      const session = await db.findOne(Session, { secretHash: digest(secret) });
      if (!session) return null;
      if (session.expiresAt.getTime() <= Date.now()) {
        await db.nativeDelete(Session, { id: session.id });
        return null;
      }
      const user = await db.findOne(User, { id: session.userId });
      if (!user || user.disabled) return null;
      return { ...(await identityOf(db, user)), via: 'session', sessionId: session.id };
    },

    async endSession(sessionId) {
      await em().nativeDelete(Session, { id: sessionId });
    },

    async verifyApiToken(token): Promise<Principal | AuthRejection | null> {
      const db = em();
      const row = await db.findOne(ApiToken, { tokenHash: digest(token) });
      if (!row) return null;
      if (row.revokedAt) return { rejected: 'TOKEN_REVOKED', message: 'This API token was revoked. Create a new one under /me/tokens.' };
      const user = await db.findOne(User, { id: row.userId });
      if (!user || user.disabled) return null;
      const now = new Date();
      if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
        await db.nativeUpdate(ApiToken, { id: row.id }, { lastUsedAt: now });
      }
      return { ...(await identityOf(db, user)), via: 'token', tokenId: row.id };
    },

    async ensureExternalUser(external: ExternalUser): Promise<Principal | null> {
      const db = em();
      const username = normalizeUsername(external.username);
      let user = await findUserByName(db, username);
      if (!user) {
        try {
          user = await createUser(db, { username, role: external.role ?? 'user', external: true });
        } catch {
          // Another request created the same user a moment ago.
          user = await findUserByName(em(), username);
          if (!user) return null;
        }
      }
      if (user.disabled) return null;
      if (external.role && external.role !== user.role) await db.nativeUpdate(User, { id: user.id }, { role: (user.role = external.role) });
      if (external.teamNames) await syncMemberships(db, user.id, external.teamNames);
      return { ...(await identityOf(db, user)), via: 'proxy' };
    },
  };
}

/** Makes the user's memberships exactly the named teams, creating teams the first time a name is seen. */
async function syncMemberships(db: EntityManager, userId: string, teamNames: string[]): Promise<void> {
  const wanted = [...new Set(teamNames.map((n) => n.trim()).filter(Boolean))];
  const teamIds: string[] = [];
  for (const name of wanted) {
    const rows = await db.getConnection().execute<{ id: string }[]>(
      `insert into "team" ("id", "name") values (gen_random_uuid(), ?) on conflict (lower("name")) do update set "name" = "team"."name" returning "id"`,
      [name],
    );
    teamIds.push(rows[0].id);
  }
  const current = (await db.find(TeamMember, { userId })).map((m) => m.teamId);
  const toRemove = current.filter((id) => !teamIds.includes(id));
  const toAdd = teamIds.filter((id) => !current.includes(id));
  if (toRemove.length) await db.nativeDelete(TeamMember, { userId, teamId: { $in: toRemove } });
  for (const teamId of toAdd) {
    await db.getConnection().execute(`insert into "team_member" ("team_id", "user_id") values (?, ?) on conflict do nothing`, [teamId, userId]);
  }
}

