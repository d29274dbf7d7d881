import { textBinder, type SetDraft } from '../components/draft.ts';
import { TextField } from '../components/Field.tsx';
import { Field } from '../components/Field.tsx';
import { FieldProblems } from '../components/FieldProblems.tsx';
import { AUDIENCES, type Audience, NOTIFY_EVENTS, type PolicyDraft, SUBJECT_TYPES } from './policy-draft.ts';

const TYPE_WORDS: Record<(typeof SUBJECT_TYPES)[number], string> = {
  person: 'People',
  'admin-account': 'Administrative accounts',
  'service-account': 'Service accounts',
  group: 'Groups (nesting)',
};

const toggled = <T,>(list: T[], item: T, on: boolean): T[] =>
  on ? (list.includes(item) ? list : [...list, item]) : list.filter((x) => x !== item);

interface Props {
  d: PolicyDraft;
  set: SetDraft<PolicyDraft>;
  error: unknown;
}

/** The checks before adding a member: the kinds of member, what they must hold, or else an end date. */
export function ChecksFields({ d, set, error }: Props) {
  const bind = textBinder(d, set, error);
  return (
    <fieldset data-field="checks" aria-label="Checks before adding">
      <legend>Checks before adding</legend>
      <fieldset className="inline" data-field="checks/subjectTypes">
        <legend>Who may be a member</legend>
        {SUBJECT_TYPES.map((t) => (
          <label key={t} className="check">
            <input
              type="checkbox"
              checked={d.subjectTypes.includes(t)}
              onChange={(e) => set('subjectTypes', toggled(d.subjectTypes, t, e.target.checked))}
            />{' '}
            {TYPE_WORDS[t]}
          </label>
        ))}
        <FieldProblems error={error} name="checks/subjectTypes" />
      </fieldset>
      <div className="form-grid">
        <TextField
          label="Required statuses"
          name="checks/requiredStatuses"
          {...bind('requiredStatuses')}
          hint="one of these, comma-separated (e.g. Active Employee)"
        />
        <TextField
          label="Supporting groups"
          name="checks/supportingGroupIds"
          {...bind('supportingGroupIds')}
          hint="group ids, comma-separated: the member must be in one"
        />
        <TextField
          label="Required identifiers"
          name="checks/requiredIdentifiers"
          {...bind('requiredIdentifiers')}
          hint="identifier kinds, comma-separated (email, username)"
        />
        <Field
          label="Required attributes"
          name="checks/requiredAttributes"
          error={error}
          hint="of an account, one a line: name or name=value"
        >
          {(c) => (
            <textarea
              {...c}
              rows={2}
              value={d.requiredAttributes}
              onChange={(e) => set('requiredAttributes', e.target.value)}
            />
          )}
        </Field>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={d.expiryRequiredUnlessSupported}
          onChange={(e) => set('expiryRequiredUnlessSupported', e.target.checked)}
        />{' '}
        Without the status or supporting group, accept the member only with an end date
      </label>
      <FieldProblems error={error} name="checks/expiryRequiredUnlessSupported" />
    </fieldset>
  );
}

const AUDIENCE_WORDS: Record<Audience, string> = {
  approvers: 'approvers',
  requester: 'requester',
  member: 'member',
  manager: 'manager',
  owner: 'owner',
  delegates: 'delegates',
};

/** Who is told of what: a checkbox per event and audience (approvers only hear of a request waiting for them). */
export function NotifyFields({ d, set, error }: Props) {
  return (
    <fieldset data-field="notify" aria-label="Who is notified">
      <legend>Who is notified</legend>
      <div className="table-wrap">
        <table data-testid="notify-table">
          <thead>
            <tr>
              <th scope="col">Event</th>
              {AUDIENCES.map((a) => (
                <th key={a} scope="col">
                  {AUDIENCE_WORDS[a]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {NOTIFY_EVENTS.map((ev) => (
              <tr key={ev}>
                <th scope="row">{ev}</th>
                {AUDIENCES.map((a) => (
                  <td key={a}>
                    <input
                      type="checkbox"
                      aria-label={`Tell the ${AUDIENCE_WORDS[a]} when ${ev}`}
                      disabled={a === 'approvers' && ev !== 'requested'}
                      checked={d.notify[ev].includes(a)}
                      onChange={(e) => set('notify', { ...d.notify, [ev]: toggled(d.notify[ev], a, e.target.checked) })}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <FieldProblems error={error} name="notify" />
    </fieldset>
  );
}
