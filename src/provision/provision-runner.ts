import type { FollowChanges } from '../access/index-follower.ts';
import { type PassDeps, type PassReport, runPass } from './target-pass.ts';
import { loadTarget } from './target-store.ts';

/**
 * Runs provisioning in the server: every target's pass, one pass at a time in this
 * process, whenever a commit to the change log is heard and on a timer (for retries that
 * came due and date-driven changes). A target whose last pass failed (its directory or
 * receiver unreachable) waits a growing pause before the next automatic pass; a pass asked
 * for (`runTarget`) runs at once.
 */
const POLL_MS = 2000;
const PAUSES_MS = [5_000, 30_000, 120_000, 600_000];

export function createProvisionRunner(deps: PassDeps & { followChanges?: FollowChanges; pollMs?: number }) {
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let stopListening: (() => Promise<void>) | null = null;
  let wakePending = false;
  const failures = new Map<number, { count: number; until: number }>();

  function serial<T>(work: () => Promise<T>): Promise<T> {
    const next = running.then(work, work);
    running = next.catch(() => undefined);
    return next;
  }

  async function passOf(name: string): Promise<PassReport> {
    const row = await loadTarget(deps.db, name);
    const report = await runPass(deps, row);
    const f = failures.get(row.id);
    if (report.error) {
      const count = (f?.count ?? 0) + 1;
      failures.set(row.id, { count, until: Date.now() + PAUSES_MS[Math.min(count, PAUSES_MS.length) - 1] });
    } else failures.delete(row.id);
    return report;
  }

  /** One pass of every target not pausing after a failure. */
  async function all(): Promise<PassReport[]> {
    const rows = await deps.db.selectFrom('provision_targets').select(['id', 'name']).orderBy('id').execute();
    const out: PassReport[] = [];
    for (const r of rows) {
      const f = failures.get(r.id);
      if (f && f.until > Date.now()) continue;
      out.push(await passOf(r.name));
    }
    return out;
  }

  function wake(): void {
    if (wakePending) return;
    wakePending = true;
    serial(() => {
      wakePending = false;
      return all();
    }).catch((e: unknown) => deps.log.warn({ err: e }, 'provisioning passes failed'));
  }

  return {
    /** One pass of the named target, now (after any pass running). */
    runTarget: (name: string) => serial(() => passOf(name)),
    /** One pass of every target. */
    runAll: () => serial(all),
    /** Runs work (a full sync) between passes, never beside one. */
    exclusive: <T>(work: () => Promise<T>) => serial(work),
    async start(): Promise<void> {
      if (timer) return;
      timer = setInterval(wake, deps.pollMs ?? POLL_MS);
      if (deps.followChanges) stopListening = await deps.followChanges(wake, () => undefined);
      wake();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      if (stopListening) await stopListening();
      stopListening = null;
      await running;
    },
  };
}

export type ProvisionRunner = ReturnType<typeof createProvisionRunner>;
