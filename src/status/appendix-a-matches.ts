import type { DirectoryFlag, StatusMatch, StatusTypeDefinition } from './status-types.ts';

/**
 * How Appendix A's status types match the records of the sources the demo registers; the
 * data generators follow these conventions:
 *
 * - `hr`, kind `employee`: one code per job, the job status letter then the employee class
 *   (A = active, F = on leave with full pay, P = on leave with partial pay; class E exempt,
 *   X executive, N non-exempt, F faculty), e.g. AE12. A new hire HR has cleared but payroll
 *   has not classified yet carries attributes hr_ok = Y and hr_status = staff | faculty;
 *   Hartford campus staff carry campus = H.
 * - `sis`, kind `student`: code = campus letter then college letter (T = main campus,
 *   H = Hartford, D = distance education; A architecture, E engineering, S science), and
 *   attribute level = UG | GR; Hartford students also registered_this_term = Y | N.
 * - `housing`, kind `resident`: an active housing contract.
 * - `guests`, kind `guest`: code = the ID card office's entry type (rotc-staff, vendor …).
 * - `lists`, kind `member`: code = the list an office keeps (MR619 = engineering emeriti).
 */
export const hr = (codes: string[]): StatusMatch => ({ sources: ['hr'], kinds: ['employee'], codes });
export const newHire = (hrStatus: string): StatusMatch => ({
  sources: ['hr'],
  kinds: ['employee'],
  attributes: { hr_ok: 'Y', hr_status: hrStatus },
});
export const student = (codes: string[], level: 'UG' | 'GR', extra: Record<string, string> = {}): StatusMatch => ({
  sources: ['sis'],
  kinds: ['student'],
  codes,
  attributes: { level, ...extra },
});
export const guest = (entryType: string): StatusMatch => ({
  sources: ['guests'],
  kinds: ['guest'],
  codes: [entryType],
});
export const list = (code: string): StatusMatch => ({ sources: ['lists'], kinds: ['member'], codes: [code] });

/** One status type in the appendix's column order. */
export function entry(
  rank: number,
  name: string,
  cardLabel: string | null,
  category: string,
  directory: DirectoryFlag,
  match: StatusMatch,
  description: string,
): StatusTypeDefinition {
  return { name, rank, category, cardLabel, directory, description, match };
}
