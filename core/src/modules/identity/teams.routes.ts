// Teams and memberships. Admins manage them; any signed-in user may list the teams they belong to.
import type { FastifyPluginAsync } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Type, type Static } from '@sinclair/typebox';
import { notFound } from '../../kernel/errors.js';
import { ListOf, Paging } from '../list-shape.js';
import { signedIn } from './auth.routes.js';
import { Team, TeamMember, User } from './entities.js';
import { AddMember, IdParams, MemberParams, TeamBody, TeamDetail, TeamView } from './schemas.js';
import { teamView } from './views.js';
import { flushUnlessTaken } from '../unique-names.js';

async function findTeam(em: EntityManager, id: string): Promise<Team> {
  const team = await em.findOne(Team, { id });
  if (!team) throw notFound('The team');
  return team;
}

const saveTeam = (em: EntityManager, team: Team) => flushUnlessTaken(em, `A team named "${team.name}" already exists.`);

export const teamsRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['teams'];

  app.get<{ Querystring: Paging }>('/teams', { config: { access: 'user' }, schema: { tags, summary: 'All teams (admins) or your own teams', querystring: Paging, response: { 200: ListOf(TeamView) } } }, async (request) => {
    const principal = signedIn(request);
    const where = principal.role === 'admin' ? {} : { id: { $in: principal.teamIds } };
    const [rows, total] = await request.em.findAndCount(Team, where, { orderBy: { name: 'asc' }, limit: request.query.limit, offset: request.query.offset });
    return { items: rows.map(teamView), total };
  });

  app.post<{ Body: Static<typeof TeamBody> }>('/teams', { config: { access: 'admin' }, schema: { tags, summary: 'Create a team', body: TeamBody, response: { 201: TeamView } } }, async (request, reply) => {
    const team = request.em.create(Team, { name: request.body.name.trim() });
    await saveTeam(request.em, team);
    request.auditTarget = { type: 'team', id: team.id };
    return reply.status(201).send(teamView(team));
  });

  app.get<{ Params: Static<typeof IdParams> }>('/teams/:id', { config: { access: 'admin' }, schema: { tags, summary: 'A team and its members', params: IdParams, response: { 200: TeamDetail } } }, async (request) => {
    const team = await findTeam(request.em, request.params.id);
    const memberships = await request.em.find(TeamMember, { teamId: team.id });
    const users = memberships.length ? await request.em.find(User, { id: { $in: memberships.map((m) => m.userId) } }, { orderBy: { username: 'asc' } }) : [];
    return { ...teamView(team), members: users.map((u) => ({ id: u.id, username: u.username })) };
  });

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof TeamBody> }>(
    '/teams/:id',
    { config: { access: 'admin' }, schema: { tags, summary: 'Rename a team', params: IdParams, body: TeamBody, response: { 200: TeamView } } },
    async (request) => {
      const team = await findTeam(request.em, request.params.id);
      team.name = request.body.name.trim();
      await saveTeam(request.em, team);
      return teamView(team);
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>('/teams/:id', { config: { access: 'admin' }, schema: { tags, summary: 'Delete a team (its grants go with it)', params: IdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    const team = await findTeam(request.em, request.params.id);
    await request.em.nativeDelete(Team, { id: team.id });
    return reply.status(204).send();
  });

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof AddMember> }>(
    '/teams/:id/members',
    { config: { access: 'admin', audit: 'teams.members.add' }, schema: { tags, summary: 'Add a user to the team', params: IdParams, body: AddMember, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const team = await findTeam(request.em, request.params.id);
      if (!(await request.em.findOne(User, { id: request.body.userId }))) throw notFound('The user');
      await request.em.getConnection().execute(`insert into "team_member" ("team_id", "user_id") values (?, ?) on conflict do nothing`, [team.id, request.body.userId], 'run', request.em.getTransactionContext());
      return reply.status(204).send();
    },
  );

  app.delete<{ Params: Static<typeof MemberParams> }>(
    '/teams/:id/members/:userId',
    { config: { access: 'admin', audit: 'teams.members.remove' }, schema: { tags, summary: 'Remove a user from the team', params: MemberParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const team = await findTeam(request.em, request.params.id);
      const removed = await request.em.nativeDelete(TeamMember, { teamId: team.id, userId: request.params.userId });
      if (removed === 0) throw notFound('The membership');
      return reply.status(204).send();
    },
  );
};
