import { api } from './client.ts';

/** A scheduled job as GET /schedule returns it. */
export interface ScheduledJob {
  name: string;
  description: string;
  cron: string;
  timeZone: string;
  enabled: boolean;
  nextRunAt: string | null;
  lastSlot: string | null;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastOutcome: 'succeeded' | 'failed' | null;
  lastSummary: Record<string, unknown> | null;
  lastError: string | null;
  failures: number;
  version: number;
}

export interface RunReport {
  job: string;
  outcome: 'succeeded' | 'failed';
  summary: Record<string, unknown> | null;
  error: string | null;
}

/** Every call the web UI makes about scheduled jobs. */
export const scheduleApi = {
  list: (signal?: AbortSignal) => api.get<ScheduledJob[]>('/schedule', undefined, signal),
  update: (job: ScheduledJob, change: { cron?: string; timeZone?: string; enabled?: boolean }) =>
    api.put<ScheduledJob>(`/schedule/${encodeURIComponent(job.name)}`, change, `"${job.version}"`),
  run: (name: string) => api.post<RunReport>(`/schedule/${encodeURIComponent(name)}/runs`),
};
