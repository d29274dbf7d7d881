import { type ReactNode, useId } from 'react';
import { problemsFor } from '../api/problems.ts';

interface Props {
  label: string;
  /** The API field name this input fills, to show the server's problems with it. */
  name: string;
  error?: unknown;
  hint?: string;
  /** Renders the control, given the id and aria attributes to put on it. */
  children: (control: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode;
}

/** A labelled form control with its hint and the server's problems with that field beside it. */
export function Field({ label, name, error, hint, children }: Props) {
  const id = useId();
  const problems = problemsFor(error, name);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = problems.length ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${problems.length ? ' field-invalid' : ''}`} data-field={name}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': problems.length ? true : undefined })}
      {hint && (
        <div className="hint" id={hintId}>
          {hint}
        </div>
      )}
      {errorId && (
        <div className="field-error" id={errorId} role="alert">
          {problems.map((p, i) => (
            <div key={i}>
              {p.message} <span className="rule">({p.rule})</span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

interface TextFieldProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: unknown;
  hint?: string;
  type?: string;
  required?: boolean;
  autoComplete?: string;
  autoFocus?: boolean;
  placeholder?: string;
}

export function TextField({
  label,
  name,
  value,
  onChange,
  error,
  hint,
  type = 'text',
  required,
  autoComplete,
  autoFocus,
  placeholder,
}: TextFieldProps) {
  return (
    <Field label={label} name={name} error={error} hint={hint}>
      {(control) => (
        <input
          {...control}
          name={name}
          type={type}
          value={value}
          required={required}
          autoComplete={autoComplete}
          autoFocus={autoFocus}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
