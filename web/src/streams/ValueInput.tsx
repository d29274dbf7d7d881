import type { FieldValue, StreamField } from '../api/stream-types.ts';

interface Props {
  field: StreamField;
  value: string;
  onChange: (value: string) => void;
  label: string;
  disabled: boolean;
  invalid: boolean;
  describedBy?: string;
}

const shown = (v: FieldValue | null) => (v === null ? 'none' : String(v));

/** One cell of the generated form: an input chosen by the field's type; empty means the default applies. */
export function ValueInput({ field, value, onChange, label, disabled, invalid, describedBy }: Props) {
  const common = {
    'aria-label': label,
    disabled,
    'aria-invalid': invalid || undefined,
    'aria-describedby': describedBy,
  };
  const defaultOption = <option value="">{`default (${shown(field.default)})`}</option>;
  if (field.type === 'enum') {
    return (
      <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        {defaultOption}
        {field.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  }
  if (field.type === 'boolean') {
    return (
      <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        {defaultOption}
        <option value="true">yes</option>
        <option value="false">no</option>
      </select>
    );
  }
  return (
    <input
      {...common}
      type={field.type === 'date' ? 'date' : 'text'}
      inputMode={field.type === 'number' ? 'decimal' : undefined}
      maxLength={field.length ?? undefined}
      placeholder={field.default === null ? '' : `default ${shown(field.default)}`}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
