import { type Client, client, ok } from '../test/multi/steward-process.ts';

/** What the load generator needs to know about the soak's data. */
export interface SoakWorld {
  url: string;
  adminToken: string;
  approverToken: string;
  people: number[];
  physics: number;
  guarantor: number;
  searchTerms: string[];
}

const given = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'John', 'Radia', 'Ken'];
const family = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Allen',
  'McCarthy',
  'Perlman',
  'Nygaard',
];

/** Runs `fn` over `items`, `width` at a time. */
async function each<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

async function signIn(url: string, username: string, password: string): Promise<string> {
  const login = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`sign-in of ${username}: ${login.status}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]);
  const made = await fetch(`${url}/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, cookie: cookie.join('; ') },
    body: JSON.stringify({ name: 'soak' }),
  });
  return ((await made.json()) as { token: string }).token;
}

/**
 * The soak's institution, made through the API: org units, `people` staff people, an
 * application with roles assigned to most of them, a source for snapshots, a visitor
 * guest type approved by department approvers, and a second administrator who approves.
 */
export async function makeSoakWorld(url: string, token: string, password: string, people = 300): Promise<SoakWorld> {
  const call: Client = client(url, token);
  const org = async (code: string, kind: string, parentId: number | null) =>
    (await ok(call, 'POST', '/orgs', { code, kind, name: `Unit ${code}`, parentId })).id;
  const uni = await org('UNI', 'university', null);
  const depts = await org('DEPTS', 'faculty', uni);
  const physics = await org('PHYS', 'department', depts);
  const chemistry = await org('CHEM', 'department', depts);
  await org('ART', 'department', depts);
  const ids: number[] = [];
  await each(
    Array.from({ length: people }, (_, i) => i),
    4,
    async (i) => {
      const made = await ok(call, 'POST', '/people', {
        givenName: given[i % 10],
        familyName: `${family[Math.floor(i / 10) % 10]}${i >= 100 ? `-${Math.floor(i / 100)}` : ''}`,
        emails: [{ address: `soak${i}@uni.example` }],
        affiliation: { orgId: i % 2 ? physics : chemistry, kind: 'staff' },
        force: true,
        reason: 'soak data',
      });
      ids.push(made.id);
    },
  );
  await ok(call, 'POST', '/access/applications', { name: 'lms', label: 'LMS' });
  await ok(call, 'POST', '/access/applications/lms/resources', { name: 'course', parent: null });
  const roles: number[] = [];
  for (const [name, action] of [
    ['reader', 'read'],
    ['editor', 'edit'],
  ]) {
    const role = await ok(call, 'POST', '/access/applications/lms/roles', { name });
    await ok(call, 'POST', `/access/roles/${role.id}/permissions`, { action, resource: 'course' });
    roles.push(role.id);
  }
  await each(
    ids.filter((_, i) => i % 4 !== 0),
    4,
    async (id) => {
      await ok(call, 'POST', '/access/assignments', {
        roleId: roles[id % 2],
        subjects: [{ type: 'person', id }],
        scopes: [{ kind: 'everywhere' }],
      });
    },
  );
  await ok(call, 'POST', '/sources', { name: 'hr', label: 'Human Resources' });
  await ok(call, 'POST', `/orgs/${depts}/officers`, { personId: ids[0], function: 'approver', roleName: 'Head' });
  await ok(call, 'POST', '/guest-types', {
    name: 'Visitor',
    label: 'Visitor',
    lifecycle: 'visitor',
    requesterRequired: false,
    defaultDays: 90,
    maxDays: 365,
    renewable: true,
    renewalWindowDays: 30,
    directory: 'P',
    orgSubtree: 'DEPTS',
    services: ['it-account'],
    approvalChain: [{ step: 'department-approvers' }],
    reasons: ['Research visit'],
    expiringDays: 14,
    retentionDays: 30,
  });
  await ok(call, 'POST', '/users', {
    username: 'approver',
    displayName: 'Soak approver',
    password,
    roles: [{ role: 'sysadmin' }],
  });
  return {
    url,
    adminToken: token,
    approverToken: await signIn(url, 'approver', password),
    people: ids,
    physics,
    guarantor: ids[1],
    searchTerms: [...given, ...family, 'Lovlace', 'Hoper', 'soak1'],
  };
}
