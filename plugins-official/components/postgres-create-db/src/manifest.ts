// The manifest of nullops/postgres-create-db; `npm run generate` writes it to nullops-plugin.json.
import { Type } from '@nullops/sdk';
import { officialManifest } from '../../src/official-manifest.js';
import { paramsSchema } from '../../src/params-schema.js';

const Identifier = (title: string, description: string, example: string) =>
  Type.String({ title, description, pattern: '^[a-z_][a-z0-9_]{0,62}$', examples: [example] });

export const input = paramsSchema(
  Type.Object(
    {
      service: Type.String({ title: 'PostgreSQL service', description: 'Id of the pipeline step that runs the PostgreSQL service this database is created in.', minLength: 1, examples: ['db'] }),
      port: Type.Optional(Type.String({ title: 'Port name', description: "Name of the service's PostgreSQL port. Default: its only port, or the one named `postgres`, `postgresql` or `pg`.", minLength: 1, examples: ['postgres'] })),
      adminUser: Type.String({ title: 'Admin user', description: 'A superuser (or a role with CREATEDB and CREATEROLE) of the server.', default: 'postgres', minLength: 1 }),
      adminPassword: Type.String({ title: 'Admin password', description: "The admin user's password; pick a secret.", writeOnly: true }),
      adminDatabase: Type.String({ title: 'Admin database', description: 'The database the admin user connects to.', default: 'postgres', minLength: 1 }),
      database: Identifier('Database', 'Name of the database to create (lower-case letters, digits, underscores).', 'shop'),
      username: Type.Optional(Identifier('Role', 'Name of the login role that owns the database. Default: the database name.', 'shop_app')),
      password: Type.Optional(Type.String({ title: 'Role password', description: "The role's password. Default: a random one, set anew on every run and given in the `url` output.", writeOnly: true, minLength: 8 })),
      waitSeconds: Type.Integer({ title: 'Wait for the server', description: 'How long to wait for the server to accept connections, in seconds.', default: 60, minimum: 0, maximum: 3600 }),
    },
    { additionalProperties: false },
  ),
);

export const output = Type.Object(
  {
    url: Type.String({ title: 'Connection URL', description: '`postgres://role:password@host:port/database`, reachable from the jobs and services of the deployment.', writeOnly: true }),
    host: Type.String({ title: 'Host', description: 'Host name of the service inside the deployment network.' }),
    port: Type.Integer({ title: 'Port' }),
    database: Type.String({ title: 'Database' }),
    username: Type.String({ title: 'Role' }),
    password: Type.String({ title: 'Role password', writeOnly: true }),
    created: Type.Boolean({ title: 'Created', description: 'False when the database already existed (a repeated run).' }),
  },
  { additionalProperties: false },
);

export const manifest = officialManifest({
  id: 'postgres-create-db',
  version: '1.0.0',
  title: 'PostgreSQL database',
  description: "Creates a database and its owning login role inside a PostgreSQL service of the deployment, and returns the connection URL. Idempotent; rollback drops both.",
  category: 'database',
  keywords: ['postgres', 'postgresql', 'database', 'role'],
  input,
  output,
  secrets: ['adminPassword', 'password'],
  timeoutSeconds: 120,
  actions: ['run', 'rollback'],
});
