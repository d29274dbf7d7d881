import { describe, expect, it } from 'vitest';
import { appendixA } from './appendix-a.ts';
import { deriveIntervals, lastBefore, statusesOn } from './derive.ts';
import { fact, withIds } from './fixtures.ts';
import { compileMatchers } from './matching.ts';
import { statusTypeSetProblems } from './status-types.ts';

const types = withIds(appendixA);
const matcher = compileMatchers(types);
const named = (name: string) => types.find((t) => t.name === name)!.id;
const nameOf = (id: number | undefined) => types.find((t) => t.id === id)?.name;
const statusNames = (f: Parameters<typeof matcher>[0]) => matcher(f).map((t) => t.name);

const employee = (code: string, more: Partial<Parameters<typeof fact>[0]> = {}) =>
  fact({ source: 'hr', kind: 'employee', codes: [code], ...more });
const student = (
  code: string,
  level: string,
  more: Record<string, string> = {},
  validity: { validFrom?: string | null; validTo?: string | null } = {},
) => fact({ source: 'sis', kind: 'student', codes: [code], attributes: { level, ...more }, ...validity });
const resident = (validFrom: string | null, validTo: string | null) =>
  fact({ source: 'housing', kind: 'resident', validFrom, validTo });
const guest = (entryType: string) => fact({ source: 'guests', kind: 'guest', codes: [entryType] });

describe('Appendix A as status types', () => {
  it('validates as a set: every type well formed, names unique', () => {
    expect(statusTypeSetProblems(types)).toEqual([]);
  });

  it("keeps all 43 entries with the appendix's ranks, in its order", () => {
    expect(appendixA.map((t) => t.rank)).toEqual([
      750, 750, 750, 750, 740, 740, 740, 730, 730, 730, 730, 650, 650, 640, 640, 640, 640, 640, 640, 640, 640, 560, 550,
      550, 550, 550, 550, 550, 500, 500, 500, 300, 300, 300, 300, 300, 300, 260, 250, 200, 200, 150, 55,
    ]);
  });

  it('describes every status and gives the ID card its label', () => {
    for (const t of appendixA) {
      expect(t.description.length, t.name).toBeGreaterThan(20);
      expect(t.cardLabel, t.name).not.toBeNull();
    }
    expect(appendixA.find((t) => t.name === 'Employee on partial leave')?.cardLabel).toBe('Employee (PT)');
  });

  it("puts ROTC in the directory without choice, visitors at the department's choice, and keeps students out", () => {
    const flag = (name: string) => appendixA.find((t) => t.name === name)?.directory;
    expect(flag('ROTC staff')).toBe('Y');
    expect(flag('Visiting researcher')).toBe('O');
    expect(flag('Incubator company staff')).toBe('P');
    expect(flag('Undergraduate, engineering')).toBe('N');
    expect(flag('Conference guest')).toBe('N');
  });
});

describe("the demo's people under Appendix A", () => {
  it('a faculty member who is also a resident has primary status Faculty', () => {
    const intervals = deriveIntervals(
      [employee('AF03', { validFrom: '2019-09-01' }), resident('2025-08-20', '2026-08-19')],
      matcher,
    );
    const now = statusesOn(intervals, '2026-02-01');
    expect(nameOf(now.primary?.statusTypeId)).toBe('Faculty');
    expect(now.held.map((i) => nameOf(i.statusTypeId))).toEqual(['Faculty', 'Residence hall occupant']);
  });

  it('tells employee classes apart by their code', () => {
    expect(statusNames(employee('AE12'))).toEqual(['Exempt employee']);
    expect(statusNames(employee('AX01'))).toEqual(['Executive']);
    expect(statusNames(employee('AN07'))).toEqual(['Non-exempt employee']);
    expect(statusNames(employee('FF02'))).toEqual(['Employee on leave']);
    expect(statusNames(employee('PE02'))).toEqual(['Employee on partial leave']);
    expect(statusNames(employee('TE04'))).toEqual([]);
  });

  it('a new hire cleared by HR holds a status at once, and the regular one outranks it once payroll classifies them', () => {
    const cleared = { attributes: { hr_ok: 'Y', hr_status: 'staff' } };
    expect(statusNames(fact({ source: 'hr', kind: 'employee', ...cleared }))).toEqual(['Newly hired staff']);
    expect(statusNames(employee('AN03', cleared))).toEqual(['Non-exempt employee', 'Newly hired staff']);
  });

  it('places main-campus students by college and level', () => {
    expect(statusNames(student('TE', 'UG'))).toEqual(['Undergraduate, engineering']);
    expect(statusNames(student('TE', 'GR'))).toEqual(['Graduate, engineering']);
    expect(statusNames(student('TA', 'GR'))).toEqual(['Graduate, architecture']);
    expect(statusNames(student('DE', 'GR'))).toEqual(['Distance graduate']);
  });

  it('gives a Hartford graduate student a status only while registered this term', () => {
    expect(statusNames(student('HE', 'GR', { registered_this_term: 'Y' }))).toEqual(['Hartford graduate']);
    expect(statusNames(student('HE', 'GR', { registered_this_term: 'N' }))).toEqual([]);
  });

  it("maps the ID card office's entry types", () => {
    expect(statusNames(guest('rotc-faculty'))).toEqual(['ROTC faculty']);
    expect(statusNames(guest('conference-guest'))).toEqual(['Conference guest']);
    expect(statusNames(fact({ source: 'lists', kind: 'member', codes: ['MR621'] }))).toEqual([
      'Emeritus faculty, science',
    ]);
  });

  it('a graduate still living on campus keeps a status (resident), and their status before is Undergraduate', () => {
    const intervals = deriveIntervals(
      [
        student('TS', 'UG', {}, { validFrom: '2022-08-25', validTo: '2026-05-16' }),
        resident('2022-08-20', '2026-07-31'),
      ],
      matcher,
    );
    expect(nameOf(statusesOn(intervals, '2026-04-01').primary?.statusTypeId)).toBe('Undergraduate, science');
    expect(nameOf(statusesOn(intervals, '2026-06-10').primary?.statusTypeId)).toBe('Residence hall occupant');
    expect(nameOf(lastBefore(intervals, '2026-06-10')?.statusTypeId)).toBe('Undergraduate, science');
  });

  it('a staff member who becomes faculty on 1 July keeps an employee status throughout, with the bridge shown', () => {
    const intervals = deriveIntervals(
      [
        employee('AE12', { validFrom: '2021-01-04', validTo: '2026-06-30' }),
        employee('AF01', { validFrom: '2026-07-01' }),
      ],
      matcher,
    );
    const exempt = intervals.find((i) => i.statusTypeId === named('Exempt employee'))!;
    expect(exempt.bridgedTo).toEqual({
      statusTypeId: named('Faculty'),
      start: '2026-07-01',
      originalEnd: '2026-06-30',
    });
    expect(statusesOn(intervals, '2026-06-30').primary?.category).toBe('employee');
    expect(statusesOn(intervals, '2026-07-01').primary?.category).toBe('employee');
  });
});
