import { useState } from 'react';
import { Link } from 'react-router';
import { orgsApi } from '../api/orgs.ts';
import type { Officer } from '../api/org-types.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { Empty } from '../components/States.tsx';

interface Props {
  officers: Officer[];
  fn: Officer['function'];
  title: string;
  /** Given to writers: removes one of the unit's own officers, then reloads. */
  onRemoved?: () => void;
}

/** A unit's effective administrators or approvers; inherited ones name the unit they come from. */
export function OfficerList({ officers, fn, title, onRemoved }: Props) {
  const [removing, setRemoving] = useState<Officer | null>(null);
  const [error, setError] = useState<unknown>();
  const mine = officers.filter((o) => o.function === fn);
  const id = `officers-${fn}`;
  const remove = async (o: Officer) => {
    setError(undefined);
    try {
      await orgsApi.dismiss(o.orgId, o.id);
      setRemoving(null);
      onRemoved?.();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="card" aria-labelledby={id} data-testid={`${fn}s`}>
      <h2 id={id}>{title}</h2>
      {mine.length === 0 ? (
        <Empty>None here or above.</Empty>
      ) : (
        <ul className="plain">
          {mine.map((o) => (
            <li key={o.id} data-testid="officer" data-inherited={o.inheritedFrom ? 'yes' : 'no'}>
              <Link to={`/people/${o.personId}`}>{o.personName}</Link> <span className="muted">— {o.roleName}</span>
              {!o.inheritedFrom && onRemoved && (
                <>
                  {' '}
                  <button
                    type="button"
                    className="small"
                    onClick={() => setRemoving(o)}
                    aria-label={`Remove ${o.personName} as ${o.roleName}`}
                  >
                    Remove
                  </button>
                </>
              )}
              {o.inheritedFrom && (
                <div className="inherited">
                  inherited from <Link to={`/orgs/${o.inheritedFrom.id}`}>{o.inheritedFrom.name}</Link> (
                  {o.inheritedFrom.code})
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <Dialog open={removing !== null} title={`Remove ${fn}?`} onClose={() => setRemoving(null)}>
        {removing && (
          <>
            <p>
              Remove <strong>{removing.personName}</strong> ({removing.roleName}) as {fn} of this unit? If no {fn} is
              left here, the unit inherits its parent's again.
            </p>
            <ProblemMessage error={error} />
            <div className="form-actions">
              <button type="button" className="danger" onClick={() => remove(removing)}>
                Remove
              </button>
              <button type="button" onClick={() => setRemoving(null)} autoFocus>
                Cancel
              </button>
            </div>
          </>
        )}
      </Dialog>
    </section>
  );
}
