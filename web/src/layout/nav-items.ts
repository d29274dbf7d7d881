import type { SessionUser } from '../../../src/platform/http/account-schemas.ts';

type Abilities = SessionUser['abilities'];

/** One link of the main navigation: shown only when the account may use what it leads to. */
export interface NavItem {
  label: string;
  to: string;
  /** Other paths this section owns (for the breadcrumb and the active group), as prefixes. */
  owns?: string[];
  shown: (a: Abilities) => boolean;
}

export interface NavGroup {
  label: string;
  items: NavItem[];
}

const always = () => true;

/** The main navigation, in groups; a page of a capability adds its link to its group here. */
export const navGroups: NavGroup[] = [
  {
    label: 'People & organisations',
    items: [
      { label: 'People', to: '/people', shown: (a) => a['people:read'] },
      { label: 'New person', to: '/people/new', shown: (a) => a['people:create'] },
      { label: 'Merge people', to: '/people/merge', shown: (a) => a['people:merge'] },
      { label: 'Organisations', to: '/orgs', shown: (a) => a['orgs:read'] },
      { label: 'Calendars', to: '/calendars', shown: (a) => a['orgs:read'] },
    ],
  },
  {
    label: 'Sources & status',
    items: [
      { label: 'Sources', to: '/sources', owns: ['/snapshots'], shown: (a) => a['sources:read'] },
      { label: 'Reviews', to: '/reviews', shown: (a) => a['sources:read'] },
      { label: 'Streams', to: '/streams', shown: (a) => a['streams:read'] },
      { label: 'Feeds', to: '/feeds', shown: (a) => a['feeds:read'] },
    ],
  },
  {
    label: 'Guests & accounts',
    items: [
      { label: 'Guests', to: '/guests/report', shown: (a) => a['guests:read'] },
      { label: 'Guest requests', to: '/guests/inbox', owns: ['/guests/requests/'], shown: always },
      { label: 'New guest request', to: '/guests/requests/new', shown: (a) => a['guests:submit'] },
      { label: 'Temporary accounts', to: '/loans', shown: always },
    ],
  },
  {
    label: 'Groups & access',
    items: [
      { label: 'Groups', to: '/groups', shown: always },
      { label: 'Applications', to: '/access', owns: ['/access/apps'], shown: (a) => a['access:read'] },
      { label: 'Assign access', to: '/access/assign', shown: (a) => a['access:assign'] },
      { label: 'Check access', to: '/access/check', shown: (a) => a['access:check'] },
    ],
  },
  {
    label: 'Governance',
    items: [
      { label: 'Inbox', to: '/inbox', owns: ['/governance/requests/'], shown: always },
      { label: 'Request membership', to: '/governance/request', shown: (a) => a['guests:submit'] },
      { label: 'Policies', to: '/governance/policies', shown: always },
      { label: 'Separation of duties', to: '/governance/exclusions', shown: always },
      { label: 'Mass-loss holds', to: '/governance/holds', shown: always },
      { label: 'Attestation', to: '/access-reviews', shown: always },
    ],
  },
  {
    label: 'Operations & audit',
    items: [
      { label: 'Provisioning', to: '/provisioning', shown: (a) => a['provision:read'] },
      { label: 'Schedule', to: '/schedule', shown: (a) => a['schedule:read'] },
      { label: 'Mail', to: '/mail', shown: always },
      { label: 'Audit', to: '/audit', shown: (a) => a['audit:read'] },
      { label: 'Change log', to: '/changes', shown: (a) => a['changes:read'] },
      { label: 'Decision clients', to: '/decision-clients', shown: (a) => a['accounts:manage'] },
    ],
  },
];

/** The groups and links this account is shown (a group with no link for it is left out). */
export function visibleNav(abilities: Abilities): NavGroup[] {
  return navGroups
    .map((g) => ({ ...g, items: g.items.filter((i) => i.shown(abilities)) }))
    .filter((g) => g.items.length > 0);
}

const under = (path: string, prefix: string) =>
  prefix.endsWith('/') ? path.startsWith(prefix) : path === prefix || path.startsWith(`${prefix}/`);

/** Where a path sits in the navigation: its group and the link whose section it is in (the longest match). */
export function locate(pathname: string, groups: NavGroup[] = navGroups): { group: NavGroup; item: NavItem } | null {
  let best: { group: NavGroup; item: NavItem; length: number } | null = null;
  for (const group of groups)
    for (const item of group.items)
      for (const prefix of [item.to, ...(item.owns ?? [])])
        if (under(pathname, prefix) && (!best || prefix.length > best.length))
          best = { group, item, length: prefix.length };
  return best && { group: best.group, item: best.item };
}
