// Loads the drivers named in config — each a package whose default export is a Fastify plugin that
// fills a port (`app.auth`, `app.ingress`, `app.placement`). Core never names a concrete driver.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Config } from './config.js';

export class DriverError extends Error {}

/** `auth-local` → `@nullops/driver-auth-local`; a scoped package name or a path is used as given. */
export function driverModule(name: string): string {
  if (name.startsWith('@') || name.startsWith('.') || name.startsWith('/')) return name;
  return `@nullops/driver-${name}`;
}

export async function loadDriver(app: FastifyInstance, port: string, name: string, config: Config): Promise<void> {
  const specifier = driverModule(name);
  let plugin: FastifyPluginAsync<Record<string, unknown>>;
  try {
    // The one computed specifier: drivers are named in config (see eslint.config.mjs).
    // eslint-disable-next-line no-restricted-syntax
    const module = await import(specifier);
    plugin = module.default;
  } catch (error) {
    // Checked by message as well as code: module loaders (test runners, bundlers) may rethrow without the code.
    const message = String((error as Error).message);
    const missing = ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' || /Cannot find (package|module)/.test(message)) && message.includes(`'${specifier}'`);
    throw new DriverError(
      missing
        ? `The ${port} driver "${name}" is unknown: package ${specifier} is not installed. Check the ${port} driver setting, or install the package.`
        : `The ${port} driver "${name}" (${specifier}) failed to load: ${(error as Error).message}`,
    );
  }
  if (typeof plugin !== 'function') throw new DriverError(`The ${port} driver "${name}" (${specifier}) does not export a Fastify plugin as its default export.`);
  try {
    await app.register(plugin, { ...(config.driverOptions[name] ?? {}), nullops: config });
  } catch (error) {
    throw new DriverError(`The ${port} driver "${name}" failed to start: ${(error as Error).message}`);
  }
}
