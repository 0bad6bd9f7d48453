import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PluginManifest } from '@nullops/core/contracts';
import { CliError, EXIT, usageError } from '../cli-error.js';
import { parseFlags, printHelp, say, type Command } from '../command.js';
import { docker } from '../docker-cli.js';
import { loadPluginProject } from '../plugin-project.js';

export const publish: Command = {
  name: 'publish',
  help: `Usage: nullops-plugin publish --registry URL --token TOKEN [--dir DIR] [--no-push]
       nullops-plugin publish --control-plane URL --token TOKEN [--registry-id ID] [--dir DIR] [--no-push]

Pushes the image the manifest names (\`docker push\`, with your Docker credentials), then either
  --registry URL       publishes the version to a NullOps plugin registry (its /.well-known/nullops.json
                       says where its API is) with the README.md and CHANGELOG.md, or
  --control-plane URL  installs it straight into a control plane's catalog (POST /api/v1/plugins; an
                       admin's API token); the control plane pulls the image from a container registry
                       of its catalog, found by the image's host or named with --registry-id.

Options:
  --token TOKEN       publisher token (registry) or API token (control plane); default: $NULLOPS_TOKEN
  --registry-id ID    the control plane's container registry the image is pulled from
  --no-push           the image is in its registry already
  --dir DIR           the plugin project (default: .)
  -h, --help          this help

Exit codes: 0 published, 1 refused (the server's reasons are listed), 2 usage or unreachable server.`,
  async run(argv) {
    const { values } = parseFlags('publish', argv, {
      registry: { type: 'string' },
      'control-plane': { type: 'string' },
      token: { type: 'string' },
      'registry-id': { type: 'string' },
      'no-push': { type: 'boolean' },
    });
    if (values.help) {
      printHelp(this.help);
      return EXIT.ok;
    }
    const registry = values.registry as string | undefined;
    const controlPlane = values['control-plane'] as string | undefined;
    if (!registry === !controlPlane) throw usageError('Give exactly one of --registry URL (a NullOps plugin registry) or --control-plane URL (install into a control plane).');
    const token = (values.token as string | undefined) ?? process.env.NULLOPS_TOKEN;
    if (!token) throw usageError('Missing --token (or NULLOPS_TOKEN): a publisher token for a registry, an admin API token for a control plane.');
    const dir = values.dir as string;
    const { manifest } = loadPluginProject(dir);
    const digest = values['no-push'] ? undefined : await push(manifest.image);
    if (controlPlane) {
      const body = { manifest, ...(values['registry-id'] ? { registryId: values['registry-id'] as string } : {}) };
      const installed = (await call('POST', `${base(controlPlane)}/api/v1/plugins`, token, body)) as { name: string; version: string; digest: string };
      say(`✔ installed ${installed.name}@${installed.version} (${installed.digest}) into ${controlPlane}`);
      return EXIT.ok;
    }
    const api = await registryApi(registry!);
    const image = { reference: manifest.image, digest: digest ?? (await localDigest(manifest.image)) };
    const readme = optionalFile(join(dir, 'README.md'));
    const changelog = optionalFile(join(dir, 'CHANGELOG.md'));
    const published = (await call('POST', `${api}/packages`, token, { manifest, ...(readme ? { readme } : {}), ...(changelog ? { changelog } : {}), image })) as { name: string; version: string };
    say(`✔ published ${published.name}@${published.version} to ${registry}`);
    return EXIT.ok;
  },
};

const base = (url: string) => url.replace(/\/+$/, '');
const optionalFile = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);

/** Pushes the image and returns its registry digest. */
async function push(image: PluginManifest['image']): Promise<string> {
  say(`pushing ${image}…`);
  await docker(['push', image]);
  return localDigest(image);
}

async function localDigest(image: string): Promise<string> {
  const repository = image.replace(/@.*$/, '').replace(/:[^:/]+$/, '');
  let digests: string[];
  try {
    digests = JSON.parse(await docker(['image', 'inspect', '--format', '{{json .RepoDigests}}', image], { capture: true })) as string[];
  } catch {
    throw usageError(`The image ${image} is not on this machine: run \`nullops-plugin build\` first.`);
  }
  const match = (digests ?? []).find((d) => d.startsWith(`${repository}@`));
  if (!match) throw usageError(`${image} has no digest in its registry yet: publish without --no-push so it is pushed first.`);
  return match.slice(match.indexOf('@') + 1);
}

/** The registry's API base, from its /.well-known/nullops.json. */
async function registryApi(url: string): Promise<string> {
  const document = (await call('GET', `${base(url)}/.well-known/nullops.json`)) as { api?: unknown; contractVersions?: unknown };
  if (typeof document.api !== 'string') throw usageError(`${url} is not a NullOps plugin registry (its /.well-known/nullops.json has no "api").`);
  if (Array.isArray(document.contractVersions) && !document.contractVersions.includes('nullops.dev/v1')) {
    throw new CliError(`${url} does not accept plugins of contract nullops.dev/v1 (it speaks ${document.contractVersions.join(', ')}).`);
  }
  return base(new URL(document.api, `${base(url)}/`).toString());
}

async function call(method: string, url: string, token?: string, body?: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    throw usageError(`Cannot reach ${url} (${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}): check the URL and that the server runs.`);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = undefined;
  }
  if (response.ok && parsed !== undefined) return parsed;
  const error = (parsed as { error?: { code?: string; message?: string; details?: { errors?: { path: string; message: string }[] } } } | undefined)?.error;
  if (!error) throw usageError(`${method} ${url} answered ${response.status} without a NullOps error document: is this the right URL?`);
  const hint = response.status === 401 ? ' Check --token.' : response.status === 403 ? ' The token may not publish this scope, or is not an admin.' : '';
  const details = (error.details?.errors ?? []).map((e) => `\n  ${e.path}: ${e.message}`).join('');
  throw new CliError(`${error.code}: ${error.message}${details}${hint}`);
}
