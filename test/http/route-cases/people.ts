import type { RouteCase } from '../route-case.ts';

/** Authorisation cases for the people routes. */
export const peopleCases: RouteCase[] = [];
