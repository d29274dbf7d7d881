import type { Campaign, Decision, ItemFilter, ItemsQuery, SortKey } from '../api/access-review-types.ts';

/** How many items a worklist page shows: the server pages, so 10,000 items never load at once. */
export const PAGE_SIZE = 50;

/** The worklist's filters as the page holds them ('' = not filtered). */
export interface WorklistFilters {
  /** 'me' (the default), 'all', or a reviewer's person id (for the owner). */
  reviewer: string;
  undecided: boolean;
  changed: boolean;
  groupId: string;
  department: string;
  q: string;
  sort: SortKey;
  order: 'asc' | 'desc';
}

export const NO_FILTERS: WorklistFilters = {
  reviewer: 'me',
  undecided: false,
  changed: false,
  groupId: '',
  department: '',
  q: '',
  sort: 'person',
  order: 'asc',
};

/** The filter part, as the bulk decision sends it: exactly the items the worklist lists. */
export function itemFilter(f: WorklistFilters): ItemFilter {
  return {
    ...(f.reviewer !== 'me' ? { reviewer: f.reviewer } : {}),
    ...(f.undecided ? { decided: false } : {}),
    ...(f.changed ? { changed: true } : {}),
    ...(f.groupId ? { groupId: Number(f.groupId) } : {}),
    ...(f.department.trim() ? { department: f.department.trim() } : {}),
    ...(f.q.trim() ? { q: f.q.trim() } : {}),
  };
}

/** One page of the worklist as the API is asked for it. */
export function itemsQuery(f: WorklistFilters, offset: number): ItemsQuery {
  return { ...itemFilter(f), sort: f.sort, order: f.order, limit: PAGE_SIZE, offset };
}

/** The filters in words, for the bulk confirmation ("undecided, changed since grant, in group X"). */
export function describeFilters(f: WorklistFilters, campaign: Campaign): string {
  const group = campaign.scope.groups.find((g) => String(g.id) === f.groupId);
  const reviewer = campaign.reviewers.find((r) => String(r.personId) === f.reviewer);
  const parts = [
    f.reviewer === 'me'
      ? 'your items'
      : f.reviewer === 'all'
        ? "every reviewer's items"
        : `${reviewer?.name ?? `reviewer ${f.reviewer}`}'s items`,
    f.undecided ? 'undecided' : '',
    f.changed ? 'whose facts changed since grant' : '',
    group ? `in ${group.name}` : '',
    f.department.trim() ? `of department ${f.department.trim()}` : '',
    f.q.trim() ? `matching “${f.q.trim()}”` : '',
  ];
  return parts.filter(Boolean).join(', ');
}

/** What a key does in the worklist (outside text fields), or undefined. */
export type KeyAction = { move: 1 | -1 } | { page: 1 | -1 } | { decide: Decision } | { focus: 'comment' | 'search' };

export function keyAction(key: string): KeyAction | undefined {
  switch (key) {
    case 'j':
    case 'ArrowDown':
      return { move: 1 };
    case 'k':
    case 'ArrowUp':
      return { move: -1 };
    case 'n':
      return { page: 1 };
    case 'p':
      return { page: -1 };
    case 'y':
      return { decide: 'keep' };
    case 'r':
      return { decide: 'remove' };
    case 'e':
      return { decide: 'end-date' };
    case 'c':
      return { focus: 'comment' };
    case '/':
      return { focus: 'search' };
    default:
      return undefined;
  }
}

/** The keys in words, for the help line. */
export const KEY_HELP: [string, string][] = [
  ['j / ↓', 'next'],
  ['k / ↑', 'previous'],
  ['y', 'keep'],
  ['r', 'remove'],
  ['e', 'end date'],
  ['c', 'comment'],
  ['n / p', 'next / previous page'],
  ['/', 'search'],
];

/** YYYY-MM-DD `days` from today (the browser's calendar): the end date offered by default. */
export function daysFromToday(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
