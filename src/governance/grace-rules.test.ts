import { describe, expect, it } from 'vitest';
import type { EligibilityFacts } from '../platform/db/governance-tables.ts';
import {
  classifyChange,
  factDifferences,
  type GraceChecks,
  graceChecksOf,
  graceDays,
  graceEnd,
  graceStep,
  membershipEnd,
  noticeList,
  noticesFor,
  rolesText,
} from './grace-rules.ts';
import { clearSentence, graceSentence, longDate } from './grace-texts.ts';

const facts = (f: Partial<EligibilityFacts> = {}): EligibilityFacts => ({
  statuses: ['Staff'],
  department: 'PAY',
  title: 'Clerk',
  supporting: [],
  ...f,
});
const none: GraceChecks = { requiredStatuses: [], supportingGroupIds: [], employmentKinds: null };
const high = (k: 'job' | 'department' | 'leaving' | 'requirement') =>
  graceDays({ job: 14, department: 5, leaving: 0 }, 'high', k);
const at = new Date('2027-02-26T09:00:00Z');

describe('classifyChange: stored facts against today’s', () => {
  it('finds no change when the facts are the same, or when the member only gained something', () => {
    expect(classifyChange(facts(), facts(), none)).toBeNull();
    expect(classifyChange(facts({ department: null, title: null }), facts(), none)).toBeNull();
    expect(classifyChange(facts({ statuses: [] }), facts({ statuses: ['Staff', 'Alumni'] }), none)).toBeNull();
  });

  it('a new title in the same department is a job change', () => {
    expect(classifyChange(facts(), facts({ title: 'Senior Clerk' }), none)).toEqual({
      kind: 'job',
      fact: 'title',
      from: 'Clerk',
      to: 'Senior Clerk',
    });
  });

  it('another department is a department change, whatever the title did', () => {
    expect(classifyChange(facts(), facts({ department: 'HR', title: 'Analyst' }), none)).toEqual({
      kind: 'department',
      fact: 'department',
      from: 'PAY',
      to: 'HR',
    });
  });

  it('no employment department any more is leaving; so is losing the required status with none left', () => {
    expect(classifyChange(facts(), facts({ department: null, title: null }), none)).toMatchObject({
      kind: 'leaving',
      fact: 'department',
      to: null,
    });
    const student = { ...none, requiredStatuses: ['Student'] };
    expect(
      classifyChange(
        facts({ department: null, title: null, statuses: ['Student'] }),
        facts({ department: null, title: null, statuses: [] }),
        student,
      ),
    ).toMatchObject({ kind: 'leaving', fact: 'statuses', from: ['Student'], to: [] });
  });

  it('losing the required status or every supporting group while employed is a lost requirement', () => {
    const staff = { ...none, requiredStatuses: ['Staff', 'Faculty'] };
    expect(classifyChange(facts(), facts({ statuses: ['Alumni'] }), staff)).toMatchObject({
      kind: 'requirement',
      fact: 'statuses',
    });
    // one of the required statuses is enough
    expect(classifyChange(facts(), facts({ statuses: ['Faculty'] }), staff)).toBeNull();
    const cleanup = { ...none, supportingGroupIds: [7, 9] };
    expect(classifyChange(facts({ supporting: [7] }), facts({ supporting: [] }), cleanup)).toEqual({
      kind: 'requirement',
      fact: 'supporting',
      from: [7],
      to: [],
    });
    expect(classifyChange(facts({ supporting: [7] }), facts({ supporting: [9] }), cleanup)).toBeNull();
    // a requirement the member did not meet at grant (an end date was required instead) is not lost
    expect(classifyChange(facts({ supporting: [] }), facts({ supporting: [] }), cleanup)).toBeNull();
  });

  it('takes the most severe change when several facts changed', () => {
    const staff = { ...none, requiredStatuses: ['Staff'] };
    expect(classifyChange(facts(), facts({ department: 'HR', statuses: [] }), staff)?.kind).toBe('department');
    expect(classifyChange(facts(), facts({ title: 'Boss', statuses: [] }), staff)?.kind).toBe('requirement');
    expect(classifyChange(facts(), facts({ department: null, statuses: [] }), staff)?.kind).toBe('leaving');
  });

  it('reads the checks it watches from a policy and ignores the others', () => {
    expect(
      graceChecksOf({ requiredStatuses: ['Staff', 3], supportingGroupIds: [4, '5', -1], subjectType: 'person' }),
    ).toEqual({ requiredStatuses: ['Staff'], supportingGroupIds: [4, 5], employmentKinds: null });
    expect(graceChecksOf({ employmentKinds: ['staff'] }).employmentKinds).toEqual(['staff']);
    expect(graceChecksOf(null)).toEqual(none);
  });
});

