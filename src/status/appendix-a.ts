import type { DirectoryFlag, StatusMatch, StatusTypeDefinition } from './status-types.ts';

/**
 * The seed's Appendix A ("Selected People_Status_Types") as status types for the demo,
 * with the appendix's ranks and ID-card labels and descriptions in our own words. The
 * seed joined each type to a table with positional keys; here each is a match on the
 * sources of record the demo registers, and the data generators follow these conventions:
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
 *
 * Categories group statuses that may hand over to each other (look-ahead bridges gaps
 * within a category): a job ending on 30 June and another starting on 1 July.
 */

const hr = (codes: string[]): StatusMatch => ({ sources: ['hr'], kinds: ['employee'], codes });
const newHire = (hrStatus: string): StatusMatch => ({ sources: ['hr'], kinds: ['employee'], attributes: { hr_ok: 'Y', hr_status: hrStatus } });
const student = (codes: string[], level: 'UG' | 'GR', extra: Record<string, string> = {}): StatusMatch => ({ sources: ['sis'], kinds: ['student'], codes, attributes: { level, ...extra } });
const guest = (entryType: string): StatusMatch => ({ sources: ['guests'], kinds: ['guest'], codes: [entryType] });
const list = (code: string): StatusMatch => ({ sources: ['lists'], kinds: ['member'], codes: [code] });

function t(rank: number, name: string, cardLabel: string | null, category: string, directory: DirectoryFlag, match: StatusMatch, description: string): StatusTypeDefinition {
  return { name, rank, category, cardLabel, directory, description, match };
}

