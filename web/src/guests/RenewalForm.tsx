import { useState } from 'react';
import { useNavigate } from 'react-router';
import { type Guest, type GuestType, guestsApi } from '../api/guests.ts';
import { TextField } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { today } from '../components/format.ts';
import { useSubmit } from '../components/use-submit.ts';
import { addDays } from '../../../src/platform/dates.ts';

/** The rules the server checks, said before asking: when the window opens and the latest valid-to. */
function hintOf(guest: Guest, type: GuestType | null): string | undefined {
  if (!type || guest.validTo === null) return undefined;
  const now = today();
  const from = now > guest.validFrom ? now : guest.validFrom;
  const parts = [`Later than ${guest.validTo}`];
  if (type.maxDays !== null)
    parts.push(`the latest is ${addDays(from, type.maxDays - 1)} (${type.maxDays} days from ${from})`);
  if (type.renewalWindowDays !== null)
    parts.push(`renewals open on ${addDays(guest.validTo, -type.renewalWindowDays)}`);
  return `${parts.join('; ')}.`;
}

/** "Request a renewal": a later valid-to, decided by the department's approvers; lands on the new request. */
export function RenewalForm({ guest, type }: { guest: Guest; type: GuestType | null }) {
  const navigate = useNavigate();
  const [validTo, setValidTo] = useState('');
  const { error, busy, submit } = useSubmit(async () => {
    const request = await guestsApi.requestRenewal(guest.id, validTo);
    navigate(`/guests/requests/${request.id}`);
  });
  return (
    <form className="card" onSubmit={submit} noValidate data-testid="renewal-form">
      <h2>Request a renewal</h2>
      <p className="muted">
        The department&apos;s approvers decide it in their inbox; the stay is extended once they approve.
      </p>
      <ProblemMessage error={error} shownFields={['validTo']} />
      <TextField
        label="New valid-to"
        name="validTo"
        type="date"
        value={validTo}
        onChange={setValidTo}
        error={error}
        required
        hint={hintOf(guest, type)}
      />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Sending…' : 'Request renewal'}
        </button>
      </div>
    </form>
  );
}
