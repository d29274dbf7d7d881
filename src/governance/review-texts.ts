import type { DefaultTemplate } from '../notify/events.ts';

/**
 * The mail an access review writes (added to the default templates in notify/events.ts): to each reviewer when a
 * campaign opens and on the reminder days, and to the owner when undecided items are escalated at the deadline.
 */
const review = {
  name: 'payroll-2027-03-01',
  label: 'Payroll access, Q1',
  deadline: '2027-03-01 17:00 UTC',
  url: 'https://steward.example.org/ui/reviews/7',
};

export const reviewTemplates: readonly DefaultTemplate[] = [
  {
    event: 'review-assigned',
    description: 'To a reviewer: an access review campaign has memberships for them to review',
    subject: 'Access review {{review.label}}: {{count}} memberships to review by {{review.deadline}}',
    text: 'Hello {{name}},\n\nthe access review {{review.label}} ({{review.name}}) asks you to review {{count}} memberships: keep, remove or set an end date for each, by {{review.deadline}}.\n\n{{review.url}}\n',
    html: null,
    digestable: true,
    sample: { name: 'Dana Reviewer', count: 42, review },
  },
  {
    event: 'review-reminder',
    description: 'To a reviewer with undecided items: the deadline is near',
    subject: 'Reminder: {{count}} memberships to review by {{review.deadline}} ({{review.label}})',
    text: 'Hello {{name}},\n\n{{count}} memberships in the access review {{review.label}} wait for your decision; the deadline is {{review.deadline}} ({{days}} days from now). Undecided memberships are then {{undecided}}.\n\n{{review.url}}\n',
    html: null,
    digestable: false,
    sample: { name: 'Dana Reviewer', count: 12, days: 7, undecided: 'kept', review },
  },
  {
    event: 'review-escalated',
    description: 'To the owner: undecided items of a campaign past its deadline are theirs to decide',
    subject: 'Access review {{review.label}}: {{count}} undecided memberships escalated to you',
    text: 'Hello {{name}},\n\nthe deadline of the access review {{review.label}} ({{review.name}}) has passed with {{count}} memberships undecided. They are now yours to decide; close the campaign when done.\n\n{{review.url}}\n',
    html: null,
    digestable: false,
    sample: { name: 'Owen Owner', count: 5, review },
  },
];
