// The registry's settings, from environment variables with core's conventions, checked against one
// TypeBox schema; a bad value names its variable.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export const RegistryConfig = Type.Object(
  {
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 7800, env: 'NULLOPS_REGISTRY_PORT' }),
    host: Type.String({ default: '127.0.0.1', env: 'NULLOPS_REGISTRY_HOST' }),
    dataDir: Type.String({ minLength: 1, default: './.nullops', env: 'NULLOPS_DATA_DIR' }),
    databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', env: 'DATABASE_URL' })),
    adminToken: Type.Optional(Type.String({ minLength: 24, env: 'NULLOPS_REGISTRY_ADMIN_TOKEN', description: 'default: generated into <dataDir>/registry/admin-token' })),
    name: Type.String({ minLength: 1, default: 'NullOps plugin registry', env: 'NULLOPS_REGISTRY_NAME' }),
    logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info', env: 'NULLOPS_LOG_LEVEL' }),
    maxReadmeBytes: Type.Integer({ minimum: 1024, default: 256 * 1024, env: 'NULLOPS_REGISTRY_MAX_README_BYTES' }),
    searchCacheSeconds: Type.Number({ minimum: 0, maximum: 3600, default: 5, env: 'NULLOPS_REGISTRY_SEARCH_CACHE_SECONDS', description: 'how long a search answer is kept (0: off); past it, served once more while one search refreshes it, for at most as long again; a write through this process empties it at once' }),
    searchConcurrency: Type.Integer({ minimum: 1, maximum: 200, default: 4, env: 'NULLOPS_REGISTRY_SEARCH_CONCURRENCY', description: 'database searches run at once; more wait their turn (kept answers are served meanwhile)' }),
    databasePoolSize: Type.Integer({ minimum: 1, maximum: 200, default: 20, env: 'NULLOPS_REGISTRY_DATABASE_POOL_SIZE', description: 'database connections the registry may hold' }),
    imageCheckTimeoutMs: Type.Integer({ minimum: 100, default: 3000, env: 'NULLOPS_REGISTRY_IMAGE_CHECK_TIMEOUT_MS', description: 'how long to wait for an image’s container registry before publishing without the label check' }),
  },
  { additionalProperties: false },
);
export type RegistryConfig = Static<typeof RegistryConfig>;

export class RegistryConfigError extends Error {
  override name = 'RegistryConfigError';
}

export function loadRegistryConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<RegistryConfig> = {}): RegistryConfig {
  const fromEnv: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(RegistryConfig.properties) as [string, { env?: string; type?: string }][]) {
    const raw = property.env ? env[property.env] : undefined;
    if (raw === undefined || raw === '') continue;
    fromEnv[key] = (property.type === 'integer' || property.type === 'number') && /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
  }
  const merged = Value.Default(RegistryConfig, { ...fromEnv, ...overrides });
  const first = Value.Errors(RegistryConfig, merged).First();
  if (first) {
    const key = first.path.replace(/^\//, '');
    const envName = (RegistryConfig.properties as Record<string, { env?: string }>)[key]?.env;
    throw new RegistryConfigError(`Invalid setting ${envName ?? key}: ${first.message}. Got ${JSON.stringify(first.value)}.`);
  }
  return merged as RegistryConfig;
}
