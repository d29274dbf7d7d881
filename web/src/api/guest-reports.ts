import type {
  GuestExpiryReport,
  GuestReportByOrg,
  OrgStateCounts,
  UpcomingExpiry,
} from '../../../src/guests/guest-reports.ts';
import { api } from './client.ts';

/** The guest reports as the server returns them (the server's own types). */
export type { GuestExpiryReport, GuestReportByOrg, OrgStateCounts, UpcomingExpiry };

/** Every call the web UI makes about guest reports. */
export const guestReportsApi = {
  byOrg: (within: number, signal?: AbortSignal) =>
    api.get<GuestReportByOrg>('/guests/reports/by-org', { within }, signal),
  expiring: (within: number, signal?: AbortSignal) =>
    api.get<GuestExpiryReport>('/guests/reports/expiring', { within }, signal),
  byOrgCsvUrl: (within: number) => `/guests/reports/by-org?within=${within}&format=csv`,
  expiringCsvUrl: (within: number) => `/guests/reports/expiring?within=${within}&format=csv`,
};
