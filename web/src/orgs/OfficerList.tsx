import { Link } from 'react-router';
import type { Officer } from '../api/org-types.ts';
import { Empty } from '../components/States.tsx';

/** A unit's effective administrators or approvers; inherited ones name the unit they come from. */
export function OfficerList({ officers, fn, title }: { officers: Officer[]; fn: Officer['function']; title: string }) {
  const mine = officers.filter((o) => o.function === fn);
  const id = `officers-${fn}`;
  return (
    <section className="card" aria-labelledby={id} data-testid={`${fn}s`}>
      <h2 id={id}>{title}</h2>
      {mine.length === 0 ? <Empty>None here or above.</Empty> : (
        <ul className="plain">
          {mine.map((o) => (
            <li key={o.id} data-testid="officer" data-inherited={o.inheritedFrom ? 'yes' : 'no'}>
              <Link to={`/people/${o.personId}`}>{o.personName}</Link> <span className="muted">— {o.roleName}</span>
              {o.inheritedFrom && (
                <div className="inherited">inherited from <Link to={`/orgs/${o.inheritedFrom.id}`}>{o.inheritedFrom.name}</Link> ({o.inheritedFrom.code})</div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
