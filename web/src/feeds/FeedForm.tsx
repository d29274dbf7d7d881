import { feedsApi } from '../api/feeds.ts';
import { useResource } from '../api/use-resource.ts';
import { textBinder, useDraft } from '../components/draft.ts';
import { Field, TextField } from '../components/Field.tsx';
import { FieldProblems } from '../components/FieldProblems.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useSubmit } from '../components/use-submit.ts';
import { CATALOGUE, type FeedDraft, toggled } from './feed-draft.ts';

interface Props {
  initial: FeedDraft;
  /** Creating (the name may be chosen) or editing (the name is fixed). */
  creating: boolean;
  onSave: (draft: FeedDraft) => Promise<void>;
}

/**
 * The feed definition form: name and format, the selection (status types to tick, org unit
 * codes, stream values), the column checklist (the catalogue and every stream field), LDIF
 * options and the schedule. The server's problems show beside the fields they name.
 */
export function FeedForm({ initial, creating, onSave }: Props) {
  const [d, set] = useDraft(initial);
  const { error, busy: saving, submit } = useSubmit(() => onSave(d));
  const bind = textBinder(d, set, error);
  const types = useResource((signal) => feedsApi.statusTypes(signal), []);
  const streams = useResource((signal) => feedsApi.streams(signal), []);
  const streamFields = (streams.data ?? []).flatMap((s) =>
    s.fields.map((f) => ({ key: `${s.name}.${f.name}`, label: `${s.label}: ${f.label}` })),
  );
  const shown = ['name', 'label', 'format', 'selection', 'columns', 'ldif', 'schedule'];
  return (
    <form aria-label="Feed definition" onSubmit={submit} data-testid="feed-form">
      <ProblemMessage error={error} shownFields={shown} />
      {creating && (
        <TextField
          label="Name"
          name="name"
          {...bind('name')}
          hint="lowercase letters, digits and dashes, e.g. library-patrons"
          required
        />
      )}
      <TextField label="Label" name="label" {...bind('label')} />
      <Field label="Format" name="format" error={error}>
        {(control) => (
          <select {...control} value={d.format} onChange={(e) => set('format', e.target.value)}>
            <option value="csv">CSV</option>
            <option value="ldif">LDIF</option>
            <option value="jsonl">JSON lines</option>
          </select>
        )}
      </Field>
      <fieldset data-field="selection/statuses">
        <legend>Statuses (anyone holding one of these today)</legend>
        <div className="field">
          {(types.data ?? []).map((t) => (
            <label key={t.id} className="check">
              <input
                type="checkbox"
                checked={d.statuses.includes(t.name)}
                onChange={(e) => set('statuses', toggled(d.statuses, t.name, e.target.checked))}
              />{' '}
              {t.name}
            </label>
          ))}
          <label className="check">
            <input type="checkbox" checked={d.primaryOnly} onChange={(e) => set('primaryOnly', e.target.checked)} />{' '}
            only when it is their primary status
          </label>
        </div>
        <FieldProblems error={error} name="selection" />
      </fieldset>
      <TextField
        label="Org units"
        name="selection/orgUnits"
        {...bind('orgUnits')}
        hint="codes, comma separated: the status must hold because of an affiliation in one of these subtrees (empty: anywhere)"
      />
      <fieldset data-field="selection/streams">
        <legend>Stream values (the status must have one of these)</legend>
        {d.streams.map((s, i) => (
          <div className="row" key={i}>
            <label className="visually-hidden" htmlFor={`stream-${i}`}>
              Stream field {i + 1}
            </label>
            <select
              id={`stream-${i}`}
              value={s.key}
              onChange={(e) =>
                set(
                  'streams',
                  d.streams.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)),
                )
              }
            >
              <option value="">choose a field</option>
              {streamFields.map((f) => (
                <option key={f.key} value={f.key}>
                  {f.label}
                </option>
              ))}
            </select>
            <label className="visually-hidden" htmlFor={`stream-value-${i}`}>
              Value {i + 1}
            </label>
            <input
              id={`stream-value-${i}`}
              value={s.value}
              placeholder="value"
              onChange={(e) =>
                set(
                  'streams',
                  d.streams.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)),
                )
              }
            />
            <button
              type="button"
              className="small"
              onClick={() =>
                set(
                  'streams',
                  d.streams.filter((_, j) => j !== i),
                )
              }
            >
              Remove
            </button>
          </div>
        ))}
        <button type="button" className="small" onClick={() => set('streams', [...d.streams, { key: '', value: '' }])}>
          Add a stream value
        </button>
      </fieldset>
      <fieldset data-field="columns">
        <legend>Columns</legend>
        <div className="field">
          {[...CATALOGUE, ...streamFields.map((f) => `stream:${f.key}`)].map((c) => (
            <label key={c} className="check">
              <input
                type="checkbox"
                checked={d.columns.includes(c)}
                onChange={(e) => set('columns', toggled(d.columns, c, e.target.checked))}
              />{' '}
              <span className="mono">{c}</span>
            </label>
          ))}
        </div>
        <FieldProblems error={error} name="columns" />
      </fieldset>
      {d.format === 'ldif' && (
        <fieldset data-field="ldif">
          <legend>LDIF</legend>
          <TextField label="Base DN" name="ldif/baseDn" {...bind('baseDn')} placeholder="ou=people,dc=example,dc=edu" />
          <TextField
            label="RDN attribute"
            name="ldif/rdnAttribute"
            {...bind('rdnAttribute')}
            hint="uid names entries by username; it must be one of the columns' attributes"
          />
        </fieldset>
      )}
      <TextField
        label="Schedule"
        name="schedule"
        {...bind('schedule')}
        hint='cron in UTC, e.g. "0 2 * * *" for 02:00 nightly; empty: on demand only'
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : creating ? 'Create feed' : 'Save feed'}
        </button>
      </div>
    </form>
  );
}
