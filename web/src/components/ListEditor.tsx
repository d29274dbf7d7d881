import { problemsFor } from '../api/problems.ts';

export interface ListItem {
  value: string;
  label: string;
}

interface Props {
  legend: string;
  /** The API field, e.g. "emails"; problems at "emails/1/address" show beside row 2. */
  name: string;
  items: ListItem[];
  onChange: (items: ListItem[]) => void;
  valueLabel: string;
  type?: string;
  error?: unknown;
}

/** Edits a list of values with optional labels (emails, phones): add, change, remove rows. */
export function ListEditor({ legend, name, items, onChange, valueLabel, type = 'text', error }: Props) {
  const update = (i: number, patch: Partial<ListItem>) =>
    onChange(items.map((item, j) => (j === i ? { ...item, ...patch } : item)));
  const listProblems = problemsFor(error, name).filter((p) => !/\/\d+(\/|$)/.test(p.field));
  return (
    <fieldset className="list-editor" data-field={name}>
      <legend>{legend}</legend>
      {items.length === 0 && <p className="muted">None.</p>}
      {items.map((item, i) => {
        const problems = problemsFor(error, `${name}/${i}`);
        const id = `${name}-${i}`;
        return (
          <div key={i}>
            <div className="row">
              <label className="visually-hidden" htmlFor={`${id}-value`}>{`${valueLabel} ${i + 1}`}</label>
              <input
                id={`${id}-value`}
                type={type}
                value={item.value}
                aria-invalid={problems.length ? true : undefined}
                onChange={(e) => update(i, { value: e.target.value })}
                placeholder={valueLabel}
              />
              <label
                className="visually-hidden"
                htmlFor={`${id}-label`}
              >{`Label of ${valueLabel.toLowerCase()} ${i + 1}`}</label>
              <input
                id={`${id}-label`}
                value={item.label}
                onChange={(e) => update(i, { label: e.target.value })}
                placeholder="label (work, home…)"
                style={{ maxWidth: '12rem' }}
              />
              <button
                type="button"
                className="small"
                onClick={() => onChange(items.filter((_, j) => j !== i))}
                aria-label={`Remove ${valueLabel.toLowerCase()} ${i + 1}`}
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
      {listProblems.length > 0 && (
        <div className="field-error" role="alert">
          {listProblems.map((p, k) => (
            <div key={k}>
              {p.message} <span className="rule">({p.rule})</span>
            </div>
          ))}
        </div>
      )}
      <button type="button" className="small" onClick={() => onChange([...items, { value: '', label: '' }])}>
        Add {valueLabel.toLowerCase()}
      </button>
    </fieldset>
  );
}
