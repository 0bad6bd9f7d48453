// The manifest of nullops/keycloak-user; `npm run generate` writes it to nullops-plugin.json.
import { Type } from '@nullops/sdk';
import { officialManifest } from '../../src/official-manifest.js';
import { paramsSchema } from '../../src/params-schema.js';

export const input = paramsSchema(
  Type.Object(
    {
      url: Type.String({ title: 'Keycloak URL', description: "Keycloak's base URL (with `/auth` for Keycloak 16 and older), e.g. `${{ services.keycloak.url }}`.", format: 'uri', pattern: '^https?://', examples: ['http://keycloak:8080'] }),
      realm: Type.String({ title: 'Realm', description: 'The realm the user is created in.', minLength: 1, examples: ['shop'] }),
      adminRealm: Type.String({ title: 'Admin realm', description: 'The realm the admin signs in to.', default: 'master', minLength: 1 }),
      adminClientId: Type.String({ title: 'Admin client', description: 'The client the admin signs in through (password grant).', default: 'admin-cli', minLength: 1 }),
      adminUsername: Type.String({ title: 'Admin user', description: 'A user allowed to manage users and role mappings of the realm.', minLength: 1, examples: ['admin'] }),
      adminPassword: Type.String({ title: 'Admin password', description: "The admin's password; pick a secret.", writeOnly: true }),
      username: Type.String({ title: 'Username', minLength: 1, examples: ['qa-buyer'] }),
      password: Type.String({ title: 'Password', description: "The user's password; pick a secret.", writeOnly: true, minLength: 1 }),
      temporaryPassword: Type.Boolean({ title: 'Temporary password', description: 'Ask the user to change it at first sign-in.', default: false }),
      email: Type.Optional(Type.String({ title: 'Email', format: 'email' })),
      firstName: Type.Optional(Type.String({ title: 'First name' })),
      lastName: Type.Optional(Type.String({ title: 'Last name' })),
      emailVerified: Type.Boolean({ title: 'Email verified', default: true }),
      realmRoles: Type.Array(Type.String({ minLength: 1 }), { title: 'Realm roles', description: 'Realm roles granted to the user (each must exist in the realm).', default: [], uniqueItems: true, examples: [['buyer', 'beta-tester']] }),
    },
    { additionalProperties: false },
  ),
);

export const output = Type.Object(
  {
    userId: Type.String({ title: 'User id' }),
    username: Type.String({ title: 'Username' }),
    created: Type.Boolean({ title: 'Created', description: 'False when the user existed already (it was updated); rollback deletes only a user this step created.' }),
  },
  { additionalProperties: false },
);

export const manifest = officialManifest({
  id: 'keycloak-user',
  version: '1.0.0',
  title: 'Keycloak user',
  description: "Creates (or updates) a Keycloak user with a password and realm roles through Keycloak's admin REST API. Rollback deletes the user if this step created it.",
  category: 'identity',
  keywords: ['keycloak', 'user', 'oidc', 'sso', 'identity'],
  input,
  output,
  secrets: ['adminPassword', 'password'],
  timeoutSeconds: 120,
  actions: ['run', 'rollback'],
});
