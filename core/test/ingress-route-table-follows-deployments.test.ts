// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// The route table the ingress receives follows deployment and node state: running deployments route to
// their node's publish address, deploying ones answer 503, offline nodes' hosts are marked offline.
import t from 'tap';
import { buildRouteTable, publicUrl, serviceHost, type RoutableDeployment } from '../src/modules/deployments/route-table.js';

const env = { name: 'qa', baseDomain: 'Example.com' };
const deployment = (overrides: Partial<RoutableDeployment>): RoutableDeployment => ({
  id: 'd1', name: 'pr-7', status: 'running', environment: env, node: { publishAddress: '10.0.0.5', offline: false },
  services: [{ id: 'web', publishedPort: 32001, ingress: true }, { id: 'db', publishedPort: null, ingress: false }], ...overrides,
});

t.test('host names are lower-case step.deployment.environment.domain', async (t) => {
  t.equal(serviceHost('Web', 'PR-7', 'qa', 'Example.com'), 'web.pr-7.qa.example.com');
  t.equal(publicUrl('web.pr-7.qa.example.com', 'http', 7780), 'http://web.pr-7.qa.example.com:7780/');
  t.equal(publicUrl('web.pr-7.qa.example.com', 'https', 443), 'https://web.pr-7.qa.example.com/');
});

t.test('a running deployment routes its ingress services only', async (t) => {
  const table = buildRouteTable(3, [deployment({})]);
  t.equal(table.version, 3);
  t.same(table.routes.map((r) => [r.host, r.state, r.upstreams]), [['web.pr-7.qa.example.com', 'ready', [{ address: '10.0.0.5', port: 32001 }]]]);
});

t.test('deploying answers as deploying, offline nodes as offline, deleted ones vanish', async (t) => {
  const table = buildRouteTable(4, [
    deployment({ id: 'a', name: 'a', status: 'deploying' }),
    deployment({ id: 'b', name: 'b', node: { publishAddress: '10.0.0.5', offline: true } }),
    deployment({ id: 'c', name: 'c', status: 'deleted' }),
    deployment({ id: 'd', name: 'd', status: 'failed' }),
  ]);
  t.same(table.routes.map((r) => [r.deployment.name, r.state]), [['a', 'deploying'], ['b', 'offline']]);
});

t.test('a running service with no published port yet is not routed to nowhere', async (t) => {
  const table = buildRouteTable(5, [deployment({ services: [{ id: 'web', publishedPort: null, ingress: true }] })]);
  t.equal(table.routes[0].state, 'deploying');
  t.same(table.routes[0].upstreams, []);
});
