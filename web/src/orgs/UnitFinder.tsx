import { type KeyboardEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import { orgsApi } from '../api/orgs.ts';
import type { UnitSummary } from '../api/org-types.ts';
import { ProblemMessage } from '../components/ProblemMessage.tsx';

/** Finds units by code, name, abbreviation or alternate name; optionally picks one. */
export function UnitFinder({
  onPick,
  label = 'Find a unit',
}: {
  onPick?: (unit: UnitSummary) => void;
  label?: string;
}) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<UnitSummary[] | null>(null);
  const [error, setError] = useState<unknown>();
  const find = async () => {
    if (!q.trim()) return;
    setError(undefined);
    try {
      setHits((await orgsApi.search(q.trim())).items);
    } catch (err) {
      setError(err);
    }
  };
  const inputId = useId();
  return (
    // Not a <form>: the finder also sits inside other forms (a person's first affiliation).
    <div role="search" aria-label={onPick ? 'Search units' : label} className="unit-finder">
      <label htmlFor={inputId} className={onPick ? 'label' : 'visually-hidden'}>
        {label}
      </label>
      <div className="row" style={{ flexWrap: 'nowrap' }}>
        <input
          id={inputId}
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e: KeyboardEvent) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void find();
            }
          }}
          placeholder="Code or name"
        />
        <button type="button" onClick={() => void find()}>
          Find
        </button>
      </div>
      <ProblemMessage error={error} />
      {hits && hits.length === 0 && <p className="empty">No unit matches.</p>}
      {hits && hits.length > 0 && (
        <ul className="plain finder-results">
          {hits.map((u) => (
            <li key={u.id} className="row">
              {onPick ? (
                <button
                  type="button"
                  className="small"
                  onClick={() => onPick(u)}
                  aria-label={`Choose ${u.name} (${u.code})`}
                >
                  Choose
                </button>
              ) : null}
              {onPick ? <span>{u.name}</span> : <Link to={`/orgs/${u.id}`}>{u.name}</Link>}
              <span className="mono muted">{u.code}</span>
              <span className="badge">{u.kind}</span>
              {!u.current && <span className="badge badge-bad">not current</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
