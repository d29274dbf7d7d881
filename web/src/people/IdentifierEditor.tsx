import { problemsFor } from '../api/problems.ts';
import { kindLabel } from './IdentifierList.tsx';

export interface IdentifierRow {
  kind: string;
  scope: string;
  value: string;
}

const kinds = ['id-number', 'username', 'email', 'source-key'];

/** Rows of identifiers (kind, source for source keys, value), with the server's problems beside each row. */
export function IdentifierEditor({
  rows,
  onChange,
  error,
}: {
  rows: IdentifierRow[];
  onChange: (rows: IdentifierRow[]) => void;
  error?: unknown;
}) {
  const update = (i: number, patch: Partial<IdentifierRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="list-editor" data-field="identifiers">
      <legend>Identifiers</legend>
      {rows.length === 0 && (
        <p className="muted">None; ID numbers, usernames and email addresses can also be minted later.</p>
      )}
      {rows.map((row, i) => {
        const problems = problemsFor(error, `identifiers/${i}`);
        return (
          <div key={i}>
            <div className="row">
              <label className="visually-hidden" htmlFor={`id-${i}-kind`}>{`Kind of identifier ${i + 1}`}</label>
              <select
                id={`id-${i}-kind`}
                value={row.kind}
                onChange={(e) => update(i, { kind: e.target.value })}
                style={{ maxWidth: '10rem' }}
              >
                {kinds.map((k) => (
                  <option key={k} value={k}>
                    {kindLabel(k)}
                  </option>
                ))}
              </select>
              {row.kind === 'source-key' && (
                <>
                  <label className="visually-hidden" htmlFor={`id-${i}-scope`}>{`Source of identifier ${i + 1}`}</label>
                  <input
                    id={`id-${i}-scope`}
                    value={row.scope}
                    onChange={(e) => update(i, { scope: e.target.value })}
                    placeholder="source (hr, sis…)"
                    style={{ maxWidth: '10rem' }}
                  />
                </>
              )}
              <label className="visually-hidden" htmlFor={`id-${i}-value`}>{`Identifier ${i + 1}`}</label>
              <input
                id={`id-${i}-value`}
                value={row.value}
                aria-invalid={problems.length ? true : undefined}
                onChange={(e) => update(i, { value: e.target.value })}
                placeholder="value"
              />
              <button
                type="button"
                className="small"
                onClick={() => onChange(rows.filter((_, j) => j !== i))}
                aria-label={`Remove identifier ${i + 1}`}
              >
                Remove
              </button>
            </div>
            {problems.length > 0 && (
              <div className="field-error" role="alert">
                {problems.map((p, k) => (
                  <div key={k}>
                    {p.message} <span className="rule">({p.rule})</span>
                  </div>
                ))}
              </div>
            )}
          </div>
        );
      })}
      <button
        type="button"
        className="small"
        onClick={() => onChange([...rows, { kind: 'id-number', scope: '', value: '' }])}
      >
        Add identifier
      </button>
    </fieldset>
  );
}

/** What the API takes: blank rows dropped, scope only for source keys. */
export function identifiersOf(rows: IdentifierRow[]): { kind: string; scope?: string; value: string }[] {
  return rows
    .filter((r) => r.value.trim())
    .map((r) => ({
      kind: r.kind,
      value: r.value.trim(),
      ...(r.kind === 'source-key' ? { scope: r.scope.trim() } : {}),
    }));
}
