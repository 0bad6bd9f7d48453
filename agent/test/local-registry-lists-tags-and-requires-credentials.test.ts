// The two local registries that scripts/test-infra/up.sh provides: the anonymous one takes pushes and
// lists tags, the secured one refuses everything without its credentials and works with them.
import t from 'tap';
import Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { ANONYMOUS_REGISTRY, BUSYBOX_IMAGE, SECURED_REGISTRY, SECURED_REGISTRY_CREDENTIALS } from '@nullops/core/testing';

const docker = new Docker();
const run = randomBytes(4).toString('hex');
const authconfig = { ...SECURED_REGISTRY_CREDENTIALS, serveraddress: SECURED_REGISTRY };
const basicAuth = `Basic ${Buffer.from(`${SECURED_REGISTRY_CREDENTIALS.username}:${SECURED_REGISTRY_CREDENTIALS.password}`).toString('base64')}`;

interface Progress {
  error?: string;
  errorDetail?: { message?: string };
}

// Push and pull report failures inside the progress stream, after an HTTP 200; the last word is there.
async function finish(stream: NodeJS.ReadableStream): Promise<void> {
  const events = await new Promise<Progress[]>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, output: Progress[]) => (error ? reject(error) : resolve(output))),
  );
  const failure = events.find((event) => event.error || event.errorDetail);
  if (failure) throw new Error(failure.errorDetail?.message ?? failure.error);
}

async function tag(repository: string, tagName: string, t: { teardown(fn: () => unknown): void }): Promise<void> {
  await docker.getImage(BUSYBOX_IMAGE).tag({ repo: repository, tag: tagName });
  t.teardown(() => docker.getImage(`${repository}:${tagName}`).remove().catch(() => undefined));
}

async function push(repository: string, tagName: string, auth?: typeof authconfig): Promise<void> {
  await finish(await docker.getImage(repository).push({ tag: tagName, ...(auth ? { authconfig: auth } : {}) }));
}

async function pull(reference: string, auth?: typeof authconfig): Promise<void> {
  await finish(await docker.pull(reference, auth ? { authconfig: auth } : {}));
}

async function tagsOf(registry: string, name: string, headers: Record<string, string> = {}): Promise<{ status: number; tags?: string[] }> {
  const response = await fetch(`http://${registry}/v2/${name}/tags/list`, { headers });
  if (response.status !== 200) return { status: response.status };
  const body = (await response.json()) as { tags: string[] };
  return { status: 200, tags: body.tags.sort() };
}

t.test('the anonymous registry keeps two pushed tags and lists them', async (t) => {
  const name = `nullops-test/anonymous-${run}`;
  const repository = `${ANONYMOUS_REGISTRY}/${name}`;
  await tag(repository, 'one', t);
  await tag(repository, 'two', t);

  await push(repository, 'one');
  await push(repository, 'two');

  t.same(await tagsOf(ANONYMOUS_REGISTRY, name), { status: 200, tags: ['one', 'two'] }, 'tags/list shows both tags');
});

t.test('the secured registry refuses requests without credentials and serves them with credentials', async (t) => {
  const name = `nullops-test/secured-${run}`;
  const repository = `${SECURED_REGISTRY}/${name}`;
  const reference = `${repository}:v1`;

  const anonymous = await fetch(`http://${SECURED_REGISTRY}/v2/`);
  t.equal(anonymous.status, 401, 'GET /v2/ without credentials is 401');
  t.match(anonymous.headers.get('www-authenticate') ?? '', /^Basic /, 'and asks for basic auth');

  await tag(repository, 'v1', t);
  await t.rejects(push(repository, 'v1'), /auth|unauthorized/i, 'a push without credentials fails with an auth error');
  t.equal((await tagsOf(SECURED_REGISTRY, name, { authorization: basicAuth })).status, 404, 'and nothing was stored');

  await push(repository, 'v1', authconfig);
  t.same(await tagsOf(SECURED_REGISTRY, name, { authorization: basicAuth }), { status: 200, tags: ['v1'] }, 'a push with credentials shows up in tags/list');
  t.equal((await tagsOf(SECURED_REGISTRY, name)).status, 401, 'tags/list without credentials is 401');

  // Pull into an engine that does not have the image yet, or the pull proves nothing.
  await docker.getImage(reference).remove();
  await t.rejects(pull(reference), /auth|unauthorized/i, 'a pull without credentials fails with an auth error');
  await pull(reference, authconfig);
  const pulled = await docker.getImage(reference).inspect();
  const original = await docker.getImage(BUSYBOX_IMAGE).inspect();
  t.equal(pulled.Id, original.Id, 'a pull with credentials brings back the same image');
});
