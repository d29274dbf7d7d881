import { TextField } from '../components/Field.tsx';
import type { UnitSummary } from '../api/org-types.ts';
import { UnitFinder } from '../orgs/UnitFinder.tsx';

export interface AffiliationDraft {
  unit: UnitSummary | null;
  kind: string;
  title: string;
  validFrom: string;
  validTo: string;
}

export const emptyAffiliation: AffiliationDraft = { unit: null, kind: 'staff', title: '', validFrom: '', validTo: '' };

export function affiliationOf(d: AffiliationDraft) {
  if (!d.unit) return undefined;
  return {
    orgId: d.unit.id,
    kind: d.kind.trim(),
    title: d.title.trim() || null,
    validFrom: d.validFrom || null,
    validTo: d.validTo || null,
  };
}

/** An optional first affiliation: the unit (found by code or name), as what, with which title, from when. */
export function AffiliationFields({
  draft,
  onChange,
  error,
}: {
  draft: AffiliationDraft;
  onChange: (d: AffiliationDraft) => void;
  error?: unknown;
}) {
  const set = (key: keyof AffiliationDraft) => (value: string) => onChange({ ...draft, [key]: value });
  return (
    <fieldset data-field="affiliation">
      <legend>
        Affiliation <span className="muted">(optional)</span>
      </legend>
      {draft.unit ? (
        <p className="row">
          <span>
            In <strong>{draft.unit.name}</strong> <span className="mono muted">{draft.unit.code}</span>
          </span>
          <button type="button" className="small" onClick={() => onChange({ ...draft, unit: null })}>
            Choose another unit
          </button>
        </p>
      ) : (
        <div style={{ marginBottom: '0.8rem' }}>
          <UnitFinder label="Organisation unit" onPick={(unit) => onChange({ ...draft, unit })} />
        </div>
      )}
      {draft.unit && (
        <div className="form-grid">
          <TextField
            label="As"
            name="affiliation/kind"
            value={draft.kind}
            onChange={set('kind')}
            error={error}
            hint="staff, student, visitor…"
          />
          <TextField label="Title" name="affiliation/title" value={draft.title} onChange={set('title')} error={error} />
          <TextField
            label="Valid from"
            name="affiliation/validFrom"
            type="date"
            value={draft.validFrom}
            onChange={set('validFrom')}
            error={error}
          />
          <TextField
            label="Valid to"
            name="affiliation/validTo"
            type="date"
            value={draft.validTo}
            onChange={set('validTo')}
            error={error}
          />
        </div>
      )}
    </fieldset>
  );
}
