import { type GuestView, guestsApi } from '../api/guests.ts';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { formatDate } from '../components/format.ts';
import { useAction } from '../components/use-submit.ts';
import { PersonLink, UnitLink } from './NameOf.tsx';

/**
 * A handed-over guest (issue 16): who no longer vouches, the unit whose guest managers answer now and the deadline;
 * "Take over" when the server says the signed-in user may (`abilities.takeOver`), then the page reads again.
 */
export function HandoverCard({ guest, etag, onDone }: { guest: GuestView; etag: string; onDone: () => void }) {
  const { error, busy, act } = useAction(onDone);
  const h = guest.handover;
  if (!h) return null;
  return (
    <div className="card" data-testid="guest-handover">
      <h2>Handed over</h2>
      <p>
        {`The ${h.role} `}
        <PersonLink id={h.voucherId} />
        {' can no longer vouch for this guest. The guest managers of '}
        <UnitLink id={h.orgId} />
        {` may take over until ${formatDate(h.deadline)}; after that the guest's lifecycle applies.`}
      </p>
      <ProblemMessage error={error} />
      {guest.abilities.takeOver && (
        <div className="form-actions">
          <button
            type="button"
            className="primary"
            disabled={busy}
            data-testid="take-over"
            onClick={() => act(() => guestsApi.takeOver(guest.id, etag))}
          >
            {busy ? 'Taking over…' : `Take over as ${h.role}`}
          </button>
        </div>
      )}
    </div>
  );
}
