// The images local mode builds must come from a registry: the catalog pins a plugin by the digest its
// registry serves, and agents pull by that digest. Docker Hub cannot take images built on this machine,
// so local mode keeps them in a folder of the data directory and serves them read-only on loopback with
// the Docker Registry HTTP API V2 (GET /v2/, manifests by tag or digest, blobs) — Docker pulls from a
// loopback registry over plain HTTP. Images enter it with `docker save` (the engine's own export), their
// layers stored once by digest however many images share them.
import type Docker from 'dockerode';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Parser, type ReadEntry } from 'tar';

export const MANIFEST_MEDIA_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';
const CONFIG_MEDIA_TYPE = 'application/vnd.docker.container.image.v1+json';
const LAYER_MEDIA_TYPE = 'application/vnd.docker.image.rootfs.diff.tar';
const NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

export class LocalImageRegistry {
  constructor(readonly dir: string) {
    mkdirSync(join(dir, 'blobs'), { recursive: true });
    mkdirSync(join(dir, 'manifests'), { recursive: true });
  }

  private manifestPath(repository: string, reference: string): string {
    return join(this.dir, 'manifests', repository, reference.replace(':', '-'));
  }

  /** Whether `repository:tag` is stored. */
  has(repository: string, tag: string): boolean {
    return existsSync(this.manifestPath(repository, tag));
  }

  /** The digest of the stored `repository:tag` manifest. */
  digestOf(repository: string, tag: string): string {
    return `sha256:${createHash('sha256').update(readFileSync(this.manifestPath(repository, tag))).digest('hex')}`;
  }

  /** Exports images from the engine (`repository:tag` references as tagged there) into the registry. */
  async importFromEngine(docker: Docker, references: readonly string[]): Promise<void> {
    if (references.length === 0) return;
    const files = new Map<string, { digest: string; size: number }>();
    const texts = new Map<string, string>();
    const writes: Promise<void>[] = [];
    const parser = new Parser({
      onReadEntry: (entry: ReadEntry) => {
        const path = entry.path;
        if (path === 'manifest.json' || (path.endsWith('.json') && !path.includes('/'))) {
          const chunks: Buffer[] = [];
          entry.on('data', (c: Buffer) => chunks.push(c));
          entry.on('end', () => texts.set(path, Buffer.concat(chunks).toString('utf8')));
        } else if (path.endsWith('/layer.tar')) {
          const hash = createHash('sha256');
          const temporary = join(this.dir, 'blobs', `.incoming-${process.pid}-${writes.length}`);
          const out = createWriteStream(temporary);
          let size = 0;
          entry.on('data', (c: Buffer) => {
            hash.update(c);
            size += c.length;
            out.write(c);
          });
          writes.push(
            new Promise<void>((resolve, reject) => {
              out.on('error', reject);
              entry.on('end', () =>
                out.end(() => {
                  const digest = `sha256:${hash.digest('hex')}`;
                  renameSync(temporary, this.blobPath(digest));
                  files.set(path, { digest, size });
                  resolve();
                }),
              );
            }),
          );
        } else entry.resume();
      },
    });
    // GET /images/get?names=…: dockerode has it, its type declarations do not.
    const exportImages = (docker as unknown as { getImages(opts: { names: string[] }): Promise<NodeJS.ReadableStream> }).getImages.bind(docker);
    const exported = await exportImages({ names: [...references] });
    await pipeline(exported, parser);
    await Promise.all(writes);
    const saved = JSON.parse(texts.get('manifest.json') ?? '[]') as { Config: string; RepoTags: string[] | null; Layers: string[] }[];
    for (const image of saved) {
      const config = Buffer.from(texts.get(image.Config) ?? '', 'utf8');
      const configDigest = this.storeBlob(config);
      const manifest = {
        schemaVersion: 2,
        mediaType: MANIFEST_MEDIA_TYPE,
        config: { mediaType: CONFIG_MEDIA_TYPE, size: config.length, digest: configDigest },
        layers: image.Layers.map((layer) => {
          const file = files.get(layer);
          if (!file) throw new Error(`docker save wrote no ${layer}`);
          return { mediaType: LAYER_MEDIA_TYPE, size: file.size, digest: file.digest };
        }),
      };
      const text = JSON.stringify(manifest);
      const digest = `sha256:${createHash('sha256').update(text).digest('hex')}`;
      for (const tagged of image.RepoTags ?? []) {
        const colon = tagged.lastIndexOf(':');
        const repository = tagged.slice(0, colon);
        if (!references.includes(tagged)) continue;
        mkdirSync(join(this.dir, 'manifests', repository), { recursive: true });
        writeFileSync(this.manifestPath(repository, tagged.slice(colon + 1)), text);
        writeFileSync(this.manifestPath(repository, digest), text);
      }
    }
  }

  private blobPath(digest: string): string {
    return join(this.dir, 'blobs', digest.replace(':', '-'));
  }

  private storeBlob(content: Buffer): string {
    const digest = `sha256:${createHash('sha256').update(content).digest('hex')}`;
    writeFileSync(this.blobPath(digest), content);
    return digest;
  }

  /** Serves the registry on `host:port` (port 0 picks one); resolves with the server once it listens. */
  listen(port: number, host = '127.0.0.1'): Promise<{ server: Server; port: number; close(): Promise<void> }> {
    const server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://registry');
      const head = request.method === 'HEAD';
      response.setHeader('docker-distribution-api-version', 'registry/2.0');
      const fail = (status: number, code: string, message: string) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(head ? undefined : JSON.stringify({ errors: [{ code, message }] }));
      };
      if (request.method !== 'GET' && !head) return fail(405, 'UNSUPPORTED', 'this registry is read-only');
      if (url.pathname === '/v2/' || url.pathname === '/v2') {
        response.writeHead(200, { 'content-type': 'application/json' });
        return response.end(head ? undefined : '{}');
      }
      const match = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
      if (!match || !NAME.test(match[1])) return fail(404, 'NAME_UNKNOWN', 'no such repository');
      const [, repository, kind, reference] = match;
      if (kind === 'manifests') {
        if (!TAG.test(reference) && !DIGEST.test(reference)) return fail(404, 'MANIFEST_UNKNOWN', 'no such manifest');
        const path = this.manifestPath(repository, reference);
        if (!existsSync(path)) return fail(404, 'MANIFEST_UNKNOWN', `no ${repository}:${reference}`);
        const body = readFileSync(path);
        response.writeHead(200, { 'content-type': MANIFEST_MEDIA_TYPE, 'content-length': body.length, 'docker-content-digest': `sha256:${createHash('sha256').update(body).digest('hex')}` });
        return response.end(head ? undefined : body);
      }
      if (!DIGEST.test(reference) || !existsSync(this.blobPath(reference))) return fail(404, 'BLOB_UNKNOWN', `no blob ${reference}`);
      const path = this.blobPath(reference);
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': statSync(path).size, 'docker-content-digest': reference });
      if (head) return response.end();
      createReadStream(path).pipe(response);
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.removeListener('error', reject);
        resolve({ server, port: (server.address() as AddressInfo).port, close: () => new Promise<void>((r) => server.close(() => r())) });
      });
    });
  }
}
