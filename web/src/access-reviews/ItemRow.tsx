import { forwardRef } from 'react';
import { Link } from 'react-router';
import type { Decision, Facts, ReviewItem } from '../api/access-review-types.ts';
import { formatDateTime } from '../components/format.ts';

const FACTS: { key: 'statuses' | 'department' | 'title'; label: string }[] = [
  { key: 'statuses', label: 'Employment' },
  { key: 'department', label: 'Department' },
  { key: 'title', label: 'Title' },
];

const fact = (f: Facts | null, key: (typeof FACTS)[number]['key']) => {
  if (f === null) return '—';
  if (key === 'statuses') return f.statuses.join(', ') || 'none';
  return f[key] ?? 'none';
};

const STATUS_BADGE: Record<ReviewItem['status'], string> = {
  now: 'badge badge-ok',
  future: 'badge badge-brand',
  ended: 'badge badge-warn',
  removed: 'badge badge-bad',
};

export const DECISION_LABEL: Record<Decision, string> = { keep: 'keep', remove: 'remove', 'end-date': 'end date' };
const DECISION_BADGE: Record<Decision, string> = {
  keep: 'badge badge-ok',
  remove: 'badge badge-bad',
  'end-date': 'badge badge-warn',
};

/** Within 30 days of now: an expiry worth pointing at. */
const soon = (iso: string | null) => iso !== null && new Date(iso).getTime() - Date.now() < 30 * 86_400_000;

/** Now against at grant (or last approval): employment, department, title; what changed is marked. */
function FactsCompared({ item }: { item: ReviewItem }) {
  if (item.then === null)
    return (
      <div className="facts-compare">
        {FACTS.map((f) => (
          <div key={f.key}>
            <span className="muted">{f.label}:</span> {fact(item.now, f.key)}
          </div>
        ))}
        <div className="muted">no facts recorded at grant</div>
      </div>
    );
  return (
    <table className="facts-compare" aria-label={`Facts of ${item.person.name}`}>
      <thead>
        <tr>
          <th scope="col">
            <span className="visually-hidden">Fact</span>
          </th>
          <th scope="col">Now</th>
          <th scope="col">At grant</th>
        </tr>
      </thead>
      <tbody>
        {FACTS.map((f) => {
          const changed = item.changed.includes(f.key);
          return (
            <tr key={f.key} className={changed ? 'changed' : undefined} data-fact={f.key} data-changed={changed}>
              <th scope="row">{f.label}</th>
              <td>
                {changed ? <mark>{fact(item.now, f.key)}</mark> : fact(item.now, f.key)}
                {changed && <span className="visually-hidden"> (changed since grant)</span>}
              </td>
              <td>{fact(item.then, f.key)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The reason or ticket; a membership through a nested group says which ("through A → B", from the server). */
function Reason({ item }: { item: ReviewItem }) {
  if (!item.reason && !item.ticket) return <div className="muted">no reason given</div>;
  return (
    <div className="reason">
      {item.reason}
      {item.ticket && <span className="mono"> [{item.ticket}]</span>}
    </div>
  );
}

/** The membership: whether it counts now, added and approved by whom and when, why, and when it ends. */
function Membership({ item }: { item: ReviewItem }) {
  return (
    <>
      <span className={STATUS_BADGE[item.status]}>{item.status === 'now' ? 'member' : item.status}</span>{' '}
      {item.endsAt ? (
        <span className={soon(item.endsAt) ? 'badge badge-warn' : 'muted'} data-testid="expiry">
          until {formatDateTime(item.endsAt)}
        </span>
      ) : (
        <span className="muted">open-ended</span>
      )}
      <div className="muted">
        added {formatDateTime(item.addedAt)}
        {item.addedBy ? ` by ${item.addedBy}` : ''}
      </div>
      {item.approvedAt || item.approvedBy ? (
        <div className="muted">
          approved {formatDateTime(item.approvedAt)}
          {item.approvedBy ? ` by ${item.approvedBy}` : ''}
        </div>
      ) : null}
      <Reason item={item} />
    </>
  );
}

function DecisionCell({ item }: { item: ReviewItem }) {
  if (item.decision === null) return <span className="muted">undecided</span>;
  return (
    <>
      <span className={DECISION_BADGE[item.decision]} data-testid="decision">
        {DECISION_LABEL[item.decision]}
        {item.endDate ? ` ${item.endDate}` : ''}
      </span>
      {item.comment && <div className="muted">“{item.comment}”</div>}
      {item.decidedBy && <div className="muted small">{item.decidedBy}</div>}
    </>
  );
}

interface Props {
  item: ReviewItem;
  current: boolean;
  canDecide: boolean;
  /** Say whose item it is (the owner looking at everyone's). */
  showReviewer: boolean;
  busy: boolean;
  onSelect: () => void;
  onDecide: (decision: Decision) => void;
}

/** One membership under review: who and what, now against at grant, added and approved, reason, expiry, decision. */
export const ItemRow = forwardRef<HTMLTableRowElement, Props>(function ItemRow(
  { item, current, canDecide, showReviewer, busy, onSelect, onDecide },
  ref,
) {
  return (
    <tr
      ref={ref}
      tabIndex={-1}
      data-item={item.id}
      data-person={item.person.name}
      aria-current={current ? 'true' : undefined}
      className={`review-item${current ? ' current' : ''}${item.changed.length ? ' has-changes' : ''}`}
      onClick={onSelect}
    >
      <td>
        <Link to={`/people/${item.person.personId}`}>{item.person.name}</Link>
        {item.org && <span className="muted"> · {item.org.code}</span>}
        <div>
          <Link to={`/groups/${item.group.id}`} className="mono">
            {item.group.name}
          </Link>
        </div>
        {item.access.length > 0 && <div className="muted">access: {item.access.join(', ')}</div>}
        {showReviewer && <div className="muted">reviewer: {item.reviewer?.name ?? '—'}</div>}
        {item.escalatedFrom !== null && <span className="badge badge-warn">escalated to the owner</span>}
      </td>
      <td>
        <FactsCompared item={item} />
      </td>
      <td>
        <Membership item={item} />
      </td>
      <td>
        <DecisionCell item={item} />
        {canDecide && (
          <div className="row decide-buttons">
            {(['keep', 'remove', 'end-date'] as const).map((d) => (
              <button
                key={d}
                type="button"
                className="small"
                disabled={busy}
                aria-label={`${DECISION_LABEL[d]}: ${item.person.name} in ${item.group.name}`}
                onClick={(e) => {
                  e.stopPropagation();
                  onSelect();
                  onDecide(d);
                }}
              >
                {DECISION_LABEL[d]}
              </button>
            ))}
          </div>
        )}
      </td>
    </tr>
  );
});
