import { type FormEvent, useId, useState } from 'react';
import { peopleApi } from '../api/people.ts';
import type { SearchHit } from '../api/people-types.ts';
import { formatDate } from '../components/format.ts';
import { ProblemMessage } from '../components/ProblemMessage.tsx';

interface Props {
  label: string;
  onPick: (id: number) => void;
}

/** Finds a person by name or identifier and picks one of the results. */
export function PersonPicker({ label, onPick }: Props) {
  const id = useId();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [error, setError] = useState<unknown>();
  const search = async (e: FormEvent) => {
    e.preventDefault();
    if (!q.trim()) return;
    setError(undefined);
    try {
      setHits(await peopleApi.search(q.trim()));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={search} role="search" aria-label={label}>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <div className="row" style={{ flexWrap: 'nowrap' }}>
        <input
          id={id}
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="Name or identifier"
        />
        <button type="submit">Find</button>
      </div>
      <ProblemMessage error={error} />
      {hits && hits.length === 0 && <p className="empty">No one matches.</p>}
      {hits && hits.length > 0 && (
        <ul className="plain" style={{ marginTop: '0.5rem' }}>
          {hits.slice(0, 8).map((h) => (
            <li key={h.person.id} className="row">
              <button
                type="button"
                className="small"
                onClick={() => onPick(h.person.id)}
                aria-label={`Choose ${h.person.displayName} #${h.person.id}`}
              >
                Choose
              </button>
              <span>
                {h.person.displayName}{' '}
                <span className="muted">
                  #{h.person.id} · born {formatDate(h.person.birthDate)}
                </span>
              </span>
              {h.person.state === 'merged' && <span className="badge badge-warn">merged</span>}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
