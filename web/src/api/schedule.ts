import type { RunReport, ScheduleBody, ScheduledJob } from '../../../src/platform/schedule/schedule-schemas.ts';
import { api } from './client.ts';

/** Scheduled jobs as the API returns them: the server's own route schemas, imported as types only. */
export type { RunReport, ScheduledJob };

/** Every call the web UI makes about scheduled jobs. */
export const scheduleApi = {
  list: (signal?: AbortSignal) => api.get<ScheduledJob[]>('/schedule', undefined, signal),
  update: (job: ScheduledJob, change: ScheduleBody) =>
    api.put<ScheduledJob>(`/schedule/${encodeURIComponent(job.name)}`, change, `"${job.version}"`),
  run: (name: string) => api.post<RunReport>(`/schedule/${encodeURIComponent(name)}/runs`),
};
