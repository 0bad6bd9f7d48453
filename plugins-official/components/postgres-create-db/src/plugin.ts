// nullops/postgres-create-db: a database and its owning role inside a PostgreSQL service of the
// deployment. Run twice, it ends in the same state (the role's password set anew); rollback drops both.
import { randomBytes } from 'node:crypto';
import { PluginError, type PluginContext, type PluginDefinition, type PluginLog, type Static } from '@nullops/sdk';
import type pg from 'pg';
import { connectWhenReady } from '../../src/postgres/connect.js';
import { connectionUrl, createDatabaseStatement, dropStatements, ownershipStatements, pickPort, roleStatement } from './database-statements.js';
import { manifest, type input, type output } from './manifest.js';

type Params = Static<typeof input>;

function serverOf(params: Params, context: PluginContext): { host: string; port: number } {
  const service = context.services[params.service];
  if (!service) {
    const known = Object.keys(context.services);
    throw new PluginError('SERVICE_NOT_FOUND', `the deployment has no service step "${params.service}" (services: ${known.join(', ') || 'none'}); set "service" to the id of the PostgreSQL step and add an edge from it to this step`, 2);
  }
  const picked = pickPort(service.ports, params.port);
  if ('error' in picked) throw new PluginError('SERVICE_PORT_UNKNOWN', `service "${params.service}" ${picked.error}`, 2);
  return { host: service.host, port: picked.port };
}

async function adminClient(params: Params, context: PluginContext, log: PluginLog): Promise<{ client: pg.Client; host: string; port: number }> {
  const { host, port } = serverOf(params, context);
  const client = await connectWhenReady(
    { host, port, user: params.adminUser, password: params.adminPassword, database: params.adminDatabase },
    { what: `PostgreSQL at ${host}:${port} (service "${params.service}")`, waitSeconds: params.waitSeconds, signal: context.signal, onWait: (m) => log.info(m) },
  );
  return { client, host, port };
}

export const postgresCreateDb: PluginDefinition<typeof input, typeof output> = {
  manifest,
  async run(params, context, log) {
    const username = params.username ?? params.database;
    const password = params.password ?? randomBytes(18).toString('base64url');
    const { client, host, port } = await adminClient(params, context, log);
    try {
      const role = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [username]);
      await client.query(roleStatement(role.rowCount === 1, username, password));
      log.info(`role "${username}" ${role.rowCount === 1 ? 'existed; its password is set anew' : 'created'}`);
      const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [params.database]);
      const created = existing.rowCount === 0;
      if (created) {
        try {
          await client.query(createDatabaseStatement(params.database, username));
        } catch (error) {
          // 42P04 duplicate_database: a concurrent run created it first; the end state is the same.
          if ((error as { code?: string }).code !== '42P04') throw error;
        }
      }
      for (const statement of ownershipStatements(params.database, username)) await client.query(statement);
      log.info(`database "${params.database}" ${created ? 'created' : 'existed'}, owned by "${username}"`);
      return { url: connectionUrl({ host, port, database: params.database, username, password }), host, port, database: params.database, username, password, created };
    } catch (error) {
      if (error instanceof PluginError) throw error;
      throw new PluginError('DB_CREATE_FAILED', `could not create database "${params.database}" with role "${username}": ${(error as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  },
  async rollback(params, outputs, context, log) {
    const database = outputs.database ?? params.database;
    const username = outputs.username ?? params.username ?? params.database;
    const { client } = await adminClient({ ...params, waitSeconds: Math.min(params.waitSeconds, 10) }, context, log);
    try {
      const version = Number((await client.query('SHOW server_version_num')).rows[0].server_version_num);
      for (const statement of dropStatements(database, username, version)) await client.query(statement);
      log.info(`dropped database "${database}" and role "${username}"`);
    } catch (error) {
      throw new PluginError('DB_DROP_FAILED', `could not drop database "${database}" and role "${username}": ${(error as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  },
};