describe('grace periods', () => {
  it('gives the seed’s days per level and kind, the policy’s own table first', () => {
    expect(['job', 'department', 'leaving'].map((k) => high(k as 'job'))).toEqual([14, 5, 0]);
    expect(['job', 'department', 'leaving'].map((k) => graceDays(null, 'medium', k as 'job'))).toEqual([30, 30, 0]);
    expect(graceDays({ job: 3 }, 'medium', 'job')).toBe(3);
    expect(graceDays({ job: -1 } as never, 'medium', 'job')).toBe(30);
    expect(graceEnd(at, 14).toISOString()).toBe('2027-03-12T09:00:00.000Z');
    expect(graceEnd(at, 0)).toEqual(at);
  });

  it('starts, leaves alone, tightens, replaces and clears', () => {
    const job = classifyChange(facts(), facts({ title: 'Boss' }), none)!;
    const dept = classifyChange(facts(), facts({ department: 'HR' }), none)!;
    const leave = classifyChange(facts(), facts({ department: null }), none)!;
    expect(graceStep(null, null, at, high)).toEqual({ action: 'none' });
    const started = graceStep(null, job, at, high);
    expect(started).toMatchObject({ action: 'start', days: 14, endsAt: new Date('2027-03-12T09:00:00Z') });
    const running = { kind: 'job' as const, endsAt: new Date('2027-03-12T09:00:00Z') };
    expect(graceStep(running, job, new Date('2027-03-01T00:00:00Z'), high)).toEqual({ action: 'none' });
    // a department change on top: 5 days from now is earlier than the job change's end
    expect(graceStep(running, dept, new Date('2027-03-01T09:00:00Z'), high)).toMatchObject({
      action: 'escalate',
      endsAt: new Date('2027-03-06T09:00:00Z'),
    });
    // … but never later than the end already set
    expect(graceStep(running, dept, new Date('2027-03-10T09:00:00Z'), high)).toMatchObject({
      action: 'escalate',
      endsAt: running.endsAt,
    });
    expect(graceStep(running, leave, at, high)).toMatchObject({ action: 'escalate', endsAt: at, days: 0 });
    // the department came back but the title is new: a job change's grace from now
    const deptRunning = { kind: 'department' as const, endsAt: new Date('2027-03-03T09:00:00Z') };
    expect(graceStep(deptRunning, job, at, high)).toMatchObject({ action: 'replace', days: 14 });
    expect(graceStep(deptRunning, null, at, high)).toEqual({ action: 'clear' });
  });

  it('never gives a membership a later end than it had', () => {
    const grace = new Date('2027-03-12T09:00:00Z');
    expect(membershipEnd(null, grace)).toEqual(grace);
    expect(membershipEnd(new Date('2027-03-01T00:00:00Z'), grace)).toEqual(new Date('2027-03-01T00:00:00Z'));
    expect(membershipEnd(new Date('2027-12-31T00:00:00Z'), grace)).toEqual(grace);
  });
});

describe('notices', () => {
  const p = (personId: number, name: string) => ({ personId, name, address: `${name}@x.example` });

  it('follows the seed: the member except on leaving; old and new manager; owner and delegates', () => {
    expect(noticesFor('leaving').member).toBe(false);
    for (const k of ['job', 'department', 'requirement'] as const)
      expect(noticesFor(k)).toMatchObject({ member: true });
    const parties = {
      member: p(1, 'ada'),
      oldManagers: [p(2, 'cid')],
      newManagers: [p(2, 'cid'), p(3, 'dee')],
      owner: p(4, 'own'),
      delegates: [p(4, 'own'), p(5, 'del')],
    };
    expect(noticeList(noticesFor('job'), parties).map((x) => [x.personId, x.roles])).toEqual([
      [1, ['member']],
      [2, ['old-manager', 'new-manager']],
      [3, ['new-manager']],
      [4, ['owner', 'delegate']],
      [5, ['delegate']],
    ]);
    expect(noticeList(noticesFor('leaving'), parties).map((x) => x.personId)).toEqual([2, 3, 4, 5]);
    expect(rolesText(['old-manager', 'new-manager'])).toBe("the member's manager");
    expect(rolesText(['owner', 'delegate'])).toBe("the owner of the policy and a delegate for the member's department");
  });

  it('says why in one sentence', () => {
    const change = classifyChange(facts(), facts({ title: 'Senior Clerk' }), none)!;
    expect(longDate(new Date('2027-03-12T09:00:00Z'))).toBe('12 March 2027');
    expect(graceSentence({ change, level: 'high', days: 14, seenAt: at, endsAt: graceEnd(at, 14) })).toBe(
      'The job title changed from Clerk to Senior Clerk (seen 2027-02-26 09:00 UTC); high-security policies allow 14 days after a job change in the same department, so the membership ends on 12 March 2027 (2027-03-12 09:00 UTC).',
    );
    const gone = classifyChange(facts(), facts({ department: null, title: null }), none)!;
    expect(graceSentence({ change: gone, level: 'medium', days: 0, seenAt: at, endsAt: at })).toContain(
      'The department changed from PAY to (none) (seen 2027-02-26 09:00 UTC); medium-security policies allow no grace after leaving employment',
    );
    expect(clearSentence({ kind: 'department', endsAt: graceEnd(at, 5), seenAt: at, previousEnd: null })).toContain(
      'the end on 3 March 2027 set for a department change is cleared; it has no end date again',
    );
  });

  it('lists the facts that differ between grant and today', () => {
    expect(factDifferences(facts(), facts({ statuses: ['Staff'] }))).toEqual([]);
    expect(factDifferences(facts(), facts({ title: 'Boss', supporting: [3] }))).toEqual([
      { fact: 'title', atGrant: 'Clerk', today: 'Boss' },
      { fact: 'supporting', atGrant: [], today: [3] },
    ]);
  });
});
