import { useState } from 'react';
import { useResource } from '../api/use-resource.ts';
import { Field } from '../components/Field.tsx';

/** One thing to pick: its id, its name and a line about it. */
export interface PickOption {
  id: number;
  label: string;
  detail: string;
}

interface Props {
  label: string;
  /** The API field the picked id fills, to show the server's problems beside it. */
  name: string;
  error?: unknown;
  /** Up to 8 matches for at least 2 typed characters. */
  search: (q: string, signal: AbortSignal) => Promise<PickOption[]>;
  /** The id to submit: the picked match's, or digits typed as an id; '' for neither. */
  onChange: (id: string) => void;
}

/** A search box that lists matches to pick from as one types; typing an id directly also works. */
export function SearchPicker({ label, name, error, search, onChange }: Props) {
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<PickOption | null>(null);
  const q = picked ? '' : text.trim();
  const hits = useResource(
    (signal) => (q.length >= 2 ? search(q, signal).then((l) => l.slice(0, 8)) : Promise.resolve([])),
    [q],
  );
  const type = (value: string) => {
    setText(value);
    setPicked(null);
    onChange(/^\d+$/.test(value.trim()) ? value.trim() : '');
  };
  const pick = (o: PickOption) => {
    setText(o.label);
    setPicked(o);
    onChange(String(o.id));
  };
  return (
    <div className="search-picker" data-testid={`pick-${name}`}>
      <Field
        label={label}
        name={name}
        error={error}
        hint={picked ? `chosen: ${picked.label} #${picked.id}` : 'type 2 letters of the name to search, or an id'}
      >
        {(c) => (
          <input
            {...c}
            type="search"
            autoComplete="off"
            value={text}
            onChange={(e) => type(e.target.value)}
            aria-autocomplete="list"
          />
        )}
      </Field>
      {q.length >= 2 &&
        hits.status === 'ready' &&
        (hits.data.length === 0 ? (
          <p className="empty">No matches.</p>
        ) : (
          <ul className="plain" aria-label={`Matches for ${label}`}>
            {hits.data.map((o) => (
              <li key={o.id} className="row">
                <button
                  type="button"
                  className="small"
                  onClick={() => pick(o)}
                  aria-label={`Choose ${o.label} #${o.id}`}
                >
                  Choose
                </button>
                <span>
                  {o.label}{' '}
                  <span className="muted">
                    #{o.id}
                    {o.detail ? ` · ${o.detail}` : ''}
                  </span>
                </span>
              </li>
            ))}
          </ul>
        ))}
    </div>
  );
}
