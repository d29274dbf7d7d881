import type { MappingRow } from './target-draft.ts';
import { FieldProblems } from '../components/FieldProblems.tsx';

interface Props {
  rows: MappingRow[];
  onChange: (rows: MappingRow[]) => void;
  creating: boolean;
  error: unknown;
  /** What the server uses when a new target gives no row, e.g. "the AD-shaped default (cn, sn, …)". */
  defaultNote: string;
  /** An attribute of the target's kind, shown as the placeholder. */
  attributeExample: string;
}

/** The attribute → template rows of an LDAP or SCIM target; each row shows the server's problems with its attribute. */
export function MappingRows({ rows, onChange, creating, error, defaultNote, attributeExample }: Props) {
  const update = (i: number, patch: Partial<MappingRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset data-field="mappings" data-testid="mappings">
      <legend>Mappings (attribute ← template)</legend>
      {rows.length === 0 && <p className="muted">{creating ? `None given: ${defaultNote} is used.` : 'None.'}</p>}
      {rows.map((r, i) => (
        <div key={i}>
          <div className="row">
            <label className="visually-hidden" htmlFor={`mapping-attr-${i}`}>
              Attribute {i + 1}
            </label>
            <input
              id={`mapping-attr-${i}`}
              value={r.attribute}
              placeholder={`attribute, e.g. ${attributeExample}`}
              style={{ maxWidth: '14rem' }}
              onChange={(e) => update(i, { attribute: e.target.value })}
            />
            <label className="visually-hidden" htmlFor={`mapping-template-${i}`}>
              Template {i + 1}
            </label>
            <input
              id={`mapping-template-${i}`}
              value={r.template}
              placeholder="template, e.g. {username}@example.edu"
              onChange={(e) => update(i, { template: e.target.value })}
            />
            <button
              type="button"
              className="small"
              aria-label={`Remove mapping ${i + 1}`}
              onClick={() => onChange(rows.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          </div>
          {r.attribute.trim() && <FieldProblems error={error} name={`mappings/${r.attribute.trim()}`} />}
        </div>
      ))}
      <FieldProblems error={error} name="mappings" exact />
      <button type="button" className="small" onClick={() => onChange([...rows, { attribute: '', template: '' }])}>
        Add a mapping
      </button>
    </fieldset>
  );
}
