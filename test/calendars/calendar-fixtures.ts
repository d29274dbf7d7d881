/** A university calendar the calendar tests share: two terms, two holidays round Christmas 2026. */
export const autumn = { name: 'Autumn 2026', start: '2026-09-21', end: '2026-12-18', breaks: [] };
export const spring = { name: 'Spring 2027', start: '2027-01-11', end: '2027-03-26', breaks: [] };
export const institution = {
  name: 'institution',
  label: 'University calendar',
  definition: {
    workingDays: [1, 2, 3, 4, 5],
    holidays: [
      { date: '2026-12-25', name: 'Christmas Day' },
      { date: '2026-12-28', name: 'Boxing Day (observed)' },
    ],
    terms: [autumn, spring],
  },
};
