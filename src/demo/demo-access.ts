import type { App } from '../app.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { addDays, isoDate } from '../platform/dates.ts';
import type { Limit } from '../access/access-schemas.ts';
import type { GroupRule } from '../groups/rules.ts';
import type { DemoRequestLookup } from './demo-guest-requests.ts';

/**
 * Groups, access and streams in the demo, after Grouper's six scenarios, so the group, access, check and stream
 * pages have something to show on first start:
 * - payroll clerks (HR staff) approve timesheets in the payroll application, in HR's subtree only;
 * - dorm doors: resident assistants open every hall at any hour, residents (a rule group on housing contracts)
 *   from 07:00 to 23:00;
 * - a course group (COMP101) whose members end with the term, one of them with an extension;
 * - a professional organisation's members (emeriti), kept by hand;
 * - drug restocking approvers (nursing staff), on weekdays;
 * - delegated directory administrators: the Science & Engineering faculty manager administers the faculty's folder;
 * - one rule group per department (its staff and faculty, the subtree below it);
 * - two streams the library and the card office keep.
 * Every step skips what exists, so a resumed load adds nothing twice; everything goes through the use cases.
 */
const DEPARTMENTS = ['CHEM', 'PHYS', 'COMP', 'MATH', 'HIST', 'ENGL', 'MUSC', 'NURS', 'BMED', 'ACCT', 'MGMT'];

type GroupSpec = { extension: string; description: string; rule?: GroupRule };

async function folder(app: App, actor: Actor, parentId: number | null, extension: string): Promise<number> {
  const listing = await app.groups.folders.list(actor, parentId);
  const found = listing.folders.find((f) => f.extension === extension);
  if (found) return found.id;
  return (await app.groups.folders.create(actor, { parentId, extension })).id;
}

async function group(app: App, actor: Actor, folderId: number, spec: GroupSpec): Promise<number> {
  const listing = await app.groups.folders.list(actor, folderId);
  const found = listing.groups.find((g) => g.extension === spec.extension);
  if (found) return found.id;
  const body = { folderId, extension: spec.extension, description: spec.description };
  const created = await app.groups.groups.create(actor, spec.rule ? { ...body, kind: 'rule', rule: spec.rule } : body);
  return created.id;
}

/** Adds the people not yet direct members; `until` ends the membership (ISO date), per person if given. */
async function members(
  app: App,
  actor: Actor,
  groupId: number,
  people: { personId: number; until?: string; reason?: string }[],
): Promise<void> {
  const present = new Set((await app.groups.members.listDirect(actor, groupId)).map((m) => m.personId));
  for (const p of people) {
    if (present.has(p.personId)) continue;
    await app.groups.members.add(actor, groupId, {
      personId: p.personId,
      reason: p.reason ?? null,
      disabledAt: p.until ? `${p.until}T00:00:00.000Z` : null,
    });
  }
}

type RoleSpec = { name: string; label: string; permissions: { action: string; resource: string; limits?: Limit[] }[] };
type AppSpec = {
  name: string;
  label: string;
  description: string;
  resources: { name: string; label: string; parent?: string }[];
  roles: RoleSpec[];
};

/** The application, its resources and its roles with their permissions; returns role ids by name. */
async function application(app: App, actor: Actor, spec: AppSpec): Promise<Map<string, number>> {
  const apps = await app.access.config.listApps(actor);
  if (!apps.some((a) => a.name === spec.name))
    await app.access.config.createApp(actor, {
      name: spec.name,
      label: spec.label,
      description: spec.description,
      timeZone: 'Europe/London',
    });
  const resources = new Set((await app.access.config.listResources(actor, spec.name)).map((r) => r.name));
  for (const r of spec.resources)
    if (!resources.has(r.name))
      await app.access.config.createResource(actor, spec.name, {
        name: r.name,
        label: r.label,
        ...(r.parent ? { parent: r.parent } : {}),
      });
  const roleIds = new Map<string, number>();
  const roles = await app.access.roles.listRoles(actor, spec.name);
  for (const r of spec.roles) {
    let role = roles.find((x) => x.name === r.name);
    if (!role) role = await app.access.roles.createRole(actor, spec.name, { name: r.name, label: r.label });
    for (const p of r.permissions)
      if (!role.permissions.some((x) => x.action === p.action && x.resource === p.resource))
        await app.access.roles.addPermission(actor, role.id, p);
    roleIds.set(r.name, role.id);
  }
  return roleIds;
}

