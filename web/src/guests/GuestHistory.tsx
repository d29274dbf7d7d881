import type { GuestTransitionView } from '../api/guests.ts';
import { Empty } from '../components/States.tsx';
import { formatDateTime } from '../components/format.ts';

/** A guest's lifecycle history, oldest first: from → to, when (and the day a timed step was due), by whom, why. */
export function GuestHistory({ rows }: { rows: GuestTransitionView[] }) {
  if (rows.length === 0) return <Empty>No state changes yet.</Empty>;
  return (
    <div className="table-wrap">
      <table data-testid="guest-history">
        <thead>
          <tr>
            <th scope="col">Change</th>
            <th scope="col">From → to</th>
            <th scope="col">When</th>
            <th scope="col">By</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr key={t.id} data-transition={t.transition}>
              <td>{t.transition}</td>
              <td data-col="states">{`${t.from || '(new)'} → ${t.to}`}</td>
              <td className="mono">
                {formatDateTime(t.at)}
                {t.dueOn ? <span className="muted">{` (due ${t.dueOn})`}</span> : null}
              </td>
              <td data-col="actor">{t.actor}</td>
              <td data-col="reason">{t.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
