import { Link } from 'react-router';
import type { Problem } from '../api/client.ts';
import type { CascadeNeeded } from '../api/org-types.ts';

/** The cascade part of a cascade-required problem (empty lists if the server sent none). */
export function cascadeOf(problem: Problem): CascadeNeeded {
  const counts = (problem.counts ?? {}) as Partial<CascadeNeeded['counts']>;
  const affected = (problem.affected ?? {}) as Partial<CascadeNeeded['affected']>;
  const units = affected.units ?? [];
  const affiliations = affected.affiliations ?? [];
  return {
    counts: { units: counts.units ?? units.length, affiliations: counts.affiliations ?? affiliations.length },
    affected: { units, affiliations },
  };
}

const more = (count: number, shown: number) =>
  count > shown ? <li className="muted">…and {count - shown} more</li> : null;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What would end with the unit: the units below it and the affiliations that outlive the date. */
export function CascadeList({ cascade }: { cascade: CascadeNeeded }) {
  const { counts, affected } = cascade;
  return (
    <div data-testid="cascade-items" style={{ maxHeight: '18rem', overflowY: 'auto', marginBottom: '1rem' }}>
      {counts.units > 0 && (
        <>
          <h3>{plural(counts.units, 'unit')} below it</h3>
          <ul className="plain">
            {affected.units.map((u) => (
              <li key={u.id}>
                <Link to={`/orgs/${u.id}`}>{u.name}</Link> <span className="mono muted">{u.code}</span>{' '}
                <span className="muted">— now valid to {u.validTo ?? 'open'}</span>
              </li>
            ))}
            {more(counts.units, affected.units.length)}
          </ul>
        </>
      )}
      {counts.affiliations > 0 && (
        <>
          <h3>{plural(counts.affiliations, 'affiliation')}</h3>
          <ul className="plain">
            {affected.affiliations.map((a) => (
              <li key={a.id}>
                <Link to={`/people/${a.personId}`}>{a.name}</Link> <span className="muted">— {a.kind} in</span>{' '}
                <span className="mono">{a.orgCode}</span>
                <span className="muted">, now valid to {a.validTo ?? 'open'}</span>
              </li>
            ))}
            {more(counts.affiliations, affected.affiliations.length)}
          </ul>
        </>
      )}
    </div>
  );
}
