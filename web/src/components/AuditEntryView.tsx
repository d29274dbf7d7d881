import type { AuditEntry } from '../api/audit-types.ts';
import { ChangeDiff } from './ChangeDiff.tsx';
import { formatDateTime } from './format.ts';

/** One audited action: what, by whom, when, why, and what it changed. */
export function AuditEntryView({ entry, showTarget = false }: { entry: AuditEntry; showTarget?: boolean }) {
  return (
    <li className="history-entry" data-testid="history-entry" data-action={entry.action}>
      <div>
        <strong>{entry.action}</strong>
        {showTarget && (
          <span className="muted">
            {' '}
            on {entry.targetType} {entry.targetId}
          </span>
        )}
      </div>
      <div className="meta">
        by <span data-testid="actor">{entry.actor}</span> · <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>{' '}
        · #{entry.seq}
      </div>
      {entry.reason && (
        <div className="reason">
          Reason: <q>{entry.reason}</q>
        </div>
      )}
      <ChangeDiff before={entry.before} after={entry.after} />
    </li>
  );
}
