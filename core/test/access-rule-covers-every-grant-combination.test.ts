// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// The access rule (docs/access.md) over every combination of grants a user's teams can hold.
import t from 'tap';
import { accessTo, atLeast, decideResourceAccess, visibleTo, type AccessTarget, type Effective, type GrantFact, type Visible } from '../src/modules/identity/access-rule.js';

const LEVELS: Effective[] = ['none', 'read', 'full'];
const P = 'project-p';
const OTHER_P = 'project-q';
const E = 'environment-e';
const OTHER_E = 'environment-f';
const MINE = 'team-mine';
const OTHERS = 'team-others';

function grants(spec: { p: Effective; e: Effective; otherP?: Effective; otherE?: Effective; team?: string }): GrantFact[] {
  const team = spec.team ?? MINE;
  const out: GrantFact[] = [];
  const add = (on: GrantFact['on'], targetId: string, level?: Effective) => {
    if (level && level !== 'none') out.push({ teamId: team, on, targetId, access: level });
  };
  add('project', P, spec.p);
  add('environment', E, spec.e);
  add('project', OTHER_P, spec.otherP);
  add('environment', OTHER_E, spec.otherE);
  return out;
}

const user = { role: 'user' as const, teamIds: [MINE] };
const admin = { role: 'admin' as const, teamIds: [] };

// Deployment of P in E: the strongest grant on P or on E (hand-written, row = project grant, column = environment grant).
const DEPLOYMENT: Record<Effective, Record<Effective, Effective>> = {
  none: { none: 'none', read: 'read', full: 'full' },
  read: { none: 'read', read: 'read', full: 'full' },
  full: { none: 'full', read: 'full', full: 'full' },
};

t.test('deployment: strongest of the project grant and the environment grant; grants elsewhere never count', async (t) => {
  for (const p of LEVELS) for (const e of LEVELS) for (const otherP of LEVELS) for (const otherE of LEVELS) {
    const facts = grants({ p, e, otherP, otherE });
    t.equal(accessTo(user, { kind: 'deployment', projectId: P, environmentId: E }, facts), DEPLOYMENT[p][e], `project ${p}, environment ${e}, other project ${otherP}, other environment ${otherE}`);
  }
});

t.test("grants held by teams the user is not in give nothing", async (t) => {
  for (const p of LEVELS) for (const e of LEVELS) {
    const facts = grants({ p, e, otherE: 'full', team: OTHERS });
    t.equal(accessTo(user, { kind: 'deployment', projectId: P, environmentId: E }, facts), 'none');
    t.equal(accessTo(user, { kind: 'project', id: P }, facts), 'none');
    t.equal(accessTo(user, { kind: 'environment', id: E }, facts), 'read', 'environments are visible to every signed-in user');
  }
});

t.test('project: its own grant, or any grant on any environment (which lets the user deploy it there)', async (t) => {
  const expected = (p: Effective, e: Effective, otherP: Effective, otherE: Effective): Effective => {
    void otherP; // a grant on another project never shows this one
    if (p === 'full' || e === 'full' || otherE === 'full') return 'full';
    if (p === 'read' || e === 'read' || otherE === 'read') return 'read';
    return 'none';
  };
  for (const p of LEVELS) for (const e of LEVELS) for (const otherP of LEVELS) for (const otherE of LEVELS) {
    t.equal(accessTo(user, { kind: 'project', id: P }, grants({ p, e, otherP, otherE })), expected(p, e, otherP, otherE), `project ${p}, environment ${e}, other project ${otherP}, other environment ${otherE}`);
  }
});

t.test('environment: read for every signed-in user, full only with a full grant on that environment', async (t) => {
  for (const p of LEVELS) for (const e of LEVELS) for (const otherE of LEVELS) {
    t.equal(accessTo(user, { kind: 'environment', id: E }, grants({ p, e, otherE, otherP: 'full' })), e === 'full' ? 'full' : 'read', `project ${p}, environment ${e}, other environment ${otherE}`);
  }
});

t.test('admins have full access everywhere, with or without grants', async (t) => {
  for (const facts of [[], grants({ p: 'read', e: 'none' })]) {
    t.equal(accessTo(admin, { kind: 'project', id: P }, facts), 'full');
    t.equal(accessTo(admin, { kind: 'environment', id: E }, facts), 'full');
    t.equal(accessTo(admin, { kind: 'deployment', projectId: P, environmentId: E }, facts), 'full');
  }
});

t.test('a user in several teams gets the strongest of their teams’ grants', async (t) => {
  const facts: GrantFact[] = [
    { teamId: 'a', on: 'project', targetId: P, access: 'read' },
    { teamId: 'b', on: 'environment', targetId: E, access: 'full' },
  ];
  t.equal(accessTo({ role: 'user', teamIds: ['a'] }, { kind: 'deployment', projectId: P, environmentId: E }, facts), 'read');
  t.equal(accessTo({ role: 'user', teamIds: ['a', 'b'] }, { kind: 'deployment', projectId: P, environmentId: E }, facts), 'full');
});

t.test('a route need: hidden → 404, visible but too weak → 403, enough → allowed', async (t) => {
  const table: [string, Effective, ReturnType<typeof decideResourceAccess>][] = [
    ['project:read', 'none', { allow: false, status: 404 }],
    ['project:read', 'read', { allow: true }],
    ['project:read', 'full', { allow: true }],
    ['project:full', 'none', { allow: false, status: 404 }],
    ['project:full', 'read', { allow: false, status: 403 }],
    ['project:full', 'full', { allow: true }],
    ['deployment:full', 'read', { allow: false, status: 403 }],
    ['deployment:read', 'none', { allow: false, status: 404 }],
    ['environment:full', 'read', { allow: false, status: 403 }],
  ];
  for (const [need, effective, verdict] of table) t.same(decideResourceAccess(need as 'project:read', effective), verdict, `${need} with ${effective}`);
});

t.test('what a list shows (visibleTo, the filter list queries use) is exactly what accessTo lets the user read', async (t) => {
  const listed = (visible: Visible, target: AccessTarget) => {
    if (visible.all) return true;
    if (target.kind === 'project') return visible.projectIds.includes(target.id);
    if (target.kind === 'deployment') return visible.projectIds.includes(target.projectId) || visible.environmentIds.includes(target.environmentId);
    return visible.environmentIds.includes(target.id);
  };
  const targets: AccessTarget[] = [
    { kind: 'project', id: P },
    { kind: 'project', id: OTHER_P },
    { kind: 'environment', id: E },
    { kind: 'environment', id: OTHER_E },
    ...[P, OTHER_P].flatMap((projectId) => [E, OTHER_E].map((environmentId) => ({ kind: 'deployment' as const, projectId, environmentId }))),
  ];
  for (const who of [user, admin]) for (const team of [MINE, OTHERS]) for (const p of LEVELS) for (const e of LEVELS) for (const otherE of LEVELS) {
    const facts = grants({ p, e, otherE, team });
    for (const target of targets) {
      t.equal(listed(visibleTo(who, target.kind, facts), target), atLeast(accessTo(who, target, facts), 'read'), `${who.role}, team ${team}, project ${p}, environment ${e}, other environment ${otherE}: ${JSON.stringify(target)}`);
    }
  }
});
