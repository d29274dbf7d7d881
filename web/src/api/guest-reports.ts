import type { ReportByOrg, ReportExpiring, ReportUnvouched } from '../../../src/guests/guest-schemas.ts';
import { api } from './client.ts';

/** The guest reports as the server returns them (the server's own schema types). */
export type { ReportByOrg, ReportExpiring, ReportUnvouched };
export type OrgStateCounts = ReportByOrg['orgs'][number];
export type UpcomingExpiry = ReportExpiring['items'][number];

/** Every call the web UI makes about guest reports. */
export const guestReportsApi = {
  byOrg: (within: number, signal?: AbortSignal) => api.get<ReportByOrg>('/guests/reports/by-org', { within }, signal),
  expiring: (within: number, signal?: AbortSignal) =>
    api.get<ReportExpiring>('/guests/reports/expiring', { within }, signal),
  unvouched: (signal?: AbortSignal) => api.get<ReportUnvouched>('/guests/reports/unvouched', {}, signal),
  unvouchedCsvUrl: () => '/guests/reports/unvouched?format=csv',
  byOrgCsvUrl: (within: number) => `/guests/reports/by-org?within=${within}&format=csv`,
  expiringCsvUrl: (within: number) => `/guests/reports/expiring?within=${within}&format=csv`,
};
