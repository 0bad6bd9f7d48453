// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// A request type that declares its reply (`stats`) has the agent's ack checked against it before the
// control plane reads it: a reply of another shape is the agent's BAD_MESSAGE, not a crash further on
// (the metrics route then falls back to the last heartbeat). Requests without a declared reply take any ack.
import t from 'tap';
import { checkReply } from '../src/contracts/index.js';

t.test('a stats reply of the documented shape is read as it is', async (t) => {
  const reply = { services: [{ stepId: 'db', cpuPercent: 12.5, memoryMb: 64 }] };
  t.same(checkReply('stats', reply), { ok: true, value: reply });
});

t.test('a stats reply of another shape is refused and the message names the field', async (t) => {
  const checked = checkReply('stats', { services: [{ stepId: 'db', cpuPercent: 'high' }] });
  t.equal(checked.ok, false);
  t.match(checked, { message: /^bad stats reply: .*\/services\/0\/cpuPercent/ });
  t.match(checkReply('stats', {}), { ok: false, message: /services/ }, 'a missing list is refused too');
});

t.test('a request that declares no reply accepts whatever its ack carries', async (t) => {
  t.same(checkReply('ping', { anything: true }), { ok: true, value: { anything: true } });
});
