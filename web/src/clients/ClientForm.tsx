import { accessApi } from '../access/access-api.ts';
import type { CreatedDecisionClient } from '../api/decision-clients.ts';
import { decisionClientsApi } from '../api/decision-clients.ts';
import { useResource } from '../api/use-resource.ts';
import { textBinder, useDraft } from '../components/draft.ts';
import { TextField } from '../components/Field.tsx';
import { FieldProblems } from '../components/FieldProblems.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useSubmit } from '../components/use-submit.ts';
import { FormActions } from '../components/FormActions.tsx';

interface ClientDraft {
  name: string;
  label: string;
  /** Every application, or only those ticked. */
  every: boolean;
  applications: string[];
}

const EMPTY: ClientDraft = { name: '', label: '', every: true, applications: [] };

function toggled(list: string[], item: string, on: boolean): string[] {
  return on ? (list.includes(item) ? list : [...list, item]) : list.filter((x) => x !== item);
}

interface Props {
  onCreated: (created: CreatedDecisionClient) => void;
  onCancel: () => void;
}

/**
 * A new decision client: its id (the name the program sends), what it is, and the applications it may ask about
 * (every one, or only those ticked). The server's problems show beside the fields they name.
 */
export function ClientForm({ onCreated, onCancel }: Props) {
  const [d, set] = useDraft(EMPTY);
  const apps = useResource((signal) => accessApi.apps(signal), []);
  const { error, busy, submit } = useSubmit(async () => {
    const created = await decisionClientsApi.create({
      name: d.name.trim(),
      label: d.label,
      applications: d.every ? null : d.applications,
    });
    onCreated(created);
  });
  const bind = textBinder(d, set, error);
  return (
    <form aria-label="New decision client" onSubmit={submit} data-testid="client-form" className="card">
      <h2>New decision client</h2>
      <ProblemMessage error={error} shownFields={['name', 'label', 'applications']} />
      <div className="form-grid">
        <TextField
          label="Client id"
          name="name"
          {...bind('name')}
          hint="2-64 lowercase letters, digits, dots, dashes or underscores, e.g. lms-gateway"
          required
        />
        <TextField label="Label" name="label" {...bind('label')} hint="what the program is" required />
      </div>
      <fieldset data-field="applications">
        <legend>Applications it may ask about</legend>
        <label className="check">
          <input type="radio" name="every" checked={d.every} onChange={() => set('every', true)} /> Every application
        </label>{' '}
        <label className="check">
          <input type="radio" name="every" checked={!d.every} onChange={() => set('every', false)} /> Only these:
        </label>
        <div className="field">
          {(apps.data ?? []).map((a) => (
            <label key={a.name} className="check">
              <input
                type="checkbox"
                disabled={d.every}
                checked={!d.every && d.applications.includes(a.name)}
                onChange={(e) => set('applications', toggled(d.applications, a.name, e.target.checked))}
              />{' '}
              {a.label} <span className="muted mono">{a.name}</span>
            </label>
          ))}
          {apps.status === 'ready' && apps.data.length === 0 && <p className="muted">No applications yet.</p>}
        </div>
        <FieldProblems error={error} name="applications" />
      </fieldset>
      <FormActions submit="Create client" busy={busy} onCancel={onCancel} />
    </form>
  );
}
