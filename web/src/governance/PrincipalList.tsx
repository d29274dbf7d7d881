import { useId, useState } from 'react';
import type { Principal } from '../api/governance-types.ts';
import { FieldProblems } from '../components/FieldProblems.tsx';
import { principalWords } from './policy-draft.ts';

type Kind = 'person' | 'group' | 'admin' | 'update' | 'owner' | 'delegates' | 'manager';
const KINDS: Array<{ kind: Kind; label: string }> = [
  { kind: 'manager', label: "The member's manager" },
  { kind: 'delegates', label: "The delegates of the member's department" },
  { kind: 'owner', label: 'The policy owner' },
  { kind: 'admin', label: 'Holders of admin on the group' },
  { kind: 'update', label: 'Holders of update on the group' },
  { kind: 'person', label: 'A person (id)' },
  { kind: 'group', label: 'The members of a group (id)' },
];

function principalOf(kind: Kind, id: string): Principal | null {
  const n = Number(id);
  switch (kind) {
    case 'person':
      return Number.isSafeInteger(n) && n > 0 ? { kind: 'person', personId: n } : null;
    case 'group':
      return Number.isSafeInteger(n) && n > 0 ? { kind: 'group', groupId: n } : null;
    case 'admin':
    case 'update':
      return { kind: 'privilege', privilege: kind };
    default:
      return { kind };
  }
}

interface Props {
  legend: string;
  /** The API field, e.g. "directAdders" or "stages/0/approvers": its problems show here. */
  name: string;
  value: Principal[];
  onChange: (value: Principal[]) => void;
  error?: unknown;
  hint?: string;
}

/** Edits a list of principals (who adds, who asks, who approves a stage): each shown in words, added from a list. */
export function PrincipalList({ legend, name, value, onChange, error, hint }: Props) {
  const id = useId();
  const [kind, setKind] = useState<Kind>('manager');
  const [ref, setRef] = useState('');
  const next = principalOf(kind, ref);
  const needsId = kind === 'person' || kind === 'group';
  return (
    <fieldset className="principals" data-field={name} aria-label={legend}>
      <legend>{legend}</legend>
      {hint && <p className="hint">{hint}</p>}
      {value.length === 0 ? (
        <p className="muted">Nobody.</p>
      ) : (
        <ul className="plain">
          {value.map((x, i) => (
            <li key={i} className="row">
              <span>{principalWords(x)}</span>
              <button
                type="button"
                className="small"
                aria-label={`Remove ${principalWords(x)} from ${legend}`}
                onClick={() => onChange(value.filter((_, j) => j !== i))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="row">
        <label className="visually-hidden" htmlFor={`${id}-kind`}>{`Add to ${legend}`}</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
        {needsId && (
          <>
            <label className="visually-hidden" htmlFor={`${id}-ref`}>{`Id for ${legend}`}</label>
            <input
              id={`${id}-ref`}
              inputMode="numeric"
              value={ref}
              placeholder={kind === 'person' ? 'person id' : 'group id'}
              onChange={(e) => setRef(e.target.value)}
              style={{ maxWidth: '8rem' }}
            />
          </>
        )}
        <button
          type="button"
          className="small"
          disabled={next === null}
          aria-label={`Add to ${legend}`}
          onClick={() => {
            if (!next) return;
            onChange([...value, next]);
            setRef('');
          }}
        >
          Add
        </button>
      </div>
      <FieldProblems error={error} name={name} />
    </fieldset>
  );
}
