// The `docker` command line, for what the Engine API makes awkward (building from a Dockerfile with the
// user's own Docker configuration, pushing with their credentials). Output goes to stderr as it comes.
import { spawn } from 'node:child_process';
import { CliError, usageError } from './cli-error.js';

export function docker(args: string[], options: { capture?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    // Docker's own progress goes to stderr: stdout is kept for the command's result.
    const child = spawn('docker', args, { stdio: ['ignore', options.capture ? 'pipe' : process.stderr, options.capture ? 'pipe' : process.stderr] });
    let out = '';
    let err = '';
    child.stdout?.on('data', (c) => (out += c));
    child.stderr?.on('data', (c) => (err += c));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? usageError('The `docker` command was not found: install Docker (https://docs.docker.com/get-docker/) and make sure `docker version` works.') : error);
    });
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new CliError(`\`docker ${args[0]}\` failed (exit ${code})${err.trim() ? `: ${err.trim()}` : ''}`));
    });
  });
}

/** The labels an image of this plugin carries: the manifest (PLUGIN-CONTRACT.md) and the OCI annotations. */
export function imageLabels(manifest: { name: string; version: string; title: string; description: string; license: string; homepage?: string }, now = new Date()): Record<string, string> {
  return {
    'dev.nullops.plugin.manifest': JSON.stringify(manifest),
    'org.opencontainers.image.title': manifest.title,
    'org.opencontainers.image.description': manifest.description,
    'org.opencontainers.image.version': manifest.version,
    'org.opencontainers.image.licenses': manifest.license,
    'org.opencontainers.image.ref.name': manifest.name,
    'org.opencontainers.image.created': now.toISOString(),
    ...(manifest.homepage ? { 'org.opencontainers.image.url': manifest.homepage, 'org.opencontainers.image.source': manifest.homepage } : {}),
  };
}
