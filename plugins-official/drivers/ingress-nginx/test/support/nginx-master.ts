// A private nginx master for tests: its own prefix and config in a temp directory, listening on a
// loopback port, including the driver's `current` directory — never the system service.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface NginxMaster {
  dir: string;
  configDir: string;
  port: number;
  listen: string;
  reloadCommand: string[];
  errorLog(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startNginxMaster(): Promise<NginxMaster> {
  const dir = mkdtempSync(join(tmpdir(), 'nullops-nginx-'));
  const configDir = join(dir, 'nullops');
  mkdirSync(join(dir, 'logs'), { recursive: true });
  mkdirSync(configDir, { recursive: true });
  const config = join(dir, 'nginx.conf');
  writeFileSync(
    config,
    `daemon on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  include ${configDir}/current/*.conf;
}
`,
  );
  await run('nginx', ['-p', dir, '-c', config]);
  const port = await freePort();
  return {
    dir,
    configDir,
    port,
    listen: `127.0.0.1:${port}`,
    reloadCommand: ['nginx', '-p', dir, '-c', config, '-s', 'reload'],
    errorLog: () => readFileSync(join(dir, 'logs', 'error.log'), 'utf8'),
    async stop() {
      await run('nginx', ['-p', dir, '-c', config, '-s', 'stop']).catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 200));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
