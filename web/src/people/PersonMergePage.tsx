import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { peopleApi } from '../api/people.ts';
import { useResource } from '../api/use-resource.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { MergeSide } from './MergeSide.tsx';
import { PersonPicker } from './PersonPicker.tsx';

/**
 * Merging two records of one human: pick the survivor and the loser, compare them side
 * by side, give a reason and confirm. The loser stays as a tombstone pointing at the survivor.
 */
export function PersonMergePage() {
  usePageTitle('Merge two records');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const survivorId = Number(params.get('survivor')) || null;
  const loserId = Number(params.get('loser')) || null;
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const survivor = useResource(
    (signal) => (survivorId ? peopleApi.get(survivorId, signal) : Promise.resolve(null)),
    [survivorId],
  );
  const loser = useResource((signal) => (loserId ? peopleApi.get(loserId, signal) : Promise.resolve(null)), [loserId]);

  const choose = (side: 'survivor' | 'loser', id: number | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set(side, String(id));
    else next.delete(side);
    setParams(next);
    setError(undefined);
  };
  const swap = () =>
    setParams(
      new URLSearchParams({
        ...(loserId ? { survivor: String(loserId) } : {}),
        ...(survivorId ? { loser: String(survivorId) } : {}),
      }),
    );

  const ask = (e: FormEvent) => {
    e.preventDefault();
    setConfirming(true);
  };
  const merge = async () => {
    if (survivor.status !== 'ready' || !survivor.data || !loserId) return;
    setBusy(true);
    setError(undefined);
    try {
      await peopleApi.merge(survivor.data.data.id, loserId, reason.trim(), survivor.data.etag);
      navigate(`/people/${survivor.data.data.id}`, { state: { mergedFrom: loserId } });
    } catch (err) {
      setError(err);
      setConfirming(false);
      setBusy(false);
    }
  };
  const ready = survivor.status === 'ready' && survivor.data && loser.status === 'ready' && loser.data;

  return (
    <section>
      <div className="crumbs">
        <Link to="/people">People</Link> / merge
      </div>
      <h1>Merge two records of one person</h1>
      <p className="muted">
        The survivor keeps its record and takes in the other's identifiers, affiliations, contacts and missing facts.
        The other record becomes a tombstone pointing at the survivor.
      </p>
      <div className="grid-2">
        {(['survivor', 'loser'] as const).map((side) => {
          const resource = side === 'survivor' ? survivor : loser;
          const title = side === 'survivor' ? 'Survivor (kept)' : 'Merged away (becomes a tombstone)';
          return (
            <div key={side} className="card" data-testid={`merge-${side}`}>
              <h2>{title}</h2>
              <Loaded resource={resource} what="Loading">
                {(tagged) =>
                  tagged ? (
                    <MergeSide person={tagged.data} onClear={() => choose(side, null)} />
                  ) : (
                    <PersonPicker
                      label={side === 'survivor' ? 'Find the survivor' : 'Find the record to merge away'}
                      onPick={(id) => choose(side, id)}
                    />
                  )
                }
              </Loaded>
            </div>
          );
        })}
      </div>
      {survivorId && loserId && (
        <p>
          <button type="button" onClick={swap}>
            Swap survivor and merged-away record
          </button>
        </p>
      )}
      <ProblemMessage
        error={error}
        onReload={() => {
          survivor.reload();
          loser.reload();
        }}
      />
      {ready && (
        <form className="card" onSubmit={ask}>
          <div className="field">
            <label htmlFor="merge-reason">Reason</label>
            <textarea
              id="merge-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              required
              aria-describedby="merge-reason-hint"
            />
            <div className="hint" id="merge-reason-hint">
              How you know these are the same human; kept in the audit trail.
            </div>
          </div>
          <button type="submit" className="danger" disabled={!reason.trim()}>
            Merge…
          </button>
        </form>
      )}
      <Dialog open={confirming} title="Merge these records?" onClose={() => setConfirming(false)}>
        {ready && (
          <>
            <p>
              <strong>{loser.data!.data.displayName}</strong> (#{loser.data!.data.id}) will be merged into{' '}
              <strong>{survivor.data!.data.displayName}</strong> (#{survivor.data!.data.id}). This cannot be undone; the
              merged-away record stays as a tombstone.
            </p>
            <div className="form-actions">
              <button type="button" className="danger" onClick={merge} disabled={busy}>
                {busy ? 'Merging…' : 'Merge'}
              </button>
              <button type="button" onClick={() => setConfirming(false)} autoFocus>
                Cancel
              </button>
            </div>
          </>
        )}
      </Dialog>
    </section>
  );
}
