import { type FormEvent, useState } from 'react';
import { orgsApi } from '../api/orgs.ts';
import type { Kind, UnitDetail } from '../api/org-types.ts';
import { Field, TextField } from '../components/Field.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { CustomFieldInputs, customDraftOf, customValuesOf } from './CustomFieldInputs.tsx';

interface Props {
  unit: UnitDetail;
  etag: string;
  kind?: Kind;
  onClose: () => void;
  onDone: () => void;
  onReload: () => void;
}

const shown = ['name', 'abbreviation', 'altNames', 'validFrom', 'custom'];

/** Rename and edit a unit's other facts; sent with If-Match, so a concurrent edit answers 412. */
export function UnitEditDialog({ unit, etag, kind, onClose, onDone, onReload }: Props) {
  const fields = kind?.fields ?? [];
  const [name, setName] = useState(unit.name);
  const [abbreviation, setAbbreviation] = useState(unit.abbreviation ?? '');
  const [altNames, setAltNames] = useState(unit.altNames.join('\n'));
  const [validFrom, setValidFrom] = useState(unit.validFrom ?? '');
  const [custom, setCustom] = useState(() => customDraftOf(fields, unit.custom));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await orgsApi.update(
        unit.id,
        {
          name: name.trim(),
          abbreviation: abbreviation.trim() || null,
          altNames: altNames
            .split('\n')
            .map((a) => a.trim())
            .filter(Boolean),
          validFrom: validFrom || null,
          ...(fields.length ? { custom: customValuesOf(fields, custom, unit.custom) } : {}),
        },
        etag,
      );
      onDone();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Dialog open title={`Edit ${unit.name}`} onClose={onClose}>
      <form onSubmit={save} noValidate>
        <ProblemMessage error={error} shownFields={shown} onReload={onReload} />
        <TextField label="Name" name="name" value={name} onChange={setName} error={error} required />
        <div className="form-grid">
          <TextField
            label="Abbreviation"
            name="abbreviation"
            value={abbreviation}
            onChange={setAbbreviation}
            error={error}
          />
          <TextField
            label="Valid from"
            name="validFrom"
            type="date"
            value={validFrom}
            onChange={setValidFrom}
            error={error}
          />
        </div>
        <Field label="Alternate names" name="altNames" error={error} hint="one per line">
          {(control) => <textarea {...control} value={altNames} onChange={(e) => setAltNames(e.target.value)} />}
        </Field>
        <CustomFieldInputs fields={fields} draft={custom} onChange={setCustom} error={error} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