/** Appendix A, in the appendix's order: what the demo institution loads as its status types. */
export const appendixA: readonly StatusTypeDefinition[] = [
  t(750, 'Exempt employee', 'Employee', 'employee', 'Y', hr(['AE%']),
    'Salaried staff with an active job in an exempt (no overtime) class.'),
  t(750, 'Executive', 'Employee', 'employee', 'Y', hr(['AX%']),
    'Officers and senior leaders of the university with an active job.'),
  t(750, 'Non-exempt employee', 'Employee', 'employee', 'Y', hr(['AN%']),
    'Hourly staff with an active job in a class that is paid overtime.'),
  t(750, 'Faculty', 'Faculty', 'employee', 'Y', hr(['AF%']),
    'Teaching and research faculty with an active appointment.'),
  t(740, 'Newly hired staff', 'Employee', 'employee', 'Y', newHire('staff'),
    'Staff whom HR has cleared in person but payroll has not classified yet; the regular employee status outranks it once the class arrives.'),
  t(740, 'Hartford employee', 'Hartford Emp', 'employee', 'Y', { sources: ['hr'], kinds: ['employee'], attributes: { campus: 'H' } },
    'Works at the Hartford campus, whose staff come from that campus\'s own feed.'),
  t(740, 'Newly hired faculty', 'Faculty', 'employee', 'Y', newHire('faculty'),
    'Faculty whom HR has cleared in person before payroll has classified the appointment.'),
  t(730, 'ROTC staff', 'ROTC Staff', 'affiliate', 'Y', guest('rotc-staff'),
    'Military personnel posted to a ROTC detachment in a support role rather than teaching.'),
  t(730, 'ROTC faculty', 'ROTC Faculty', 'affiliate', 'Y', guest('rotc-faculty'),
    'Military personnel posted to a ROTC detachment who teach ROTC and other courses.'),
  t(730, 'Employee on leave', 'Employee', 'employee', 'Y', hr(['F%']),
    'An employee away on leave who keeps full pay and benefits.'),
  t(730, 'Employee on partial leave', 'Employee (PT)', 'employee', 'Y', hr(['P%']),
    'An employee away on leave with part of their pay and benefits.'),
  t(650, 'Visiting researcher', 'Visiting Researcher', 'affiliate', 'O', guest('visiting-researcher'),
    'Does research here without being paid by the university.'),
  t(650, 'Research professor', 'Research Professor', 'affiliate', 'O', guest('visiting-faculty'),
    'Teaches here without university pay, on the strength of a letter from the Provost or a Dean.'),
  t(640, 'Undergraduate, architecture', 'Undergrad', 'student', 'N', student(['TA'], 'UG'),
    'An undergraduate of the School of Architecture on the main campus.'),
  t(640, 'Graduate, science', 'Graduate', 'student', 'N', student(['TS'], 'GR'),
    'A graduate student of the School of Science on the main campus.'),
  t(640, 'Graduate, engineering', 'Graduate', 'student', 'N', student(['TE'], 'GR'),
    'A graduate student of the School of Engineering on the main campus.'),
  t(640, 'Distance graduate', 'PDE Grad', 'student', 'N', student(['D%'], 'GR'),
    'A graduate student in the professional distance education programme.'),
  t(640, 'Hartford graduate', 'HartGrad', 'student', 'N', student(['H%'], 'GR', { registered_this_term: 'Y' }),
    'A graduate student at Hartford who is registered this term; Hartford leaves occasional students active, so registration decides.'),
  t(640, 'Undergraduate, engineering', 'Undergrad', 'student', 'N', student(['TE'], 'UG'),
    'An undergraduate of the School of Engineering on the main campus.'),
  t(640, 'Undergraduate, science', 'Undergrad', 'student', 'N', student(['TS'], 'UG'),
    'An undergraduate of the School of Science on the main campus.'),
  t(640, 'Graduate, architecture', 'Graduate', 'student', 'N', student(['TA'], 'GR'),
    'A graduate student of the School of Architecture on the main campus.'),
  t(560, 'Incubator company staff', 'Incubator', 'business', 'P', guest('incubator'),
    'Works for a young company housed in the incubator centre.'),
  t(550, 'Dependant or spouse', 'Dependent/Spouse', 'family', 'N', guest('dependant-spouse'),
    'Family of someone at the university, from the older combined entry type still on some cards.'),
  t(550, 'Personal aide', 'Personal Services', 'affiliate', 'N', guest('personal-aide'),
    'Gives personal care, usually health care, to a disabled member of the community.'),
  t(550, 'Spouse', 'Family', 'family', 'N', guest('spouse'),
    'The husband or wife of a member of the university community.'),
  t(550, 'Domestic partner', 'Family', 'family', 'N', guest('domestic-partner'),
    'The domestic partner of a member of the university community.'),
  t(550, 'Dependant', 'Family', 'family', 'N', guest('dependant'),
    'A child or other dependant of a member of the university community.'),
  t(550, 'Temporary employee', 'Temp Employee', 'contractor', 'P', guest('temporary-employee'),
    'Works here through an agency and is paid by it, not by our payroll.'),
  t(500, 'Emeritus faculty, engineering', 'Emeritus Faculty', 'emeritus', 'Y', list('MR619'),
    'Emeritus professor of the School of Engineering, on the list the Provost\'s office keeps.'),
  t(500, 'Emeritus faculty, science', 'Emeritus Faculty', 'emeritus', 'Y', list('MR621'),
    'Emeritus professor of the School of Science, on the list the Provost\'s office keeps.'),
  t(500, 'Emeritus faculty, architecture', 'Emeritus Faculty', 'emeritus', 'Y', list('MR620'),
    'Emeritus professor of the School of Architecture, on the list the Provost\'s office keeps.'),
  t(300, 'Vendor', 'Vendor', 'vendor', 'N', guest('vendor'),
    'Someone from a supplier, entered under the general vendor entry type.'),
  t(300, 'Retiree', 'Retiree', 'retiree', 'N', guest('retiree'),
    'A retired employee who keeps a card and some privileges.'),
  t(300, 'On-campus vendor', 'Vendor', 'vendor', 'P', guest('on-campus-vendor'),
    'Works for a business that operates on campus (food service, bookstore and the like).'),
  t(300, 'Department vendor', 'Vendor', 'vendor', 'P', guest('department-vendor'),
    'Works with one particular department for a supplier.'),
  t(300, 'Off-campus contractor', 'Vendor', 'vendor', 'N', guest('off-campus-contractor'),
    'Works for a contractor based off campus who needs access while on a job here.'),
  t(300, 'Tech park staff', 'Tech Park', 'business', 'P', guest('tech-park'),
    'Employed by a company in the technology park.'),
  t(260, 'Student club member', 'RU Club Member', 'affiliate', 'N', guest('club-member'),
    'Belongs to a club or society the student union sponsors, without being a student.'),
  t(250, 'Special programme participant', 'Special Programs', 'visitor', 'N', guest('special-programs'),
    'Takes part in a special programme (summer school and the like).'),
  t(200, 'Special access', 'Special Access', 'visitor', 'N', guest('special-access'),
    'Holds a card for building access granted as an exception.'),
  t(200, 'Conference guest', 'Conference Card', 'visitor', 'N', guest('conference-guest'),
    'Carries one of the generic, reusable cards handed out for a few days of a conference.'),
  t(150, 'Residence hall occupant', 'Resident', 'resident', 'N', { sources: ['housing'], kinds: ['resident'] },
    'Has an active housing contract, student or not: graduates still living on campus keep entry to their building.'),
  t(55, 'Retired faculty', 'Retired Faculty', 'emeritus', 'O', list('S616'),
    'A retired member of the faculty, on a list the Provost\'s office keeps.'),
];
