import type { Policy } from '../api/governance-types.ts';
import { governanceApi } from '../api/governance.ts';
import { textBinder, useDraft } from '../components/draft.ts';
import { Field, TextField } from '../components/Field.tsx';
import { FieldProblems } from '../components/FieldProblems.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useSubmit } from '../components/use-submit.ts';
import { FormActions } from '../components/FormActions.tsx';
import { searchPeople } from '../groups/member-search.ts';
import { SearchPicker } from '../groups/SearchPicker.tsx';
import { GraceFields } from './GraceFields.tsx';
import { ChecksFields, NotifyFields } from './PolicyChecksFields.tsx';
import { createInput, DEFAULT_GRACE, type PolicyDraft, settingsOf } from './policy-draft.ts';
import { PrincipalList } from './PrincipalList.tsx';

const SHOWN = [
  'name',
  'label',
  'groupId',
  'folderId',
  'directAdders',
  'requesters',
  'stages',
  'checks',
  'securityLevel',
  'grace',
  'notify',
  'expiryRequired',
  'maxDays',
  'massLossPercent',
  'ownerPersonId',
];

interface Props {
  initial: PolicyDraft;
  /** The policy being changed and its ETag; absent to create one. */
  editing?: { policy: Policy; etag: string };
  onSaved: (policy: Policy) => void;
  onCancel: () => void;
}

/**
 * A policy on a group or a folder: who adds directly, who asks, the approval stages, the checks before adding, the
 * security level with its grace table, who is told of what, and the expiry rules. The server judges every field and
 * its problems show beside the field it names.
 */
export function PolicyForm({ initial, editing, onSaved, onCancel }: Props) {
  const [d, set] = useDraft(initial);
  const { error, busy, submit } = useSubmit(async () => {
    const saved = editing
      ? (await governanceApi.updatePolicy(editing.policy.id, { name: d.name.trim(), ...settingsOf(d) }, editing.etag))
          .data
      : await governanceApi.createPolicy(createInput(d));
    onSaved(saved);
  });
  const bind = textBinder(d, set, error);
  const title = editing ? `Change the policy ${editing.policy.name}` : 'New policy';
  return (
    <form aria-label={title} onSubmit={submit} className="card" data-testid="policy-form">
      <h2>{title}</h2>
      <ProblemMessage error={error} shownFields={SHOWN} />
      <div className="form-grid">
        <TextField label="Name" name="name" {...bind('name')} hint="lower-case letters, digits, - _ ." required />
        <TextField label="Label" name="label" {...bind('label')} hint="what it is for, in words" />
      </div>
      {!editing && (
        <fieldset className="inline" data-field="groupId" aria-label="Governs">
          <legend>Governs</legend>
          <label className="check">
            <input
              type="radio"
              name="target-kind"
              checked={d.targetKind === 'group'}
              onChange={() => set('targetKind', 'group')}
            />{' '}
            A group
          </label>
          <label className="check">
            <input
              type="radio"
              name="target-kind"
              checked={d.targetKind === 'folder'}
              onChange={() => set('targetKind', 'folder')}
            />{' '}
            A folder (the groups below it)
          </label>
          <Field label={d.targetKind === 'group' ? 'Group id' : 'Folder id'} name={`${d.targetKind}Id`} error={error}>
            {(c) => (
              <input
                {...c}
                inputMode="numeric"
                value={d.targetId}
                onChange={(e) => set('targetId', e.target.value)}
                style={{ maxWidth: '10rem' }}
              />
            )}
          </Field>
        </fieldset>
      )}
      <PrincipalList
        legend="Who adds members directly"
        name="directAdders"
        value={d.directAdders}
        onChange={(v) => set('directAdders', v)}
        error={error}
      />
      <PrincipalList
        legend="Who may ask for members"
        name="requesters"
        value={d.requesters}
        onChange={(v) => set('requesters', v)}
        error={error}
        hint="Nobody named: anyone signed in may ask."
      />
      <fieldset data-field="stages" aria-label="Approval stages">
        <legend>Approval stages, in order</legend>
        {d.stages.map((stage, i) => (
          <div key={i} className="stage">
            <PrincipalList
              legend={`Stage ${i + 1} approvers`}
              name={`stages/${i}`}
              value={stage}
              onChange={(v) =>
                set(
                  'stages',
                  d.stages.map((s, j) => (j === i ? v : s)),
                )
              }
              error={error}
            />
            <button
              type="button"
              className="small"
              onClick={() =>
                set(
                  'stages',
                  d.stages.filter((_, j) => j !== i),
                )
              }
            >{`Remove stage ${i + 1}`}</button>
          </div>
        ))}
        <button type="button" className="small" onClick={() => set('stages', [...d.stages, []])}>
          Add a stage
        </button>
        <FieldProblems error={error} name="stages" exact />
      </fieldset>
      <ChecksFields d={d} set={set} error={error} />
      <GraceFields
        level={d.securityLevel}
        grace={d.grace}
        onLevel={(level) => {
          set('securityLevel', level);
          if (level !== 'custom')
            set('grace', {
              job: String(DEFAULT_GRACE[level].job),
              department: String(DEFAULT_GRACE[level].department),
              leaving: String(DEFAULT_GRACE[level].leaving),
              requirement: String(DEFAULT_GRACE[level].requirement),
            });
        }}
        onGrace={(g) => set('grace', g)}
        error={error}
      />
      <NotifyFields d={d} set={set} error={error} />
      <fieldset aria-label="Expiry and holds">
        <legend>Expiry, owner and holds</legend>
        <label className="check">
          <input type="checkbox" checked={d.expiryRequired} onChange={(e) => set('expiryRequired', e.target.checked)} />{' '}
          Every membership needs an end date
        </label>
        <FieldProblems error={error} name="expiryRequired" />
        <div className="form-grid">
          <TextField label="Longest membership (days)" name="maxDays" {...bind('maxDays')} hint="empty: no limit" />
          <TextField
            label="Mass-loss hold (percent)"
            name="massLossPercent"
            {...bind('massLossPercent')}
            hint="a pass that would start grace for more of a group's members is held for release"
          />
        </div>
        <SearchPicker
          label={`Owner${d.ownerPersonId ? ` (now person #${d.ownerPersonId})` : ''}`}
          name="ownerPersonId"
          error={error}
          search={searchPeople}
          onChange={(id) => set('ownerPersonId', id)}
        />
      </fieldset>
      <FormActions submit={editing ? 'Save policy' : 'Create policy'} busy={busy} onCancel={onCancel} />
    </form>
  );
}
