import { dateToDay, dayToDate } from './random.ts';

/**
 * Northbridge University as data: its org tree (faculties and departments, central
 * services, virtual units, a partner body and tenant companies on the science park) with
 * their custom fields, and how many people of each kind each unit holds. Dates are
 * relative to the day the demo is loaded, so leases always lie ahead and the one ended
 * tenant has always just ended.
 */
export interface DemoUnit {
  code: string;
  kind: 'university' | 'faculty' | 'department' | 'service' | 'partner' | 'tenant' | 'virtual';
  name: string;
  abbreviation?: string;
  altNames?: string[];
  parent: string | null;
  validFrom?: string;
  validTo?: string;
  custom?: Record<string, unknown>;
  /** People affiliated here, by affiliation kind. */
  people?: Partial<Record<DemoAffiliationKind, number>>;
}

export type DemoAffiliationKind =
  'faculty' | 'staff' | 'student' | 'emeritus' | 'retiree' | 'visitor' | 'tenant' | 'partner';

export const DEMO_DOMAIN = 'northbridge.example';
export const UNIVERSITY = 'NU';
export const SCIENCE_FACULTY = 'FSE';

/** A number in the UK's range reserved for drama (01632 960000-960999), stable per code. */
function phoneFor(code: string): string {
  let h = 0;
  for (const c of code) h = (h * 31 + c.charCodeAt(0)) % 1000;
  return `+44 1632 960${String(h).padStart(3, '0')}`;
}

const academic = (faculty: number, staff: number, students: number) => ({ faculty, staff, student: students });

