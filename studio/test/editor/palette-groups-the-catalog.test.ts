// The palette shows each service as a service and as a job, plugins under their categories, and a
// search narrows every group by name, title, description or keyword.
import t from 'tap';
import { paletteGroups } from '../../src/editor/model/palette.js';

const services = [
  { name: 'postgres', image: 'library/postgres', tagMode: 'pinned' as const, tag: '17' },
  { name: 'api', image: 'acme/api', tagMode: 'selectable' as const, tag: null },
];
const plugins = [
  { name: 'nullops/postgres-create-db', latestVersion: '1.2.0', title: 'Create PostgreSQL database', description: 'Creates a database and a role', category: 'database', keywords: ['postgres', 'sql'] },
  { name: 'nullops/http-wait', latestVersion: '0.3.1', title: 'Wait for HTTP', description: 'Waits until a URL answers', category: 'utility', keywords: ['health'] },
];

t.test('services, jobs and plugin categories each get a group', async (t) => {
  const groups = paletteGroups(services, plugins);
  t.same(
    groups.map((g) => [g.title, g.entries.map((e) => e.title)]),
    [
      ['Services', ['api', 'postgres']],
      ['Jobs', ['api job', 'postgres job']],
      ['database', ['Create PostgreSQL database']],
      ['utility', ['Wait for HTTP']],
    ],
  );
  const db = groups[2].entries[0];
  t.equal(db.kind === 'component' && db.version, '1.2.0');
  t.match(groups[0].entries[1].description, /pinned 17/);
});

t.test('a search keeps only what matches, across groups', async (t) => {
  t.same(
    paletteGroups(services, plugins, 'postgres').map((g) => [g.title, g.entries.map((e) => e.key)]),
    [
      ['Services', ['service:postgres']],
      ['Jobs', ['job:postgres']],
      ['database', ['plugin:nullops/postgres-create-db']],
    ],
  );
  t.same(paletteGroups(services, plugins, 'health').map((g) => g.title), ['utility'], 'keywords are searched');
  t.same(paletteGroups(services, plugins, 'nothing-like-this'), []);
});
