// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// The hub checks the agent's protocol and version in its `hello`: a mismatch marks the node
// incompatible and closes with 4001, before anything is sent. The peer here is `fake-incompatible-agent`:
// a minimal WebSocket server that greets with another version, because no agent of another version can
// be built from this repository.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { AgentConnection, type LinkState } from '../src/agents/agent-connection.js';
import { AGENT_WS_PATH, CLOSE_INCOMPATIBLE } from '../src/contracts/index.js';

async function fakeIncompatibleAgent(t: { teardown(fn: () => unknown): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'nullops-fake-agent-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=fake-agent'], { stdio: 'pipe' });
  const server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) });
  const wss = new WebSocketServer({ server, path: AGENT_WS_PATH });
  const closes: number[] = [];
  const received: string[] = [];
  wss.on('connection', (socket) => {
    socket.on('message', (data) => received.push(String(data)));
    socket.on('close', (code) => closes.push(code));
    socket.send(JSON.stringify({ v: 1, type: 'hello', eventSeq: 1, payload: { agentVersion: '9.9.0', protocolVersion: 2, runtime: 'docker', publishAddress: '127.0.0.1', capacity: { cpu: 2, memoryMb: 1024, diskMb: 1024 }, labels: {}, deployments: [] } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => { wss.close(); server.close(() => resolve()); }));
  return { port: (server.address() as { port: number }).port, closes, received };
}

t.test('an agent of another protocol version is incompatible and the connection closes with 4001', async (t) => {
  const agent = await fakeIncompatibleAgent(t);
  const states: LinkState[] = [];
  let greeted = false;
  const connection = new AgentConnection(
    { nodeId: 'n1', host: '127.0.0.1', port: agent.port, token: 'token', thumbprint: null },
    { onHello: async () => void (greeted = true), onEvent: () => {}, onState: (state) => states.push(state) },
    { backoff: { initialMs: 60_000, maxMs: 60_000 }, requestTimeoutMs: 1000, controlPlaneVersion: '0.1.0', log: () => {} },
  );
  t.teardown(() => connection.stop());
  connection.start();
  const deadline = Date.now() + 10_000;
  while (!states.some((s) => s.state === 'incompatible') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const incompatible = states.find((s) => s.state === 'incompatible');
  t.ok(incompatible, 'the node is incompatible');
  t.match(incompatible, { reason: /9\.9\.0 \(protocol 2\).*0\.1\.0 \(protocol 1\)/ }, 'the reason names both versions');
  while (!agent.closes.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  t.same(agent.closes, [CLOSE_INCOMPATIBLE], 'closed with 4001');
  t.equal(greeted, false, 'the desired state was never sent');
  t.same(agent.received, [], 'nothing at all was sent to it');
  t.notOk(states.some((s) => s.state === 'online'), 'it was never online');
});
