import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GRACE,
  DEFAULT_NOTIFY,
  policyProblems,
  referencedGroups,
  referencedPeople,
  targetOf,
} from './policy-rules.ts';

const fields = (r: { problems: { field: string; rule: string }[] }) => r.problems.map((p) => `${p.field} ${p.rule}`);

describe('policy rules', () => {
  it('fills a medium policy from defaults and takes the high table for the high level', () => {
    const medium = policyProblems({ name: 'payroll' });
    expect(medium.problems).toEqual([]);
    expect(medium.settings).toMatchObject({
      securityLevel: 'medium',
      grace: { job: 30, department: 30, leaving: 0, requirement: 30 },
      notify: DEFAULT_NOTIFY,
      expiryRequired: false,
      maxDays: null,
      massLossPercent: 20,
      stages: [],
    });
    expect(policyProblems({ name: 'hr', securityLevel: 'high' }).settings!.grace).toEqual({
      job: 14,
      department: 5,
      leaving: 0,
      requirement: 5,
    });
    expect(DEFAULT_GRACE.high.job).toBe(14);
  });

  it('refuses a negative grace day naming the field, and a custom table missing kinds', () => {
    const r = policyProblems({
      name: 'x',
      securityLevel: 'custom',
      grace: { job: -1, department: 2.5, leaving: 0 },
    });
    expect(r.settings).toBeNull();
    expect(fields(r)).toEqual(['/grace/job minimum', '/grace/department type:integer', '/grace/requirement required']);
    expect(fields(policyProblems({ name: 'x', securityLevel: 'custom' }))).toEqual(['/grace required']);
    expect(fields(policyProblems({ name: 'x', grace: { job: 1 } }))).toEqual(['/grace custom-only']);
    const ok = policyProblems({
      name: 'x',
      securityLevel: 'custom',
      grace: { job: 7, department: 3, leaving: 0, requirement: 1 },
    });
    expect(ok.settings!.grace).toEqual({ job: 7, department: 3, leaving: 0, requirement: 1 });
  });

  it('checks principals, stages, checks and notify by shape, each problem at its field', () => {
    const r = policyProblems({
      name: 'Bad Name',
      directAdders: [{ kind: 'person' }, { kind: 'owner' }, { kind: 'wizard' }],
      stages: [{ approvers: [] }, { approvers: [{ kind: 'group', groupId: 4, extra: 1 }] }],
      checks: { subjectTypes: ['robot'], colour: 'red', expiryRequiredUnlessSupported: true },
      notify: { added: ['approvers'], later: [] },
      maxDays: 0,
      massLossPercent: 101,
    });
    expect(fields(r)).toEqual(
      expect.arrayContaining([
        '/name pattern',
        '/maxDays minimum',
        '/massLossPercent range',
        '/directAdders/0/personId type:id',
        '/directAdders/1/kind owner-required',
        '/directAdders/2/kind enum',
        '/stages/0/approvers required',
        '/stages/1/approvers/0/extra known',
        '/checks/colour known',
        '/checks/subjectTypes/0 enum',
        '/checks/expiryRequiredUnlessSupported needs-support',
        '/notify/added/0 approvers-on-request',
        '/notify/later known',
      ]),
    );
  });

  it('attaches to exactly one target, and keeps it on update', () => {
    expect(targetOf({ groupId: 3 }).target).toEqual({ kind: 'group', id: 3 });
    expect(targetOf({ folderId: 2 }).target).toEqual({ kind: 'folder', id: 2 });
    expect(fields(targetOf({}))).toEqual(['/groupId required']);
    expect(fields(targetOf({ groupId: 1, roleId: 2 }))).toEqual(['/groupId one-of']);
    const current = policyProblems({
      name: 'p',
      securityLevel: 'custom',
      grace: { job: 1, department: 1, leaving: 0, requirement: 1 },
    }).settings!;
    expect(fields(policyProblems({ groupId: 9 }, current))).toEqual(['/groupId immutable']);
    // an update that changes the level to high takes the high table; other fields stay
    const high = policyProblems({ securityLevel: 'high' }, { ...current, label: 'kept' }).settings!;
    expect(high).toMatchObject({ name: 'p', label: 'kept', securityLevel: 'high', grace: DEFAULT_GRACE.high });
  });

  it('names the groups a policy refers to, for the service to check they exist', () => {
    const s = policyProblems({
      name: 'p',
      directAdders: [{ kind: 'group', groupId: 5 }],
      stages: [{ approvers: [{ kind: 'group', groupId: 6 }, { kind: 'manager' }] }],
      checks: { supportingGroupIds: [7] },
    }).settings!;
    expect(referencedGroups(s)).toEqual([
      { field: '/directAdders/0/groupId', groupId: 5 },
      { field: '/stages/0/approvers/0/groupId', groupId: 6 },
      { field: '/checks/supportingGroupIds/0', groupId: 7 },
    ]);
  });
});

