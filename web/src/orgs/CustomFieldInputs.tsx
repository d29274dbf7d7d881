import type { KindField } from '../api/org-types.ts';
import { Field } from '../components/Field.tsx';

export type CustomDraft = Record<string, string | boolean>;

export function customDraftOf(fields: KindField[], values: Record<string, unknown>): CustomDraft {
  return Object.fromEntries(
    fields.map((f) => [
      f.name,
      f.type === 'boolean'
        ? values[f.name] === true
        : values[f.name] === undefined || values[f.name] === null
          ? ''
          : String(values[f.name]),
    ]),
  );
}

/**
 * Typed values for the API: numbers as numbers; a field emptied in the form is sent as
 * null (which clears it), a field that was and stays empty is left out.
 */
export function customValuesOf(
  fields: KindField[],
  draft: CustomDraft,
  stored: Record<string, unknown> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = draft[f.name];
    if (f.type === 'boolean') {
      if (v === true || stored[f.name] !== undefined) out[f.name] = v === true;
    } else if (typeof v === 'string' && v.trim() !== '')
      out[f.name] = f.type === 'integer' || f.type === 'number' ? Number(v) : v.trim();
    else if (stored[f.name] !== undefined && stored[f.name] !== null) out[f.name] = null;
  }
  return out;
}

const inputType: Record<KindField['type'], string> = {
  string: 'text',
  integer: 'number',
  number: 'number',
  boolean: 'checkbox',
  date: 'date',
  email: 'email',
  enum: 'text',
};

/** One input per custom field of the unit's kind, typed by the schema; problems shown at "custom/<name>". */
export function CustomFieldInputs({
  fields,
  draft,
  onChange,
  error,
}: {
  fields: KindField[];
  draft: CustomDraft;
  onChange: (d: CustomDraft) => void;
  error?: unknown;
}) {
  if (!fields.length) return null;
  const set = (name: string, value: string | boolean) => onChange({ ...draft, [name]: value });
  return (
    <fieldset>
      <legend>Custom fields</legend>
      <div className="form-grid">
        {fields.map((f) => (
          <Field
            key={f.name}
            label={`${f.label ?? f.name}${f.required ? ' (required)' : ''}`}
            name={`custom/${f.name}`}
            error={error}
            hint={f.default !== undefined ? `default ${String(f.default)}` : undefined}
          >
            {(control) =>
              f.type === 'enum' ? (
                <select {...control} value={String(draft[f.name] ?? '')} onChange={(e) => set(f.name, e.target.value)}>
                  <option value="">—</option>
                  {(f.options ?? []).map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </select>
              ) : f.type === 'boolean' ? (
                <input
                  {...control}
                  type="checkbox"
                  checked={draft[f.name] === true}
                  onChange={(e) => set(f.name, e.target.checked)}
                />
              ) : (
                <input
                  {...control}
                  type={inputType[f.type]}
                  step={f.type === 'number' ? 'any' : undefined}
                  value={String(draft[f.name] ?? '')}
                  onChange={(e) => set(f.name, e.target.value)}
                />
              )
            }
          </Field>
        ))}
      </div>
    </fieldset>
  );
}
