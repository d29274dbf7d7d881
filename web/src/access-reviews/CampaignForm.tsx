import { accessApi } from '../access/access-api.ts';
import { accessReviewsApi } from '../api/access-reviews.ts';
import type { Campaign } from '../api/access-review-types.ts';
import { useResource } from '../api/use-resource.ts';
import { type SetDraft, textBinder, useDraft } from '../components/draft.ts';
import { Field, TextField } from '../components/Field.tsx';
import { FieldProblems } from '../components/FieldProblems.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useSubmit } from '../components/use-submit.ts';
import { FormActions } from '../components/FormActions.tsx';
import { searchPeople } from '../groups/member-search.ts';
import { SearchPicker } from '../groups/SearchPicker.tsx';
import {
  type CampaignDraft,
  campaignBody,
  emptyCampaign,
  type ScopeKind,
  type SplitBy,
  type UndecidedPolicy,
} from './campaign-draft.ts';
import { ReviewersEditor } from './ReviewersEditor.tsx';

const SCOPES: { kind: ScopeKind; label: string }[] = [
  { kind: 'application', label: 'An application (the groups its roles are given to)' },
  { kind: 'group', label: 'A group' },
  { kind: 'folder', label: 'A folder (every group below it)' },
];
const SPLITS: { value: SplitBy; label: string }[] = [
  { value: 'none', label: 'Not split: one reviewer' },
  { value: 'department', label: "By the member's department" },
  { value: 'division', label: "By the member's division (faculty)" },
];
const UNDECIDED: { value: UndecidedPolicy; label: string }[] = [
  { value: 'keep', label: 'kept' },
  { value: 'remove', label: 'removed' },
  { value: 'escalate', label: 'handed to the owner' },
];

/** The fields the form shows the server's problems beside. */
const SHOWN = [
  'name',
  'label',
  'scope',
  'splitBy',
  'reviewers',
  'deadline',
  'remindDays',
  'undecided',
  'everyMonths',
  'ownerPersonId',
];

interface Props {
  /** Pre-filled scope (a group due for attestation). */
  scope?: { kind: ScopeKind; name: string };
  onStarted: (campaign: Campaign) => void;
  onCancel: () => void;
}

/**
 * Starts an access review: what is reviewed (an application, a group or a folder), how it is split among reviewers
 * (a reviewer per department or division, and one for the rest), the deadline and reminders, what happens to
 * undecided items, and whether it recurs. The server's problems show beside the fields they name.
 */
export function CampaignForm({ scope, onStarted, onCancel }: Props) {
  const [d, set] = useDraft<CampaignDraft>(emptyCampaign(scope));
  const { error, busy, submit } = useSubmit(async () => onStarted(await accessReviewsApi.start(campaignBody(d))));
  const bind = textBinder(d, set, error);
  return (
    <form aria-label="Start an access review" onSubmit={submit} className="card" data-testid="campaign-form">
      <h2>Start an access review</h2>
      <ProblemMessage error={error} shownFields={SHOWN} />
      <div className="form-grid">
        <TextField
          label="Name"
          name="name"
          {...bind('name')}
          hint="letters, digits, dots, dashes, e.g. payroll-2026q4"
        />
        <TextField label="Label" name="label" {...bind('label')} hint="what reviewers read in their mail" />
      </div>
      <ScopeChoice d={d} set={set} error={error} />
      <fieldset data-field="splitBy">
        <legend>Reviewers</legend>
        {SPLITS.map((s) => (
          <label key={s.value} className="check">
            <input
              type="radio"
              name="splitBy"
              checked={d.splitBy === s.value}
              onChange={() => set('splitBy', s.value)}
            />{' '}
            {s.label}
          </label>
        ))}
        <FieldProblems error={error} name="splitBy" />
        <ReviewersEditor d={d} set={set} error={error} />
      </fieldset>
      <div className="form-grid">
        <TextField label="Deadline" name="deadline" type="datetime-local" {...bind('deadline')} />
        <TextField
          label="Reminder days"
          name="remindDays"
          {...bind('remindDays')}
          hint="days before the deadline, e.g. 7, 1"
        />
        <Field label="Undecided items at the deadline are" name="undecided" error={error}>
          {(c) => (
            <select {...c} value={d.undecided} onChange={(e) => set('undecided', e.target.value as UndecidedPolicy)}>
              {UNDECIDED.map((u) => (
                <option key={u.value} value={u.value}>
                  {u.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextField
          label="Repeat every (months)"
          name="everyMonths"
          type="number"
          {...bind('everyMonths')}
          hint="empty: once"
        />
      </div>
      <SearchPicker
        label="Owner (empty: you)"
        name="ownerPersonId"
        error={error}
        search={searchPeople}
        onChange={(id) => set('ownerPersonId', id)}
      />
      <FormActions submit="Start review" busy={busy} onCancel={onCancel} />
    </form>
  );
}

/** What is reviewed: an application picked from the list, or a group or folder by its full name. */
function ScopeChoice({ d, set, error }: { d: CampaignDraft; set: SetDraft<CampaignDraft>; error: unknown }) {
  const apps = useResource(
    (signal) => (d.scopeKind === 'application' ? accessApi.apps(signal) : Promise.resolve([])),
    [d.scopeKind],
  );
  return (
    <fieldset data-field="scope">
      <legend>What is reviewed</legend>
      {SCOPES.map((s) => (
        <label key={s.kind} className="check">
          <input
            type="radio"
            name="scopeKind"
            checked={d.scopeKind === s.kind}
            onChange={() => {
              set('scopeKind', s.kind);
              set('scopeName', '');
            }}
          />{' '}
          {s.label}
        </label>
      ))}
      {d.scopeKind === 'application' ? (
        <Field label="Application" name="scope/name" error={error}>
          {(c) => (
            <select {...c} value={d.scopeName} onChange={(e) => set('scopeName', e.target.value)}>
              <option value="">— choose —</option>
              {(apps.data ?? []).map((a) => (
                <option key={a.name} value={a.name}>
                  {a.label} ({a.name})
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : (
        <TextField
          label={d.scopeKind === 'group' ? 'Group (full name)' : 'Folder (full name)'}
          name="scope/name"
          value={d.scopeName}
          onChange={(v) => set('scopeName', v)}
          error={error}
          hint={d.scopeKind === 'group' ? 'e.g. apps:payroll:clerks' : 'e.g. apps:payroll'}
        />
      )}
      <FieldProblems error={error} name="scope" exact />
    </fieldset>
  );
}
