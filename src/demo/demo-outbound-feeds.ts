import type { App } from '../app.ts';
import type { FeedInput } from '../feeds/feed-definition.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { DEMO_DOMAIN } from './demo-institution.ts';

/**
 * The demo's outbound feeds over Appendix A's statuses: the library's patrons (CSV,
 * nightly), an "all faculty" mailing list (JSON lines) and the staff directory (LDIF).
 * Each is created once (a feed that exists is left alone) and refreshed once, so its
 * change sequence starts with everyone selected.
 */
const employees = [
  'Exempt employee',
  'Executive',
  'Non-exempt employee',
  'Newly hired staff',
  'Hartford employee',
  'Temporary employee',
];
const faculty = ['Faculty', 'Newly hired faculty', 'Research professor', 'ROTC faculty'];
const students = [
  'Undergraduate, architecture',
  'Undergraduate, engineering',
  'Undergraduate, science',
  'Graduate, architecture',
  'Graduate, engineering',
  'Graduate, science',
  'Distance graduate',
  'Hartford graduate',
];
const emeriti = ['Emeritus faculty, engineering', 'Emeritus faculty, science', 'Emeritus faculty, architecture'];

export const demoOutboundFeeds: FeedInput[] = [
  {
    name: 'library-patrons',
    label: 'Library patrons',
    description:
      'Everyone the library lends to: faculty, staff, students and emeriti, with the status that sets their loan rules.',
    format: 'csv',
    selection: { statuses: [...faculty, ...employees, ...students, ...emeriti] },
    columns: ['idNumber', 'username', 'email', 'givenName', 'familyName', 'primaryStatus', 'category', 'orgUnit'],
    schedule: '0 3 * * *',
  },
  {
    name: 'all-faculty',
    label: 'All faculty mailing list',
    description: 'Members of the all-faculty list: whoever holds a faculty status today.',
    format: 'jsonl',
    selection: { statuses: faculty },
    columns: ['email', 'displayName', 'orgUnit'],
    schedule: '0 * * * *',
  },
  {
    name: 'directory',
    label: 'Staff directory',
    description:
      'Faculty and staff whose primary status is one of theirs, as LDAP entries named by their Steward id (employeeNumber).',
    format: 'ldif',
    selection: { statuses: [...faculty, ...employees], primaryOnly: true },
    columns: ['id', 'username', 'givenName', 'familyName', 'displayName', 'email', 'title', 'orgUnit', 'primaryStatus'],
    ldif: {
      baseDn: `ou=people,${DEMO_DOMAIN.split('.')
        .map((p) => `dc=${p}`)
        .join(',')}`,
      rdnAttribute: 'employeeNumber',
    },
  },
];

/** Creates the demo feeds that do not exist yet and refreshes each; returns how many people the feeds hold. */
export async function loadDemoOutboundFeeds(app: App, actor: Actor): Promise<number> {
  const existing = new Set((await app.feeds.list(actor)).map((f) => f.name));
  let held = 0;
  for (const feed of demoOutboundFeeds) {
    if (!existing.has(feed.name)) await app.feeds.create(actor, feed);
    held += (await app.feeds.refresh(actor, feed.name)).added;
  }
  return held;
}
