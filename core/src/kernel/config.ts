// Reads the control plane's settings from environment variables and an optional JSON config file
// (same keys), checks them against one TypeBox schema, and names the setting when a value is bad.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const Config = Type.Object(
  {
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 7700, env: 'NULLOPS_PORT' }),
    host: Type.String({ default: '127.0.0.1', env: 'NULLOPS_HOST' }),
    dataDir: Type.String({ minLength: 1, default: './.nullops', env: 'NULLOPS_DATA_DIR' }),
    databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', env: 'DATABASE_URL' })),
    encryptionKey: Type.Optional(Type.String({ env: 'NULLOPS_ENCRYPTION_KEY' })),
    adminUsername: Type.Optional(Type.String({ minLength: 1, env: 'NULLOPS_ADMIN_USERNAME' })),
    adminPassword: Type.Optional(Type.String({ minLength: 8, env: 'NULLOPS_ADMIN_PASSWORD' })),
    ingressToken: Type.Optional(Type.String({ minLength: 16, env: 'NULLOPS_INGRESS_TOKEN' })),
    ingressPort: Type.Integer({ minimum: 0, maximum: 65535, default: 7780, env: 'NULLOPS_INGRESS_PORT' }),
    registryPort: Type.Integer({ minimum: 0, maximum: 65535, default: 7800, env: 'NULLOPS_REGISTRY_PORT' }),
    logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info', env: 'NULLOPS_LOG_LEVEL' }),
    publicUrl: Type.Optional(Type.String({ pattern: '^https?://', env: 'NULLOPS_PUBLIC_URL', description: 'the URL users open; its origin is the one cookie-authenticated writes must come from' })),
    studioDir: Type.Optional(Type.String({ minLength: 1, env: 'NULLOPS_STUDIO_DIR', description: 'a folder of static files (the built studio) served at /; other paths outside /api get its index.html' })),
    localMode: Type.Boolean({ default: false, description: 'set by `nullops up`: generate what is missing (keys, tokens) in the data directory' }),
    drivers: Type.Object(
      {
        auth: Type.String({ default: 'auth-local', env: 'NULLOPS_AUTH_DRIVER' }),
        ingress: Type.String({ default: 'ingress-builtin', env: 'NULLOPS_INGRESS_DRIVER' }),
        placement: Type.Array(Type.String(), { default: ['placement-capacity', 'placement-pressure', 'placement-labels'], env: 'NULLOPS_PLACEMENT_DRIVERS' }),
      },
      { default: {} },
    ),
    driverOptions: Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()), { default: {}, description: 'options per driver name' }),
    nodeOfflineGraceSeconds: Type.Number({ minimum: 0, default: 60, env: 'NULLOPS_NODE_OFFLINE_GRACE_SECONDS' }),
    reaperIntervalSeconds: Type.Number({ minimum: 1, default: 60, env: 'NULLOPS_REAPER_INTERVAL_SECONDS' }),
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
