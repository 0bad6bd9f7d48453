// Grants of teams on projects and environments (admin): list, set (`full` / `read`) and remove. The
// same three routes exist under /projects/:id and /environments/:id.
import type { FastifyPluginAsync } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Type, type Static } from '@sinclair/typebox';
import { notFound } from '../../kernel/errors.js';
import { ListOf, Paging, page } from '../list-shape.js';
import { Grant, Team } from './entities.js';
import { GrantBody, GrantParams, GrantView, IdParams } from './schemas.js';

const KINDS = [
  { kind: 'project', path: 'projects', column: 'projectId', label: 'The project' },
  { kind: 'environment', path: 'environments', column: 'environmentId', label: 'The environment' },
] as const;

export const grantsRoutes: FastifyPluginAsync = async (app) => {
  for (const { kind, path, column, label } of KINDS) {
    const tags = [path];
    const mustExist = async (em: EntityManager, id: string) => {
      if (!(await app.accessTargets.find(em, kind, id))) throw notFound(label);
    };

    app.get<{ Params: Static<typeof IdParams>; Querystring: Paging }>(
      `/${path}/:id/grants`,
      { config: { access: 'admin' }, schema: { tags, summary: `Teams with access to the ${kind}`, params: IdParams, querystring: Paging, response: { 200: ListOf(GrantView) } } },
      async (request) => {
        await mustExist(request.em, request.params.id);
        const grants = await request.em.find(Grant, { [column]: request.params.id });
        const teams = grants.length ? await request.em.find(Team, { id: { $in: grants.map((g) => g.teamId) } }) : [];
        const items = teams
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((team) => ({ teamId: team.id, team: { id: team.id, name: team.name }, access: grants.find((g) => g.teamId === team.id)!.access }));
        return page(items, request.query);
      },
    );

    app.put<{ Params: Static<typeof GrantParams>; Body: Static<typeof GrantBody> }>(
      `/${path}/:id/grants/:teamId`,
      { config: { access: 'admin', audit: `${path}.grants.set` }, schema: { tags, summary: `Give a team read or full access to the ${kind}`, params: GrantParams, body: GrantBody, response: { 200: GrantView } } },
      async (request) => {
        const { id, teamId } = request.params;
        await mustExist(request.em, id);
        const team = await request.em.findOne(Team, { id: teamId });
        if (!team) throw notFound('The team');
        await request.em.getConnection().execute(
          `insert into "access_grant" ("id", "team_id", "${kind}_id", "access") values (gen_random_uuid(), ?, ?, ?)
           on conflict ("team_id", "${kind}_id") where "${kind}_id" is not null do update set "access" = excluded."access"`,
          [teamId, id, request.body.access],
          'run',
          request.em.getTransactionContext(),
        );
        return { teamId, team: { id: team.id, name: team.name }, access: request.body.access };
      },
    );

    app.delete<{ Params: Static<typeof GrantParams> }>(
      `/${path}/:id/grants/:teamId`,
      { config: { access: 'admin', audit: `${path}.grants.remove` }, schema: { tags, summary: `Take the team's access to the ${kind} away`, params: GrantParams, response: { 204: Type.Null() } } },
      async (request, reply) => {
        await mustExist(request.em, request.params.id);
        const removed = await request.em.nativeDelete(Grant, { [column]: request.params.id, teamId: request.params.teamId });
        if (removed === 0) throw notFound('The grant');
        return reply.status(204).send();
      },
    );
  }
};
