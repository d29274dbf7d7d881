import { describe, expect, it } from 'vitest';
import { DEFAULT_GRACE, DEFAULT_NOTIFY, policyProblems, referencedGroups, targetOf } from './policy-rules.ts';

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
