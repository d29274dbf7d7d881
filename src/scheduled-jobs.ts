import type { JobDefinition } from './platform/schedule/schedule-service.ts';
import type { createStatusService } from './status/status-service.ts';

/** The capabilities whose work runs on a schedule. */
interface Scheduled {
  status: ReturnType<typeof createStatusService>;
}

/**
 * Every scheduled job, with its default schedule (changed as data through /schedule).
 * Each is idempotent: a run when nothing changed writes nothing.
 */
export function scheduledJobs(app: Scheduled): JobDefinition[] {
  return [
    {
      name: 'status-recompute',
      description: "Recompute everyone's statuses from their affiliations (agrees with the per-person refresh; catches statuses that begin or end with the date)",
      defaultCron: '30 2 * * *',
      async run(actor) {
        const result = await app.status.recomputeAll(actor);
        return { ...result };
      },
    },
  ];
}
