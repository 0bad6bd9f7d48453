// Reads the control plane's settings from environment variables and an optional JSON config file
// (same keys), checks them against one TypeBox schema, and names the setting when a value is bad.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// Every setting: its env variable, its default, and what it means (`description`, plus `docDefault` where
// the default is not a plain value). docs/configuration.md's table is generated from this
// (`npm run docs:config`; a test fails when it is stale).
export const Config = Type.Object(
  {
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 7700, env: 'NULLOPS_PORT', description: 'API (and studio) port' }),
    host: Type.String({ default: '127.0.0.1', env: 'NULLOPS_HOST', description: 'listen address; `0.0.0.0` to serve other machines' }),
    dataDir: Type.String({ minLength: 1, default: './.nullops', env: 'NULLOPS_DATA_DIR', description: 'embedded database, local agent data, generated keys' }),
    databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', env: 'DATABASE_URL', description: 'external PostgreSQL; without it an embedded one runs in the data dir' })),
    databasePoolMax: Type.Integer({ minimum: 1, maximum: 1000, default: 10, env: 'NULLOPS_DB_POOL_MAX', description: 'most database connections held at once; each change holds one until it answers (see below)' }),
    encryptionKey: Type.Optional(Type.String({ env: 'NULLOPS_ENCRYPTION_KEY', docDefault: 'generated in local mode', description: '32 random bytes, base64 (`openssl rand -base64 32`)' })),
    adminUsername: Type.Optional(Type.String({ minLength: 1, env: 'NULLOPS_ADMIN_USERNAME', description: 'first admin, created on first start' })),
    adminPassword: Type.Optional(Type.String({ minLength: 8, env: 'NULLOPS_ADMIN_PASSWORD', description: "the first admin's password (at least 8 characters)" })),
    ingressToken: Type.Optional(Type.String({ minLength: 16, env: 'NULLOPS_INGRESS_TOKEN', docDefault: 'generated in local mode', description: 'shared by the control plane and its ingress proxies' })),
    ingressPort: Type.Integer({ minimum: 0, maximum: 65535, default: 7780, env: 'NULLOPS_INGRESS_PORT', description: 'builtin ingress port' }),
    registryPort: Type.Integer({ minimum: 0, maximum: 65535, default: 7800, env: 'NULLOPS_REGISTRY_PORT', description: 'plugin registry port under `nullops up`' }),
    logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info', env: 'NULLOPS_LOG_LEVEL', description: 'fatal … trace, silent' }),
    publicUrl: Type.Optional(Type.String({ pattern: '^https?://', env: 'NULLOPS_PUBLIC_URL', description: 'the URL users open; its origin is the one cookie-authenticated writes must come from (the CSRF check behind a proxy)' })),
    studioDir: Type.Optional(
      Type.String({
        minLength: 1,
        env: 'NULLOPS_STUDIO_DIR',
        docDefault: 'the built studio under `nullops up`',
        description: 'a folder of static files served at `/`; any other path outside `/api/`, `/docs`, `/healthz`, `/readyz`, `/metrics` gets its `index.html`',
      }),
    ),
    localMode: Type.Boolean({ default: false, description: 'set by `nullops up`: generate what is missing (keys, tokens) in the data directory' }),
    drivers: Type.Object(
      {
        auth: Type.String({ default: 'auth-local', env: 'NULLOPS_AUTH_DRIVER', description: 'which auth driver fills the auth port' }),
        ingress: Type.String({ default: 'ingress-builtin', env: 'NULLOPS_INGRESS_DRIVER', description: 'which ingress driver; `none` for no ingress' }),
        placement: Type.Array(Type.String(), { default: ['placement-capacity', 'placement-pressure', 'placement-labels'], env: 'NULLOPS_PLACEMENT_DRIVERS', description: 'comma-separated placement checks' }),
      },
      { default: {} },
    ),
    driverOptions: Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()), { default: {}, description: 'options per driver name, e.g. `{"placement-pressure": {"maxMemoryPercent": 80}}`' }),
    nodeOfflineGraceSeconds: Type.Number({ minimum: 0, default: 60, env: 'NULLOPS_NODE_OFFLINE_GRACE_SECONDS', description: 'how long a node may be unreachable before it counts as offline' }),
    reaperIntervalSeconds: Type.Number({ minimum: 1, default: 60, env: 'NULLOPS_REAPER_INTERVAL_SECONDS', description: 'how often expired deployments are looked for' }),
  },
  { additionalProperties: false },
);
export type Config = Static<typeof Config>;
export type ConfigInput = Partial<Omit<Config, 'drivers'>> & { drivers?: Partial<Config['drivers']> };

export class ConfigError extends Error {
  constructor(readonly setting: string, message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Builds the config from (lowest to highest precedence) defaults, the JSON file named by
 * NULLOPS_CONFIG, environment variables, and `overrides` (from CLI flags or tests).
 */
export function loadConfig(env: Env = process.env, overrides: ConfigInput = {}): Config {
  const fromFile = readConfigFile(env.NULLOPS_CONFIG);
  const fromEnv = readEnv(env);
  const merged = {
    ...fromFile,
    ...fromEnv,
    ...overrides,
    drivers: { ...(fromFile.drivers as object), ...(fromEnv.drivers as object), ...overrides.drivers },
  };
  const withDefaults = Value.Default(Config, Value.Clone(merged));
  const firstError = Value.Errors(Config, withDefaults).First();
  if (firstError) {
    const path = firstError.path.replace(/^\//, '').replace(/\//g, '.');
    const envName = envNameOf(path);
    const where = envName ? `${envName} (config key "${path}")` : `config key "${path || '(root)'}"`;
    throw new ConfigError(path, `Invalid setting ${where}: ${firstError.message}. Got ${JSON.stringify(firstError.value)}.`);
  }
  return withDefaults as Config;
}

function readConfigFile(file: string | undefined): Record<string, unknown> {
  if (!file) return {};
  const path = resolve(file);
  if (!existsSync(path)) throw new ConfigError('NULLOPS_CONFIG', `Config file ${path} (NULLOPS_CONFIG) does not exist.`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError('NULLOPS_CONFIG', `Config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function readEnv(env: Env): Record<string, unknown> {
  const out: Record<string, unknown> = { drivers: {} };
  const visit = (schema: Record<string, unknown>, target: Record<string, unknown>) => {
    for (const [key, property] of Object.entries(schema.properties as Record<string, Record<string, unknown>>)) {
      if (property.type === 'object' && property.properties) {
        target[key] = target[key] ?? {};
        visit(property, target[key] as Record<string, unknown>);
        continue;
      }
      const name = property.env as string | undefined;
      const raw = name ? env[name] : undefined;
      if (raw === undefined || raw === '') continue;
      target[key] = coerce(raw, property);
    }
  };
  visit(Config as unknown as Record<string, unknown>, out);
  return out;
}

function coerce(raw: string, property: Record<string, unknown>): unknown {
  if (property.type === 'integer' || property.type === 'number') return /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
  if (property.type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (property.type === 'array') return raw.split(',').map((s) => s.trim()).filter(Boolean);
  return raw;
}

function envNameOf(path: string): string | undefined {
  let node = Config as unknown as Record<string, unknown>;
  for (const part of path.split('.')) {
    const next = (node.properties as Record<string, Record<string, unknown>> | undefined)?.[part];
    if (!next) return undefined;
    node = next;
  }
  return node.env as string | undefined;
}
