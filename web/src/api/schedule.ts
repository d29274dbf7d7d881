import type { JobView, RunReport } from '../../../src/platform/schedule/schedule-service.ts';
import { api } from './client.ts';

/** A scheduled job as GET /schedule returns it (the server's own type). */
export type ScheduledJob = JobView;
export type { RunReport };

/** Every call the web UI makes about scheduled jobs. */
export const scheduleApi = {
  list: (signal?: AbortSignal) => api.get<ScheduledJob[]>('/schedule', undefined, signal),
  update: (job: ScheduledJob, change: { cron?: string; timeZone?: string; enabled?: boolean }) =>
    api.put<ScheduledJob>(`/schedule/${encodeURIComponent(job.name)}`, change, `"${job.version}"`),
  run: (name: string) => api.post<RunReport>(`/schedule/${encodeURIComponent(name)}/runs`),
};