/** Assigns the role to the group's members within the scope, once. */
async function assignToGroup(
  app: App,
  actor: Actor,
  roleId: number,
  groupId: number,
  scope: { kind: 'everywhere' } | { kind: 'org'; orgId: number },
  reason: string,
): Promise<void> {
  const existing = await app.access.assignments.list(actor, { roleId, subjectType: 'group', subjectId: groupId });
  if (existing.length) return;
  await app.access.assignments.assign(actor, {
    roleId,
    subjects: [{ type: 'group', id: groupId }],
    scopes: [scope],
    reason,
  });
}

const weekdays: Limit = { kind: 'weekdays', days: [1, 2, 3, 4, 5] };

async function payroll(app: App, actor: Actor, root: number, lookup: DemoRequestLookup): Promise<void> {
  const clerks = await group(app, actor, root, {
    extension: 'payroll-clerks',
    description: 'HR staff who check and approve timesheets',
  });
  await members(
    app,
    actor,
    clerks,
    [0, 1, 2].map((i) => ({ personId: lookup.personId(`staff:HR:${i}`), reason: 'Payroll team' })),
  );
  const roles = await application(app, actor, {
    name: 'payroll',
    label: 'Payroll',
    description: 'Timesheets and payslips',
    resources: [
      { name: 'timesheets', label: 'Timesheets' },
      { name: 'payslips', label: 'Payslips' },
    ],
    roles: [
      {
        name: 'clerk',
        label: 'Payroll clerk',
        permissions: [
          { action: 'approve', resource: 'timesheets', limits: [weekdays] },
          { action: 'read', resource: 'payslips' },
        ],
      },
    ],
  });
  await assignToGroup(app, actor, roles.get('clerk')!, clerks, { kind: 'everywhere' }, 'Grouper scenario: payroll');
}

async function dormDoors(app: App, actor: Actor, root: number, lookup: DemoRequestLookup): Promise<void> {
  const ras = await group(app, actor, root, {
    extension: 'resident-assistants',
    description: 'Students who look after a hall of residence',
  });
  await members(
    app,
    actor,
    ras,
    [0, 1].map((i) => ({ personId: lookup.personId(`student:COMP:${i}`), reason: 'Hall RA this year' })),
  );
  const residents = await group(app, actor, root, {
    extension: 'residents',
    description: 'Everyone with a current housing contract',
    rule: { all: [{ type: 'affiliation', orgCode: 'EST', kinds: ['resident'] }] },
  });
  const halls = [1, 2, 3].map((n) => ({ name: `hall-${n}`, label: `Hall ${n}`, parent: 'halls' }));
  const roles = await application(app, actor, {
    name: 'dorm-doors',
    label: 'Halls of residence doors',
    description: 'Card readers on the halls of residence',
    resources: [{ name: 'halls', label: 'All halls' }, ...halls],
    roles: [
      { name: 'ra', label: 'Resident assistant', permissions: [{ action: 'open', resource: 'halls' }] },
      {
        name: 'resident',
        label: 'Resident',
        permissions: [
          { action: 'open', resource: 'halls', limits: [{ kind: 'time-window', from: '07:00', to: '23:00' }] },
        ],
      },
    ],
  });
  await assignToGroup(app, actor, roles.get('ra')!, ras, { kind: 'everywhere' }, 'Grouper scenario: dorm doors (RA)');
  await assignToGroup(
    app,
    actor,
    roles.get('resident')!,
    residents,
    { kind: 'everywhere' },
    'Grouper scenario: dorm doors',
  );
}

async function course(app: App, actor: Actor, root: number, lookup: DemoRequestLookup, today: string) {
  const comp101 = await group(app, actor, root, {
    extension: 'comp101-students',
    description: 'COMP101 Programming I, this term; one student has an extension for coursework',
  });
  const termEnds = addDays(today, 60);
  await members(app, actor, comp101, [
    ...[3, 4, 5, 6].map((i) => ({ personId: lookup.personId(`student:COMP:${i}`), until: termEnds })),
    { personId: lookup.personId('student:COMP:7'), until: addDays(termEnds, 21), reason: 'Extension to hand in' },
  ]);
}

