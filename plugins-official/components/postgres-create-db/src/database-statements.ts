// The SQL that creates and drops a database and its role: pure, identifiers and the password quoted the
// way PostgreSQL requires (CREATE ROLE … PASSWORD takes no bind parameters).
import pg from 'pg';

const ident = (name: string) => pg.escapeIdentifier(name);
const literal = (text: string) => pg.escapeLiteral(text);

export function roleStatement(exists: boolean, role: string, password: string): string {
  return `${exists ? 'ALTER' : 'CREATE'} ROLE ${ident(role)} WITH LOGIN PASSWORD ${literal(password)}`;
}

export function createDatabaseStatement(database: string, owner: string): string {
  return `CREATE DATABASE ${ident(database)} OWNER ${ident(owner)}`;
}

/** Only the owner (and superusers) may connect: deployments sharing a server do not see each other's data. */
export function ownershipStatements(database: string, owner: string): string[] {
  return [`ALTER DATABASE ${ident(database)} OWNER TO ${ident(owner)}`, `REVOKE ALL ON DATABASE ${ident(database)} FROM PUBLIC`];
}

export function dropStatements(database: string, role: string, serverVersion: number): string[] {
  // WITH (FORCE) (PostgreSQL 13+) ends the sessions still connected, which would otherwise block the drop.
  return [`DROP DATABASE IF EXISTS ${ident(database)}${serverVersion >= 130000 ? ' WITH (FORCE)' : ''}`, `DROP ROLE IF EXISTS ${ident(role)}`];
}

export function connectionUrl(parts: { host: string; port: number; database: string; username: string; password: string }): string {
  return `postgres://${encodeURIComponent(parts.username)}:${encodeURIComponent(parts.password)}@${parts.host}:${parts.port}/${encodeURIComponent(parts.database)}`;
}

/** The port of a service to connect to: the named one, its only one, or the one with a PostgreSQL-like name. */
export function pickPort(ports: Record<string, number>, wanted: string | undefined): { port: number } | { error: string } {
  const names = Object.keys(ports);
  if (wanted !== undefined) return wanted in ports ? { port: ports[wanted] } : { error: `has no port named "${wanted}" (it has: ${names.join(', ') || 'none'})` };
  if (names.length === 1) return { port: ports[names[0]] };
  const named = names.find((n) => ['postgres', 'postgresql', 'pg'].includes(n));
  if (named) return { port: ports[named] };
  return { error: `has ${names.length ? `several ports (${names.join(', ')})` : 'no ports'}: name the PostgreSQL one in the "port" param` };
}
