import type { RouteCase } from '../route-case.ts';

/** Authorisation cases for the orgs routes. */
export const orgsCases: RouteCase[] = [];
