// Admin management of local users: list, create, read, change (password, role, disabled) and delete.
// Disabling a user or changing their password ends their sessions at once.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { notFound } from '../../kernel/errors.js';
import { ListOf, Paging } from '../list-shape.js';
import { User } from './entities.js';
import { hashPassword } from './passwords.js';
import { CreateUser, IdParams, UpdateUser, UserView } from './schemas.js';
import { createUser, endSessionsOf, keepAnAdmin } from './users.js';
import { userView } from './views.js';

export const usersRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['users'];

  app.get<{ Querystring: Paging }>('/users', { config: { access: 'admin' }, schema: { tags, summary: 'List users', querystring: Paging, response: { 200: ListOf(UserView) } } }, async (request) => {
    const [rows, total] = await request.em.findAndCount(User, {}, { orderBy: { username: 'asc' }, limit: request.query.limit, offset: request.query.offset });
    return { items: rows.map(userView), total };
  });

  app.post<{ Body: Static<typeof CreateUser> }>('/users', { config: { access: 'admin' }, schema: { tags, summary: 'Create a local user', body: CreateUser, response: { 201: UserView } } }, async (request, reply) => {
    const user = await createUser(request.em, request.body);
    request.auditTarget = { type: 'user', id: user.id };
    return reply.status(201).send(userView(user));
  });

  app.get<{ Params: Static<typeof IdParams> }>('/users/:id', { config: { access: 'admin' }, schema: { tags, summary: 'Read a user', params: IdParams, response: { 200: UserView } } }, async (request) => {
    const user = await request.em.findOne(User, { id: request.params.id });
    if (!user) throw notFound('The user');
    return userView(user);
  });

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateUser> }>(
    '/users/:id',
    { config: { access: 'admin' }, schema: { tags, summary: 'Change password, role or disabled', params: IdParams, body: UpdateUser, response: { 200: UserView } } },
    async (request) => {
      const user = await request.em.findOne(User, { id: request.params.id });
      if (!user) throw notFound('The user');
      const { password, role, disabled } = request.body;
      await keepAnAdmin(request.em, user, { role, disabled });
      if (password !== undefined) user.passwordHash = await hashPassword(password);
      if (role !== undefined) user.role = role;
      if (disabled !== undefined) user.disabled = disabled;
      await request.em.flush();
      if (password !== undefined || disabled === true) await endSessionsOf(request.em, user.id);
      return userView(user);
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>('/users/:id', { config: { access: 'admin' }, schema: { tags, summary: 'Delete a user', params: IdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    const user = await request.em.findOne(User, { id: request.params.id });
    if (!user) throw notFound('The user');
    await keepAnAdmin(request.em, user, { deleted: true });
    await request.em.nativeDelete(User, { id: user.id });
    return reply.status(204).send();
  });
};