describe('policy rules: every field refused at its place, and what an update keeps (issue 18)', () => {
  const custom = { job: 7, department: 3, leaving: 0, requirement: 1 };
  const bad = (input: Record<string, unknown>) => fields(policyProblems({ name: 'p', ...input }));

  it('attaches to a group, a folder or a role by a positive id', () => {
    expect(targetOf({ roleId: 4 })).toEqual({ target: { kind: 'role', id: 4 }, problems: [] });
    expect(targetOf({ groupId: null, folderId: 2 }).target).toEqual({ kind: 'folder', id: 2 });
    expect(targetOf({ groupId: 0 })).toEqual({
      target: null,
      problems: [{ field: '/groupId', rule: 'type:id', message: 'must be a positive integer id' }],
    });
    expect(fields(targetOf({ folderId: 'x' }))).toEqual(['/folderId type:id']);
    expect(targetOf({}).problems[0].message).toBe(
      'a policy attaches to exactly one of a group (groupId), a folder (folderId) or an access role (roleId)',
    );
  });

  it('takes each kind of principal with its own fields only', () => {
    const ok = policyProblems({
      name: 'p',
      ownerPersonId: 9,
      directAdders: [
        { kind: 'person', personId: 3 },
        { kind: 'group', groupId: 4 },
        { kind: 'privilege', privilege: 'admin' },
        { kind: 'privilege', privilege: 'update' },
        { kind: 'owner' },
        { kind: 'delegates' },
        { kind: 'manager' },
      ],
    });
    expect(ok.problems).toEqual([]);
    expect(
      bad({
        directAdders: [
          3,
          null,
          [],
          { kind: 'person', personId: 3, groupId: 4 },
          { kind: 'group' },
          { kind: 'privilege', privilege: 'read' },
          { kind: 'owner', personId: 1 },
          { kind: 'manager', orgId: 2 },
          { kind: 'delegates', x: 1 },
        ],
      }),
    ).toEqual([
      '/directAdders/0 type:object',
      '/directAdders/1 type:object',
      '/directAdders/2 type:object',
      '/directAdders/3/groupId known',
      '/directAdders/4/groupId type:id',
      '/directAdders/5/privilege enum',
      '/directAdders/6/personId known',
      '/directAdders/6/kind owner-required',
      '/directAdders/7/orgId known',
      '/directAdders/8/x known',
    ]);
    expect(bad({ requesters: 'everyone' })).toEqual(['/requesters type:array']);
    expect(bad({ requesters: [{ kind: 'wizard' }] })).toEqual(['/requesters/0/kind enum']);
    expect(policyProblems({ name: 'p', requesters: [{ kind: 'owner' }] }).problems[0].message).toBe(
      'the policy has no owner: set ownerPersonId',
    );
  });

  it('takes stages of approvers only', () => {
    expect(bad({ stages: 'one' })).toEqual(['/stages type:array']);
    expect(bad({ stages: [3, { approvers: 'x' }, { approvers: [{ kind: 'manager' }], name: 'a' }] })).toEqual([
      '/stages/0/approvers required',
      '/stages/1/approvers required',
      '/stages/2/name known',
    ]);
    expect(bad({ stages: [{ approvers: [{ kind: 'person', personId: -1 }] }] })).toEqual([
      '/stages/0/approvers/0/personId type:id',
    ]);
  });

  it('checks the checks: kinds of member, attributes, name lists, group ids, expiry unless supported', () => {
    expect(bad({ checks: 'none' })).toEqual(['/checks type:object']);
    expect(bad({ checks: [] })).toEqual(['/checks type:object']);
    expect(bad({ checks: { subjectTypes: [] } })).toEqual(['/checks/subjectTypes type:array']);
    expect(bad({ checks: { subjectTypes: 'person' } })).toEqual(['/checks/subjectTypes type:array']);
    expect(bad({ checks: { subjectTypes: ['person', 'group', 'admin-account', 'service-account'] } })).toEqual([]);
    expect(bad({ checks: { requiredAttributes: 'dept' } })).toEqual(['/checks/requiredAttributes type:array']);
    expect(
      bad({
        checks: {
          requiredAttributes: [
            { name: 'a' },
            { name: 'b', value: 3 },
            { name: 'c', value: true },
            { name: 'd', value: 'x' },
            {},
            { name: ' ' },
            'e',
            { name: 'f', value: {} },
            { name: 'g', colour: 1 },
          ],
        },
      }),
    ).toEqual([
      '/checks/requiredAttributes/4 type:object',
      '/checks/requiredAttributes/5 type:object',
      '/checks/requiredAttributes/6 type:object',
      '/checks/requiredAttributes/7/value type:scalar',
      '/checks/requiredAttributes/8/colour known',
    ]);
    for (const k of ['requiredIdentifiers', 'requiredStatuses', 'employmentKinds']) {
      expect(bad({ checks: { [k]: 'x' } })).toEqual([`/checks/${k} type:array`]);
      expect(bad({ checks: { [k]: ['a', ' ', 3, 'a'] } })).toEqual([
        `/checks/${k}/1 type:string`,
        `/checks/${k}/2 type:string`,
        `/checks/${k} unique`,
      ]);
    }
    expect(bad({ checks: { supportingGroupIds: 5 } })).toEqual(['/checks/supportingGroupIds type:array']);
    expect(bad({ checks: { supportingGroupIds: [5, 0] } })).toEqual(['/checks/supportingGroupIds/1 type:id']);
    expect(bad({ checks: { expiryRequiredUnlessSupported: 'yes' } })).toEqual([
      '/checks/expiryRequiredUnlessSupported type:boolean',
    ]);
    expect(bad({ checks: { expiryRequiredUnlessSupported: false } })).toEqual([]);
    expect(bad({ checks: { expiryRequiredUnlessSupported: true, requiredStatuses: ['staff'] } })).toEqual([]);
    expect(bad({ checks: { expiryRequiredUnlessSupported: true, supportingGroupIds: [3] } })).toEqual([]);
    expect(
      bad({ checks: { expiryRequiredUnlessSupported: true, requiredStatuses: [], supportingGroupIds: [] } }),
    ).toEqual(['/checks/expiryRequiredUnlessSupported needs-support']);
    expect(policyProblems({ name: 'p', checks: { colour: 1 } }).problems[0].message).toBe(
      'unknown check colour (known: subjectTypes, requiredAttributes, requiredIdentifiers, requiredStatuses, ' +
        'supportingGroupIds, expiryRequiredUnlessSupported, employmentKinds)',
    );
  });

  it('refuses an unknown kind in a custom grace table, and a table for a level that has its own', () => {
    expect(bad({ securityLevel: 'custom', grace: { ...custom, holiday: 3 } })).toEqual(['/grace/holiday known']);
    expect(policyProblems({ name: 'p', securityLevel: 'high', grace: null }).settings!.grace).toEqual(
      DEFAULT_GRACE.high,
    );
    expect(policyProblems({ name: 'p', securityLevel: 'high', grace: custom }).problems[0].message).toBe(
      'the high level has its own grace table: choose securityLevel custom',
    );
  });

  it('takes a notify table by event, keeping the default for events not named', () => {
    expect(policyProblems({ name: 'p', notify: null }).settings!.notify).toEqual(DEFAULT_NOTIFY);
    expect(
      policyProblems({ name: 'p', notify: { decided: ['requester', 'member', 'member'] } }).settings!.notify,
    ).toEqual({ ...DEFAULT_NOTIFY, decided: ['requester', 'member'] });
    expect(bad({ notify: ['approvers'] })).toEqual(['/notify type:object']);
    expect(bad({ notify: { decided: 'requester' } })).toEqual(['/notify/decided type:array']);
    expect(bad({ notify: { added: ['member', 'wizard'] } })).toEqual(['/notify/added/1 enum']);
    expect(bad({ notify: { requested: ['approvers'] } })).toEqual([]);
  });

  it('refuses a bad name, label, expiry flag, longest membership, mass-loss share, owner or level', () => {
    expect(bad({ name: 'a'.repeat(100) })).toEqual([]);
    expect(bad({ name: 'a'.repeat(101) })).toEqual(['/name pattern']);
    expect(bad({ name: '-p' })).toEqual(['/name pattern']);
    expect(bad({ name: 'p q' })).toEqual(['/name pattern']);
    expect(fields(policyProblems({}))).toEqual(['/name pattern']);
    expect(bad({ label: 'l'.repeat(200) })).toEqual([]);
    expect(bad({ label: 'l'.repeat(201) })).toEqual(['/label type:string']);
    expect(bad({ label: 3 })).toEqual(['/label type:string']);
    expect(bad({ expiryRequired: 'yes' })).toEqual(['/expiryRequired type:boolean']);
    expect(bad({ maxDays: 1 })).toEqual([]);
    expect(bad({ maxDays: 1.5 })).toEqual(['/maxDays minimum']);
    for (const massLossPercent of [1, 100]) expect(bad({ massLossPercent })).toEqual([]);
    for (const massLossPercent of [0, 50.5, 'ten'])
      expect(bad({ massLossPercent })).toEqual(['/massLossPercent range']);
    expect(bad({ ownerPersonId: 0 })).toEqual(['/ownerPersonId type:id']);
    expect(bad({ securityLevel: 'low' })).toEqual(['/securityLevel enum']);
  });

  it('stores every setting given on create, and not the target', () => {
    const input = {
      name: 'p',
      label: 'Payroll',
      groupId: 3,
      directAdders: [{ kind: 'manager' }],
      requesters: [{ kind: 'person', personId: 4 }],
      stages: [{ approvers: [{ kind: 'owner' }] }],
      checks: { requiredStatuses: ['staff'] },
      securityLevel: 'custom',
      grace: custom,
      notify: { added: ['member'] },
      expiryRequired: true,
      maxDays: 90,
      massLossPercent: 5,
      ownerPersonId: 8,
    };
    expect(policyProblems(input)).toEqual({
      settings: {
        name: 'p',
        label: 'Payroll',
        directAdders: [{ kind: 'manager' }],
        requesters: [{ kind: 'person', personId: 4 }],
        stages: [{ approvers: [{ kind: 'owner' }] }],
        checks: { requiredStatuses: ['staff'] },
        securityLevel: 'custom',
        grace: custom,
        notify: { ...DEFAULT_NOTIFY, added: ['member'] },
        expiryRequired: true,
        maxDays: 90,
        massLossPercent: 5,
        ownerPersonId: 8,
      },
      problems: [],
    });
  });

  it('keeps on update what the update does not name: the notify table, a custom grace table', () => {
    const current = policyProblems({
      name: 'p',
      securityLevel: 'custom',
      grace: custom,
      notify: { added: ['owner'] },
    }).settings!;
    const relabelled = policyProblems({ label: 'New', notify: undefined }, current).settings!;
    expect(relabelled).toEqual({ ...current, label: 'New' });
    expect(policyProblems({ notify: { added: ['member'] } }, current).settings!.notify.added).toEqual(['member']);
    expect(policyProblems({ securityLevel: 'custom' }, current).settings!.grace).toEqual(custom);
    expect(policyProblems({ securityLevel: 'medium' }, current).settings!.grace).toEqual(DEFAULT_GRACE.medium);
    const medium = policyProblems({ name: 'm' }).settings!;
    expect(fields(policyProblems({ grace: custom }, medium))).toEqual(['/grace custom-only']);
    expect(policyProblems({ maxDays: 30 }, medium).settings!.grace).toEqual(DEFAULT_GRACE.medium);
    expect(fields(policyProblems({ folderId: 1, roleId: 2 }, medium))).toEqual([
      '/folderId immutable',
      '/roleId immutable',
    ]);
  });

  it('tells by default the approvers of a request, the requester of a decision, and the member and those around it of an add', () => {
    const created = policyProblems({ name: 'p' }).settings!;
    expect(created.notify).toEqual({
      requested: ['approvers'],
      decided: ['requester'],
      added: ['member', 'manager', 'owner', 'delegates'],
    });
    expect(created.label).toBe('');
  });

  it('keeps a field an update leaves undefined, and refuses a grace table beside a level that has its own', () => {
    const current = policyProblems({ name: 'p', label: 'Payroll' }).settings!;
    expect(policyProblems({ label: undefined, maxDays: 10 }, current).settings!.label).toBe('Payroll');
    expect(fields(policyProblems({ securityLevel: 'high', grace: custom }, current))).toEqual(['/grace custom-only']);
  });

  it('names the people and groups a policy refers to, wherever they are', () => {
    const s = policyProblems({
      name: 'p',
      ownerPersonId: 9,
      directAdders: [{ kind: 'person', personId: 1 }],
      requesters: [
        { kind: 'group', groupId: 2 },
        { kind: 'person', personId: 3 },
      ],
      stages: [{ approvers: [{ kind: 'manager' }] }, { approvers: [{ kind: 'person', personId: 4 }] }],
    }).settings!;
    expect(referencedPeople(s)).toEqual([
      { field: '/directAdders/0/personId', personId: 1 },
      { field: '/requesters/1/personId', personId: 3 },
      { field: '/stages/1/approvers/0/personId', personId: 4 },
      { field: '/ownerPersonId', personId: 9 },
    ]);
    expect(referencedGroups(s)).toEqual([{ field: '/requesters/0/groupId', groupId: 2 }]);
    expect(referencedPeople(policyProblems({ name: 'p' }).settings!)).toEqual([]);
  });
});
