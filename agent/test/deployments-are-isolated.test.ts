// Isolation: a container of deployment A cannot reach B's containers, nor B's published port through
// the node's addresses (firewall rules in DOCKER-USER), while A's services reach each other by step id.
import t from 'tap';
import { execFile } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { promisify } from 'node:util';
import { startTestAgent } from './support/agent-fixture.js';
import { docker } from './support/docker-fixtures.js';
import { httpService, plan, uniqueId } from './support/plans.js';

const run = promisify(execFile);

/** The node's own non-loopback IPv4 addresses. */
const nodeAddresses = () =>
  Object.values(networkInterfaces())
    .flat()
    .filter((i) => i && i.family === 'IPv4' && !i.internal)
    .map((i) => i!.address);

/**
 * GETs `/` of host:port from inside a container with nc (busybox wget with a timeout crashes); a
 * `host` that is a name is resolved through the deployment's DNS first. Null when nothing answers.
 */
async function httpGetFrom(containerId: string, host: string, port: number): Promise<string | null> {
  const resolve = /^[0-9.]+$/.test(host) ? `ip=${host}; ` : `ip=$(nslookup ${host} | sed -n 's/^Address:* *//p' | tail -n 1); `;
  const exec = await docker.getContainer(containerId).exec({ Cmd: ['sh', '-c', `${resolve}printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 "$ip" ${port}`], AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({});
  let out = '';
  stream.on('data', (d: Buffer) => (out += d.toString('latin1')));
  await new Promise((r) => stream.on('end', r));
  for (;;) {
    const { Running, ExitCode } = await exec.inspect();
    if (!Running) return ExitCode === 0 && out.includes('200 OK') ? out : null;
    await new Promise((r) => setTimeout(r, 100));
  }
}

t.test('deployments cannot reach each other, directly or through the host', async (t) => {
  const addresses = nodeAddresses();
  const publishAddress = addresses.find((a) => !a.startsWith('172.17.')) ?? addresses[0];
  const node = await startTestAgent(t, { publishAddress });
  const cp = await node.connectAndSync();
  const a = uniqueId('iso-a');
  const b = uniqueId('iso-b');
  await Promise.all([
    cp.request('deploy', { seq: cp.nextSeq(), plan: plan(a, [httpService('front', [], 'a-front'), httpService('back', [], 'a-back')]) }),
    cp.request('deploy', { seq: cp.nextSeq(), plan: plan(b, [httpService('front', [], 'b-front')]) }),
  ]);
  const [, bStatus] = await Promise.all([cp.waitForStatus(a, ['running', 'failed']), cp.waitForStatus(b, ['running', 'failed'])]);
  t.equal(bStatus.status, 'running', 'both deployments run');
  const bPort = bStatus.services[0].publishedPort!;

  const containerOf = async (deploymentId: string, step: string) => {
    const [c] = await docker.listContainers({ filters: JSON.stringify({ label: [`dev.nullops.deployment=${deploymentId}`, `dev.nullops.step=${step}`] }) });
    return docker.getContainer(c.Id).inspect();
  };
  const aFront = await containerOf(a, 'front');
  const bFront = await containerOf(b, 'front');
  const bAddress = Object.values(bFront.NetworkSettings.Networks)[0].IPAddress;
  const aGateway = Object.values(aFront.NetworkSettings.Networks)[0].Gateway;

  t.match(await httpGetFrom(aFront.Id, 'back', 8080), /a-back/, "positive control: A's front reaches A's back by its step id");
  t.equal(await httpGetFrom(aFront.Id, bAddress, 8080), null, "A cannot reach B's container address");
  t.match(await (await fetch(`http://${publishAddress}:${bPort}/`)).text(), /b-front/, `positive control: the host reaches B's published port ${publishAddress}:${bPort}`);
  for (const address of new Set([publishAddress, aGateway, ...addresses])) {
    t.equal(await httpGetFrom(aFront.Id, address, bPort), null, `A cannot reach B's published port through ${address}`);
  }
  const rules = await run('iptables', ['-w', '-S', 'DOCKER-USER']).then((r) => r.stdout, () => '');
  if (rules) t.match(rules, new RegExp(`nullops:${node.nodeId}:${a}`), 'a DOCKER-USER rule guards deployment A');
});
