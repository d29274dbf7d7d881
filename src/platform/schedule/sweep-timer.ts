import type { Logger } from 'pino';
import type { ScheduleService } from './schedule-service.ts';

/**
 * Sweeps on a timer in a running server: the first a few seconds after start, then every
 * `intervalMs`. A sweep never overlaps the previous one; `stop` waits for a running one.
 */
export function startSweeps(schedule: ScheduleService, log: Logger, intervalMs = 60_000): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  const sweep = () => {
    if (running || stopped) return;
    running = schedule
      .tick()
      .then((reports) => {
        // Runs that found nothing to do (a per-minute check) stay out of the info log.
        for (const r of reports ?? [])
          log[r.idle ? 'debug' : 'info'](
            { job: r.job, outcome: r.outcome, summary: r.summary, error: r.error },
            'scheduled job ran',
          );
      })
      .catch((err) => log.error({ err }, 'scheduled sweep failed'))
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(sweep, Math.min(5_000, intervalMs));
  const timer = setInterval(sweep, intervalMs);
  first.unref();
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
