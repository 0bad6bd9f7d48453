// A PostgreSQL connection as the official plugins open it: retried while the server is still starting
// (a service's port answers before it accepts logins), given up at the plugin's own limit or when the
// run is aborted, and failing with a message that names the server without its password.
import pg from 'pg';
import { PluginError } from '@nullops/sdk';

/** Errors that mean "not ready yet": refused or reset connections, a server starting up or shutting down. */
const TRANSIENT = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', '57P03', '08006', '08001']);

export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]*):[^@/]*@/, '$1:***@');
}

export async function connectWhenReady(
  config: pg.ClientConfig,
  options: { what: string; waitSeconds: number; signal: AbortSignal; onWait: (message: string) => void },
): Promise<pg.Client> {
  const giveUpAt = Date.now() + options.waitSeconds * 1000;
  let said = 0;
  for (;;) {
    const client = new pg.Client({ ...config, connectionTimeoutMillis: 5000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      const code = (error as { code?: string }).code ?? '';
      const message = (error as Error).message;
      if (!TRANSIENT.has(code) && !/starting up|Connection terminated/i.test(message)) {
        throw new PluginError('DB_CONNECT_FAILED', `cannot connect to ${options.what}: ${message}`);
      }
      if (options.signal.aborted || Date.now() >= giveUpAt) {
        throw new PluginError('DB_UNREACHABLE', `${options.what} did not accept connections within ${options.waitSeconds} s (last error: ${message || code})`);
      }
      if (Date.now() - said > 5000) {
        options.onWait(`waiting for ${options.what} (${message || code})`);
        said = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