/** The org tree, parents before children. `today` is YYYY-MM-DD. */
export function demoUnits(today: string): DemoUnit[] {
  const t = dateToDay(today);
  const ago = (days: number) => dayToDate(t - days);
  const ahead = (days: number) => dayToDate(t + days);
  const dept = (
    code: string,
    name: string,
    parent: string,
    building: string,
    people: DemoUnit['people'],
    extra: Partial<DemoUnit> = {},
  ): DemoUnit => ({
    code,
    kind: 'department',
    name,
    parent,
    validFrom: '1965-08-01',
    custom: { cost_centre: `CC-${code}`, phone: phoneFor(code), building, directory_listed: true },
    people,
    ...extra,
  });
  const faculty = (code: string, name: string, abbreviation: string, phone: string): DemoUnit => ({
    code,
    kind: 'faculty',
    name,
    abbreviation,
    parent: UNIVERSITY,
    validFrom: '1965-08-01',
    custom: { cost_centre: `CC-${code}`, phone },
    people: { staff: 8 },
  });
  const service = (
    code: string,
    name: string,
    parent: string,
    mailbox: string,
    staff: number,
    extra: Partial<DemoUnit> = {},
  ): DemoUnit => ({
    code,
    kind: 'service',
    name,
    parent,
    validFrom: '1990-01-01',
    custom: { cost_centre: `CC-${code}`, email: `${mailbox}@${DEMO_DOMAIN}`, phone: '+44 1632 960000' },
    people: { staff },
    ...extra,
  });
  return [
    {
      code: UNIVERSITY,
      kind: 'university',
      name: 'Northbridge University',
      abbreviation: 'NU',
      altNames: ['University of Northbridge'],
      parent: null,
      validFrom: '1965-08-01',
      custom: { website: `https://www.${DEMO_DOMAIN}` },
      people: { staff: 6 },
    },

    faculty(SCIENCE_FACULTY, 'Faculty of Science & Engineering', 'Sci & Eng', '+44 1632 960100'),
    dept('CHEM', 'Chemistry', SCIENCE_FACULTY, 'Dalton Building', academic(34, 10, 150)),
    dept('PHYS', 'Physics', SCIENCE_FACULTY, 'Rutherford Building', academic(30, 8, 130)),
    dept('COMP', 'Computer Science', SCIENCE_FACULTY, 'Lovelace Building', academic(38, 10, 190), {
      altNames: ['Department of Computing'],
    }),
    dept('MATH', 'Mathematics', SCIENCE_FACULTY, 'Noether Building', academic(26, 6, 110)),

    faculty('FAH', 'Faculty of Arts & Humanities', 'Arts', '+44 1632 960200'),
    dept('HIST', 'History', 'FAH', 'Bede Building', academic(20, 5, 90)),
    dept('ENGL', 'English', 'FAH', 'Austen Building', academic(22, 5, 100)),
    dept('MUSC', 'Music', 'FAH', 'Elgar Concert Hall', academic(14, 5, 60), { abbreviation: 'Music' }),

    faculty('FMED', 'Faculty of Medicine', 'Medicine', '+44 1632 960300'),
    dept('NURS', 'Nursing', 'FMED', 'Nightingale Building', academic(24, 8, 140)),
    dept('BMED', 'Biomedical Sciences', 'FMED', 'Harvey Building', academic(26, 8, 100)),

    faculty('NBS', 'Northbridge Business School', 'NBS', '+44 1632 960400'),
    dept('ACCT', 'Accounting & Finance', 'NBS', 'Pacioli Building', academic(18, 4, 110)),
    dept('MGMT', 'Management', 'NBS', 'Pacioli Building', academic(20, 5, 120)),

    service('CSV', 'Central Services', UNIVERSITY, 'central-services', 4, { abbreviation: 'CS' }),
    service('ITS', 'IT Services', 'CSV', 'it-services', 24, { abbreviation: 'IT' }),
    service('ITDESK', 'IT Service Desk', 'ITS', 'it-desk', 10, { altNames: ['Helpdesk', 'IT Desk'] }),
    service('CARD', 'Card Office', 'CSV', 'card-office', 5, { altNames: ['ID Card Desk'] }),
    service('HR', 'Human Resources', 'CSV', 'hr', 14, { abbreviation: 'HR' }),
    service('REG', 'Registry', 'CSV', 'registry', 12, { altNames: ['Student Records'] }),
    service('LIB', 'Library', 'CSV', 'library', 18),
    service('EST', 'Estates', 'CSV', 'estates', 16, { altNames: ['Facilities'] }),

    {
      code: 'EMER',
      kind: 'virtual',
      name: 'Emeriti',
      parent: UNIVERSITY,
      custom: { purpose: 'Emeritus professors who keep library, email and building access' },
      people: { emeritus: 30 },
    },
    {
      code: 'RETI',
      kind: 'virtual',
      name: 'Retirees',
      parent: UNIVERSITY,
      custom: { purpose: 'Retired staff who keep an ID card and alumni email' },
      people: { retiree: 24 },
    },
    {
      code: 'VIS',
      kind: 'virtual',
      name: 'Visitors',
      parent: UNIVERSITY,
      custom: { purpose: 'Visiting academics, students and contractors sponsored by a member of staff' },
      people: { visitor: 26 },
    },

    {
      code: 'NRF',
      kind: 'partner',
      name: 'National Rowing Federation',
      abbreviation: 'NRF',
      parent: UNIVERSITY,
      validFrom: '2012-04-01',
      custom: {
        partnership: 'sports-body',
        contact_name: 'Gareth Pryce',
        contact_email: 'gareth.pryce@rowing-federation.example',
      },
      people: { partner: 12 },
    },
    {
      code: 'SCIPARK',
      kind: 'virtual',
      name: 'Northbridge Science Park',
      parent: UNIVERSITY,
      altNames: ['Innovation Park'],
      custom: { purpose: 'Companies renting space on the science park: spin-outs and start-ups' },
    },
    {
      code: 'T-QUANTA',
      kind: 'tenant',
      name: 'Quantafold Ltd',
      altNames: ['Quantafold'],
      parent: 'SCIPARK',
      validFrom: '2021-03-01',
      validTo: ahead(540),
      custom: {
        contact_name: 'Dr Priya Raman',
        contact_email: 'priya@quantafold.example',
        contact_phone: '+44 1632 961001',
        building: 'Innovation Centre, Unit 4',
        lease_ends: ahead(540),
        max_cards: 25,
      },
      people: { tenant: 14 },
    },
    {
      code: 'T-LUMEN',
      kind: 'tenant',
      name: 'Lumen Robotics',
      parent: 'SCIPARK',
      validFrom: ago(400),
      validTo: ahead(330),
      custom: {
        contact_name: 'Tom Achebe',
        contact_email: 'tom@lumenrobotics.example',
        building: 'Innovation Centre, Unit 11',
        lease_ends: ahead(330),
        max_cards: 10,
      },
      people: { tenant: 8 },
    },
    {
      code: 'T-HELIX',
      kind: 'tenant',
      name: 'Helix Diagnostics',
      parent: 'SCIPARK',
      validFrom: '2019-09-01',
      validTo: ahead(900),
      custom: {
        contact_name: 'Ingrid Sørensen',
        contact_email: 'ingrid.sorensen@helixdx.example',
        contact_phone: '+44 1632 961020',
        building: 'Bioincubator, Lab 2',
        lease_ends: ahead(900),
        max_cards: 40,
      },
      people: { tenant: 12 },
    },
    {
      code: 'T-FERN',
      kind: 'tenant',
      name: 'Ferncastle Games',
      parent: 'SCIPARK',
      validFrom: ago(200),
      validTo: ahead(165),
      custom: {
        contact_name: 'Aoife Brennan',
        contact_email: 'hello@ferncastle.example',
        building: 'Student Enterprise Hub',
        lease_ends: ahead(165),
        max_cards: 6,
      },
      people: { tenant: 5 },
    },
    {
      code: 'T-BRIGHT',
      kind: 'tenant',
      name: 'Brightwater Analytics',
      parent: 'SCIPARK',
      validFrom: '2020-01-06',
      validTo: ago(45),
      // Its lease ended; nobody is affiliated with it any more.
      custom: {
        contact_name: 'Marcus Hale',
        contact_email: 'marcus@brightwater.example',
        building: 'Innovation Centre, Unit 7',
        lease_ends: ago(45),
        max_cards: 12,
      },
    },
  ];
}

