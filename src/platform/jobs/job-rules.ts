import type { Actor } from '../auth/actor.ts';
import { can } from '../auth/policy.ts';
import type { JobKind } from './job-schemas.ts';

/**
 * Who may follow which job, what a job's progress counts, and what an interrupted job says (pure). A job is read by
 * the account that started it, and by whoever holds `jobs:read` (system administrators, auditors).
 */

/** Which jobs an actor may list: all of them, only those it started, or none (a program that only asks decisions). */
export function jobScope(actor: Actor): 'all' | 'own' | 'none' {
  if (can(actor, 'jobs:read')) return 'all';
  return actor.kind === 'user' && actor.id !== null ? 'own' : 'none';
}

/** True if the actor may read a job started by the account `startedById` (null: started by Steward itself). */
export function mayReadJob(actor: Actor, startedById: number | null): boolean {
  const scope = jobScope(actor);
  return scope === 'all' || (scope === 'own' && startedById !== null && startedById === actor.id);
}

/** What a kind's `done` and `total` count. */
export function unitOf(kind: string): string {
  switch (kind as JobKind) {
    case 'people-import':
      return 'rows';
    case 'status-recompute':
      return 'people';
    case 'provision-sync':
      return 'fixes';
    default:
      return 'items';
  }
}

/** How to finish what an interrupted job of this kind left undone. */
function rerunHint(kind: string): string {
  switch (kind as JobKind) {
    case 'people-import':
      return 'send the same file again to finish it (the rows already imported are found unchanged)';
    case 'status-recompute':
      return 'run the recompute again to finish it (the people already done are found unchanged)';
    case 'provision-sync':
      return 'run the full sync again to finish it (it reads the target again and fixes what is still wrong)';
    default:
      return 'run it again to finish it';
  }
}

/** The failure an interrupted job shows: how far it got, and how to finish it. */
export function interruptedFailure(job: { kind: string; state: string; done: number; total: number | null }): string {
  const unit = unitOf(job.kind);
  const fmt = (n: number) => n.toLocaleString('en-US');
  const where =
    job.state === 'queued'
      ? 'before it began'
      : job.total === null
        ? `after ${fmt(job.done)} ${unit}`
        : `after ${fmt(job.done)} of ${fmt(job.total)} ${unit}`;
  return `interrupted: the process running it stopped ${where}; ${rerunHint(job.kind)}`;
}
