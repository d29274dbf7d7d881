import { type FormEvent, useState } from 'react';
import { orgsApi } from '../api/orgs.ts';
import type { Officer, UnitDetail } from '../api/org-types.ts';
import { peopleApi } from '../api/people.ts';
import { Dialog } from '../components/Dialog.tsx';
import { Field, TextField } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { PersonPicker } from '../people/PersonPicker.tsx';

interface Props {
  unit: UnitDetail;
  onClose: () => void;
  onDone: () => void;
}

/** Appoints a person as administrator or approver of the unit, with a role name. */
export function AppointOfficerDialog({ unit, onClose, onDone }: Props) {
  const [person, setPerson] = useState<{ id: number; name: string } | null>(null);
  const [fn, setFn] = useState<Officer['function']>('administrator');
  const [roleName, setRoleName] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const pick = async (id: number) => {
    setError(undefined);
    try {
      const { data } = await peopleApi.get(id);
      setPerson({ id, name: data.displayName });
    } catch (err) {
      setError(err);
    }
  };
  const appoint = async (e: FormEvent) => {
    e.preventDefault();
    if (!person) return;
    setBusy(true);
    setError(undefined);
    try {
      await orgsApi.appoint(unit.id, { personId: person.id, function: fn, roleName: roleName.trim() });
      onDone();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Dialog open title={`Appoint an officer of ${unit.name}`} onClose={onClose}>
      {person ? (
        <p className="row">
          <span>
            Appointing <strong>{person.name}</strong> <span className="muted">#{person.id}</span>
          </span>
          <button type="button" className="small" onClick={() => setPerson(null)}>
            Choose someone else
          </button>
        </p>
      ) : (
        <PersonPicker label="Person" onPick={pick} />
      )}
      <form onSubmit={appoint} noValidate style={{ marginTop: '0.8rem' }}>
        <ProblemMessage error={error} shownFields={['function', 'roleName']} />
        <div className="form-grid">
          <Field label="Function" name="function" error={error}>
            {(control) => (
              <select {...control} value={fn} onChange={(e) => setFn(e.target.value as Officer['function'])}>
                <option value="administrator">Administrator</option>
                <option value="approver">Approver</option>
              </select>
            )}
          </Field>
          <TextField
            label="Role name"
            name="roleName"
            value={roleName}
            onChange={setRoleName}
            error={error}
            hint='e.g. "Head of department", "IT desk"'
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={!person || !roleName.trim() || busy}>
            {busy ? 'Appointing…' : 'Appoint'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
