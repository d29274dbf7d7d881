import type { Source, SourceSettings } from '../api/source-types.ts';
import { useId } from 'react';
import { problemsFor } from '../api/problems.ts';
import { Field, TextField } from '../components/Field.tsx';
import { kindsOf, percentOf, shareOf } from './format.ts';

/** A source's settings as the form holds them (the threshold as a percentage). */
export interface SourceDraft {
  label: string;
  description: string;
  kinds: string;
  threshold: string;
  createPeople: boolean;
  reviewNearMatches: boolean;
}

export const emptySourceDraft: SourceDraft = {
  label: '',
  description: '',
  kinds: '',
  threshold: '10',
  createPeople: true,
  reviewNearMatches: true,
};

export function draftOf(s: Source): SourceDraft {
  return {
    label: s.label,
    description: s.description,
    kinds: s.kinds.join(', '),
    threshold: percentOf(s.holdThreshold),
    createPeople: s.createPeople,
    reviewNearMatches: s.reviewNearMatches,
  };
}

export function settingsOf(d: SourceDraft): SourceSettings {
  const holdThreshold = shareOf(d.threshold);
  return {
    label: d.label.trim(),
    description: d.description.trim(),
    kinds: kindsOf(d.kinds),
    ...(holdThreshold === undefined || Number.isNaN(holdThreshold) ? {} : { holdThreshold }),
    createPeople: d.createPeople,
    reviewNearMatches: d.reviewNearMatches,
  };
}

export const sourceFieldNames = [
  'name',
  'label',
  'description',
  'kinds',
  'holdThreshold',
  'createPeople',
  'reviewNearMatches',
];

/** The settings every source has, with the server's problems beside each. */
export function SourceFields({
  draft,
  onChange,
  error,
}: {
  draft: SourceDraft;
  onChange: (d: SourceDraft) => void;
  error: unknown;
}) {
  const set =
    <K extends keyof SourceDraft>(key: K) =>
    (value: SourceDraft[K]) =>
      onChange({ ...draft, [key]: value });
  return (
    <>
      <TextField
        label="Label"
        name="label"
        value={draft.label}
        onChange={set('label')}
        error={error}
        required
        hint="what people call it, e.g. “HR (payroll)”"
      />
      <Field label="Description" name="description" error={error}>
        {(control) => (
          <textarea {...control} value={draft.description} onChange={(e) => set('description')(e.target.value)} />
        )}
      </Field>
      <div className="form-grid">
        <TextField
          label="Affiliation kinds"
          name="kinds"
          value={draft.kinds}
          onChange={set('kinds')}
          error={error}
          hint="comma-separated, e.g. staff, student; empty = any kind"
        />
        <TextField
          label="Hold threshold (%)"
          name="holdThreshold"
          type="number"
          value={draft.threshold}
          onChange={set('threshold')}
          error={error}
          hint="a snapshot changing more than this share of the source’s records is held for review; above 0, at most 100"
        />
      </div>
      <CheckField
        label="Create a person when no one matches a record"
        name="createPeople"
        checked={draft.createPeople}
        onChange={set('createPeople')}
        error={error}
      />
      <CheckField
        label="Flag near-matches for review instead of guessing"
        name="reviewNearMatches"
        checked={draft.reviewNearMatches}
        onChange={set('reviewNearMatches')}
        error={error}
      />
    </>
  );
}

/** A checkbox with its label after it and the server's problems with that field below. */
function CheckField({
  label,
  name,
  checked,
  onChange,
  error,
}: {
  label: string;
  name: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  error: unknown;
}) {
  const id = useId();
  const problems = problemsFor(error, name);
  return (
    <div className={`field${problems.length ? ' field-invalid' : ''}`} data-field={name}>
      <label className="check" htmlFor={id}>
        <input
          id={id}
          name={name}
          type="checkbox"
          checked={checked}
          aria-invalid={problems.length ? true : undefined}
          aria-describedby={problems.length ? `${id}-error` : undefined}
          onChange={(e) => onChange(e.target.checked)}
        />{' '}
        {label}
      </label>
      {problems.length > 0 && (
        <div className="field-error" id={`${id}-error`} role="alert">
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
