import type { SnapshotState } from '../api/snapshot-types.ts';

/** How each state of a snapshot is badged and said. */
export const stateBadge: Record<SnapshotState, { className: string; label: string }> = {
  receiving: { className: 'badge badge-brand', label: 'receiving' },
  held: { className: 'badge badge-warn', label: 'held' },
  applying: { className: 'badge badge-brand', label: 'applying' },
  applied: { className: 'badge badge-ok', label: 'applied' },
  discarded: { className: 'badge', label: 'discarded' },
  'dry-run': { className: 'badge badge-brand', label: 'dry run' },
  failed: { className: 'badge badge-bad', label: 'failed' },
};

export function StateBadge({ state }: { state: SnapshotState }) {
  const b = stateBadge[state] ?? { className: 'badge', label: state };
  return (
    <span className={b.className} data-testid="snapshot-state" data-state={state}>
      {b.label}
    </span>
  );
}

export function count(n: number | null): string {
  return n === null ? '—' : n.toLocaleString('en-GB');
}