/** Officers: who administers and who approves requests for a unit, by unit code. */
export interface DemoOfficer {
  unit: string;
  function: 'administrator' | 'approver';
  roleName: string;
  /** The person, by a key in the demo's special people, or drawn from the unit's staff. */
  person: string;
}

export const demoOfficers: DemoOfficer[] = [
  { unit: SCIENCE_FACULTY, function: 'administrator', roleName: 'Faculty Manager', person: 'sci-manager' },
  { unit: SCIENCE_FACULTY, function: 'approver', roleName: 'Faculty Operations Manager', person: 'staff:FSE:1' },
  { unit: SCIENCE_FACULTY, function: 'approver', roleName: 'Dean', person: 'staff:FSE:2' },
  { unit: 'FAH', function: 'administrator', roleName: 'Faculty Manager', person: 'staff:FAH:0' },
  { unit: 'FAH', function: 'approver', roleName: 'Faculty Operations Manager', person: 'staff:FAH:1' },
  { unit: 'FMED', function: 'administrator', roleName: 'Faculty Manager', person: 'staff:FMED:0' },
  { unit: 'FMED', function: 'approver', roleName: 'Clinical Governance Lead', person: 'staff:FMED:1' },
  { unit: 'NBS', function: 'administrator', roleName: 'School Manager', person: 'staff:NBS:0' },
  { unit: 'NBS', function: 'approver', roleName: 'School Operations Manager', person: 'staff:NBS:1' },
  // A few departments have their own, instead of inheriting the faculty's.
  { unit: 'COMP', function: 'approver', roleName: 'Head of Department', person: 'faculty:COMP:0' },
  { unit: 'COMP', function: 'administrator', roleName: 'Departmental Administrator', person: 'staff:COMP:0' },
  { unit: 'NURS', function: 'approver', roleName: 'Head of School of Nursing', person: 'faculty:NURS:0' },
  { unit: 'ITS', function: 'administrator', roleName: 'Identity Services Lead', person: 'jon-finke' },
  { unit: 'ITDESK', function: 'approver', roleName: 'IT Service Desk Manager', person: 'staff:ITDESK:0' },
  { unit: 'CARD', function: 'approver', roleName: 'Card Office Supervisor', person: 'staff:CARD:0' },
  { unit: 'VIS', function: 'approver', roleName: 'Visitor Coordinator', person: 'staff:HR:0' },
  { unit: 'SCIPARK', function: 'administrator', roleName: 'Science Park Manager', person: 'staff:EST:0' },
];
