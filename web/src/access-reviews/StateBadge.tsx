const CLASS: Record<string, string> = { open: 'badge badge-ok', closing: 'badge badge-warn', closed: 'badge' };

/** A campaign's state: open, closing (decisions being applied) or closed. */
export function StateBadge({ state }: { state: string }) {
  return (
    <span className={CLASS[state] ?? 'badge'} data-testid="campaign-state">
      {state}
    </span>
  );
}
