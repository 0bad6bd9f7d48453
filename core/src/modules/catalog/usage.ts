// Who uses a catalog entry, for 409 IN_USE: services used by the latest pipeline version of a project
// (what the next deployment renders), plugin versions pinned by any saved pipeline version (a running
// deployment of an older version still needs its plugin to roll back), registries used by services and
// plugins.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DeletionGuard } from '../deletion-guards.js';
import { CatalogService, PluginVersion } from './entities.js';

export const serviceUsers: DeletionGuard = {
  what: 'pipelines',
  async usersOf(em: EntityManager, serviceName: string) {
    const rows = await em.getConnection().execute<{ project: string; version: number }[]>(
      `select p."name" as project, pv."version" from "pipeline_version" pv join "project" p on p."id" = pv."project_id"
       where pv."version" = (select max(x."version") from "pipeline_version" x where x."project_id" = pv."project_id")
         and exists (select 1 from jsonb_array_elements(pv."definition"->'steps') s where s->>'kind' in ('service', 'job') and s->>'service' = ?)
       order by p."name"`,
      [serviceName],
    );
    return rows.map((r) => `${r.project} (pipeline v${r.version})`);
  },
};

/** Users of one plugin version, or of every version when `version` is undefined. */
export function pluginUsers(version?: string): DeletionGuard {
  return {
    what: 'pipelines',
    async usersOf(em: EntityManager, name: string) {
      const rows = await em.getConnection().execute<{ project: string; version: number; plugin_version: string }[]>(
        `select p."name" as project, pv."version", e.value->>'version' as plugin_version
         from "pipeline_version" pv join "project" p on p."id" = pv."project_id", jsonb_each(pv."resolved"->'plugins') e
         where e.value->>'name' = ? and (?::text is null or e.value->>'version' = ?)
         order by p."name", pv."version"`,
        [name, version ?? null, version ?? null],
      );
      return [...new Set(rows.map((r) => `${r.project} (pipeline v${r.version}${version ? '' : ` uses ${r.plugin_version}`})`))];
    },
  };
}

export const registryUsers: DeletionGuard[] = [
  {
    what: 'services',
    async usersOf(em, registryId) {
      return (await em.find(CatalogService, { registryId }, { fields: ['name'], orderBy: { name: 'asc' } })).map((s) => s.name);
    },
  },
  {
    what: 'plugins',
    async usersOf(em, registryId) {
      return (await em.find(PluginVersion, { registryId }, { fields: ['name', 'version'], orderBy: { name: 'asc', version: 'asc' } })).map((p) => `${p.name}@${p.version}`);
    },
  },
];