async function professional(app: App, actor: Actor, root: number, lookup: DemoRequestLookup) {
  const society = await group(app, actor, root, {
    extension: 'engineering-society',
    description: 'Members of the Northbridge Engineering Society, kept by its secretary',
  });
  await members(
    app,
    actor,
    society,
    [0, 1, 2].map((i) => ({ personId: lookup.personId(`emeritus:EMER:${i}`), reason: 'Society member' })),
  );
}

async function pharmacy(app: App, actor: Actor, root: number, lookup: DemoRequestLookup) {
  const approvers = await group(app, actor, root, {
    extension: 'restock-approvers',
    description: 'Nursing staff who approve ward drug restocking orders',
  });
  await members(
    app,
    actor,
    approvers,
    [0, 1].map((i) => ({ personId: lookup.personId(`staff:NURS:${i}`), reason: 'Ward sister' })),
  );
  const roles = await application(app, actor, {
    name: 'pharmacy',
    label: 'Ward pharmacy',
    description: 'Restocking orders for ward drug cupboards',
    resources: [{ name: 'restock-orders', label: 'Restock orders' }],
    roles: [
      {
        name: 'approver',
        label: 'Restock approver',
        permissions: [{ action: 'approve', resource: 'restock-orders', limits: [weekdays] }],
      },
    ],
  });
  await assignToGroup(app, actor, roles.get('approver')!, approvers, { kind: 'everywhere' }, 'Grouper scenario');
}

async function departments(app: App, actor: Actor, parent: number): Promise<void> {
  for (const code of DEPARTMENTS)
    await group(app, actor, parent, {
      extension: `${code.toLowerCase()}-people`,
      description: `Staff and faculty of ${code} and the units below it`,
      rule: { all: [{ type: 'affiliation', orgCode: code, subtree: true, kinds: ['staff', 'faculty'] }] },
    });
}

async function streams(app: App, actor: Actor): Promise<void> {
  const existing = new Set((await app.streams.listStreams(actor)).map((s) => s.name));
  if (!existing.has('library'))
    await app.streams.createStream(actor, {
      name: 'library',
      label: 'Library privileges',
      accessRole: 'library',
      description: 'What the library keeps about a borrower beyond the registry',
      fields: [
        { name: 'loan_limit', label: 'Loan limit', type: 'number', default: 20 },
        { name: 'carrel', label: 'Study carrel', type: 'text', length: 20 },
        { name: 'blocked', label: 'Borrowing blocked', type: 'boolean', default: false },
      ],
    });
  if (!existing.has('card'))
    await app.streams.createStream(actor, {
      name: 'card',
      label: 'ID card',
      accessRole: 'card-office',
      description: 'The card office: photo taken, card colour',
      fields: [
        { name: 'photo_on_file', label: 'Photo on file', type: 'boolean', default: false },
        { name: 'colour', label: 'Card colour', type: 'enum', options: ['blue', 'green', 'red'] },
      ],
    });
}

/** Loads the scenarios; returns how many groups the demo's access folders hold. */
export async function loadDemoAccess(app: App, actor: Actor, lookup: DemoRequestLookup): Promise<number> {
  const today = isoDate(app.clock.now());
  const root = await folder(app, actor, null, 'northbridge');
  const apps = await folder(app, actor, root, 'apps');
  await payroll(app, actor, apps, lookup);
  await dormDoors(app, actor, apps, lookup);
  await course(app, actor, apps, lookup, today);
  await professional(app, actor, apps, lookup);
  await pharmacy(app, actor, apps, lookup);
  const depts = await folder(app, actor, root, 'departments');
  await departments(app, actor, depts);
  const fse = await folder(app, actor, root, 'science-engineering');
  const admins = await app.groups.privileges.list(actor, { folderId: fse });
  const manager = lookup.personId('sci-manager');
  if (!admins.some((p) => p.personId === manager && p.privilege === 'admin'))
    await app.groups.privileges.grant(actor, { folderId: fse }, { privilege: 'admin', personId: manager });
  await streams(app, actor);
  return (await app.groups.folders.list(actor, apps)).groups.length + DEPARTMENTS.length;
}
