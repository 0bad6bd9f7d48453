// docs/limits.md states the caps a user meets; this keeps the page honest when a cap changes.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { PIPELINE_LIMITS } from '../src/pipeline/limits.js';
import { AUDIT_LIMITS } from '../src/modules/audit/redact.js';
import { REGISTRY_LIMITS } from '../src/modules/catalog/registry-client.js';
import { STREAM_RECHECK_MS } from '../src/modules/identity/stream-access.js';
import { DEFAULT_LIMITS } from '../src/modules/identity/login-throttle.js';

// Sentences may wrap anywhere: compared with runs of white space made single spaces.
const page = readFileSync(new URL('../../../docs/limits.md', import.meta.url), 'utf8').replace(/[ \t]*\n(?!\|)[ \t]*/g, ' ');

t.test('every cap on docs/limits.md is the one the code enforces', async (t) => {
  const row = (label: string) => page.split('\n').find((line) => line.startsWith(`| ${label}`)) ?? '';
  t.match(row('request body carrying a definition'), `${PIPELINE_LIMITS.maxBodyBytes / 1024} KiB (${PIPELINE_LIMITS.maxBodyBytes} bytes)`);
  t.match(row('steps'), `| ${PIPELINE_LIMITS.maxSteps} |`);
  t.match(row('edges'), `| ${PIPELINE_LIMITS.maxEdges} |`);
  t.match(row('`${{ … }}` expressions'), `| ${PIPELINE_LIMITS.maxExpressions} |`);
  t.match(row('nesting of objects'), `| ${PIPELINE_LIMITS.maxDepth} |`);
  t.match(row('nesting inside `layout`'), `| ${PIPELINE_LIMITS.maxLayoutDepth} |`);
  t.match(row('characters in one string'), `| ${PIPELINE_LIMITS.maxStringLength} |`);
  t.match(page, `at most ${AUDIT_LIMITS.maxItems} items per list or object, ${AUDIT_LIMITS.maxStringLength} characters per string, ${AUDIT_LIMITS.maxDepth} levels deep`);
  t.match(page, `at most ${REGISTRY_LIMITS.maxRedirects})`);
  t.match(page, `up to ${REGISTRY_LIMITS.maxResponseBytes / 1024 / 1024} MiB`);
  t.match(page, `within ${REGISTRY_LIMITS.timeoutMs / 1000} seconds`);
  t.match(page, `at most ${REGISTRY_LIMITS.maxErrorText}`);
  t.match(page, `every ${STREAM_RECHECK_MS / 1000} seconds`);
  t.match(page, `per username (${DEFAULT_LIMITS.perUsername} per ${DEFAULT_LIMITS.windowMs / 60_000} minutes) and per client address (${DEFAULT_LIMITS.perAddress} per`);
});
