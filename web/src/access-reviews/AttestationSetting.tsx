import { useState } from 'react';
import { accessReviewsApi } from '../api/access-reviews.ts';
import { useResource } from '../api/use-resource.ts';
import { FieldProblems } from '../components/FieldProblems.tsx';
import { formatDateTime } from '../components/format.ts';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useAction } from '../components/use-submit.ts';

/**
 * A group's attestation: how often its members are to be reviewed, when they last were and when it falls due; its
 * admins set the period in days (0: never).
 */
export function AttestationSetting({ groupId, canAdmin }: { groupId: number; canAdmin: boolean }) {
  const attestation = useResource((signal) => accessReviewsApi.attestation(groupId, signal), [groupId]);
  const [days, setDays] = useState('');
  const { error, busy, act } = useAction(attestation.reload);
  if (attestation.status !== 'ready') return null;
  const a = attestation.data;
  return (
    <section className="card" aria-label="Attestation" data-testid="attestation">
      <h2>Attestation</h2>
      <p data-testid="attestation-state">
        {a.everyDays ? `Attested every ${a.everyDays} days` : 'No attestation period'}
        {' · '}last attested {a.attestedAt ? formatDateTime(a.attestedAt) : 'never'}
        {a.everyDays ? ` · ${a.due ? 'due now' : `due ${formatDateTime(a.dueAt)}`}` : ''}
      </p>
      {canAdmin && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => accessReviewsApi.setAttestation(a, days.trim() === '' ? Number.NaN : Number(days)));
          }}
        >
          <label htmlFor={`attest-${groupId}`}>Attest every (days, 0: never)</label>
          <input
            id={`attest-${groupId}`}
            type="number"
            min={0}
            max={3650}
            value={days}
            placeholder={String(a.everyDays ?? 0)}
            onChange={(e) => setDays(e.target.value)}
          />
          <button type="submit" disabled={busy || days.trim() === ''}>
            Save
          </button>
        </form>
      )}
      <FieldProblems error={error} name="everyDays" />
      <ProblemMessage error={error} shownFields={['everyDays']} onReload={attestation.reload} />
    </section>
  );
}
