import { type SetDraft, type TextBind, textBinder, useDraft } from '../components/draft.ts';
import { Field, TextField } from '../components/Field.tsx';
import { FieldProblems } from '../components/FieldProblems.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useSubmit } from '../components/use-submit.ts';
import { MappingRows } from './MappingRows.tsx';
import type { TargetDraft } from './target-draft.ts';

interface Props {
  initial: TargetDraft;
  /** Creating (name and kind may be chosen) or editing (both are fixed). */
  creating: boolean;
  onSave: (draft: TargetDraft) => Promise<void>;
  onCancel?: () => void;
}

/** The fields the form shows problems beside; others (settings it does not edit) go to the summary. */
const SHOWN = [
  'name',
  'label',
  'kind',
  'settings/url',
  'settings/bindDn',
  'settings/baseDn',
  'settings/groupsDn',
  'settings/events',
  'secrets',
  'selection',
  'mappings',
  'groups',
  'lifecycle',
  'thresholdPercent',
];

/** "set — leave empty to keep" for a secret already stored; otherwise what the field is for. */
function secretHint(set: boolean, otherwise: string): string {
  return set ? 'set — leave empty to keep' : otherwise;
}

/**
 * A provisioning target's definition: the kind (LDAP directory or webhook consumer), its connection, and for LDAP
 * who is selected, how attributes are filled, which groups are written and what happens to leavers. Secrets are
 * write-only. The server's problems show beside the fields they name.
 */
export function TargetForm({ initial, creating, onSave, onCancel }: Props) {
  const [d, set] = useDraft(initial);
  const { error, busy, submit } = useSubmit(() => onSave(d));
  const bind = textBinder(d, set, error);
  return (
    <form aria-label="Target definition" onSubmit={submit} data-testid="target-form">
      <ProblemMessage error={error} shownFields={SHOWN} />
      {creating && (
        <>
          <Field label="Kind" name="kind" error={error}>
            {(control) => (
              <select
                {...control}
                value={d.kind}
                onChange={(e) => set('kind', e.target.value === 'webhook' ? 'webhook' : 'ldap')}
              >
                <option value="ldap">LDAP directory</option>
                <option value="webhook">Webhook consumer</option>
              </select>
            )}
          </Field>
          <TextField
            label="Name"
            name="name"
            {...bind('name')}
            hint="lowercase letters, digits and dashes, e.g. campus-ad"
            required
          />
        </>
      )}
      <TextField label="Label" name="label" {...bind('label')} />
      {d.kind === 'ldap' ? (
        <LdapFields d={d} set={set} bind={bind} error={error} creating={creating} />
      ) : (
        <WebhookFields d={d} set={set} bind={bind} error={error} creating={creating} />
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : creating ? 'Create target' : 'Save target'}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

interface FieldsProps {
  d: TargetDraft;
  set: SetDraft<TargetDraft>;
  bind: TextBind<TargetDraft>;
  error: unknown;
  creating: boolean;
}

function WebhookFields({ d, bind, creating }: FieldsProps) {
  return (
    <>
      <TextField
        label="Receiver URL"
        name="settings/url"
        {...bind('url')}
        placeholder="https://hooks.example.edu/steward"
      />
      <TextField
        label="Events"
        name="settings/events"
        {...bind('events')}
        hint="change-log types, comma separated, e.g. person.*, group.updated"
      />
      <TextField
        label="Signing secret"
        name="secrets/secret"
        type="password"
        autoComplete="new-password"
        {...bind('secret')}
        hint={secretHint(
          d.secretsSet.includes('secret'),
          creating ? 'optional (whsec_…); left empty, Steward makes one and shows it once' : 'whsec_…',
        )}
      />
    </>
  );
}

function LdapFields({ d, set, bind, error, creating }: FieldsProps) {
  return (
    <>
      <fieldset>
        <legend>Directory</legend>
        <TextField label="URL" name="settings/url" {...bind('url')} placeholder="ldaps://dc1.example.edu:636" />
        <TextField
          label="Bind DN"
          name="settings/bindDn"
          {...bind('bindDn')}
          placeholder="cn=steward,ou=service,dc=example,dc=edu"
        />
        <TextField
          label="Password"
          name="secrets/password"
          type="password"
          autoComplete="new-password"
          {...bind('password')}
          hint={secretHint(d.secretsSet.includes('password'), 'write-only: it is never shown again')}
        />
        <TextField
          label="Base DN"
          name="settings/baseDn"
          {...bind('baseDn')}
          placeholder="ou=people,dc=example,dc=edu"
        />
        <TextField
          label="Groups DN"
          name="settings/groupsDn"
          {...bind('groupsDn')}
          placeholder="ou=groups,dc=example,dc=edu"
        />
      </fieldset>
      <fieldset data-field="selection">
        <legend>Who is provisioned</legend>
        <TextField
          label="Statuses"
          name="selection/statuses"
          {...bind('statuses')}
          hint="status type names, comma separated: anyone holding one of these today"
        />
        <TextField
          label="Org units"
          name="selection/orgUnits"
          {...bind('orgUnits')}
          hint="codes, comma separated: the status must hold through one of these subtrees (empty: anywhere)"
        />
        <TextField
          label="Member of groups"
          name="selection/groups"
          {...bind('selectionGroups')}
          hint="group names, comma separated: the person must also be a current member of one (empty: no condition)"
        />
        <FieldProblems error={error} name="selection" exact />
      </fieldset>
      <MappingRows rows={d.mappings} onChange={(rows) => set('mappings', rows)} creating={creating} error={error} />
      <TextField
        label="Directory groups"
        name="groups"
        {...bind('directoryGroups')}
        hint="Steward group names (or application/role), comma separated, written as groups in the directory"
      />
      <fieldset data-field="lifecycle">
        <legend>Leavers</legend>
        <label className="check">
          <input type="checkbox" checked={d.disable} onChange={(e) => set('disable', e.target.checked)} /> disable the
          account when no longer selected (unticked: delete it at once)
        </label>
        <TextField
          label="Delete after (days)"
          name="lifecycle/deleteAfterDays"
          type="number"
          {...bind('deleteAfterDays')}
          hint="days a disabled account is kept before deletion; empty keeps it"
        />
      </fieldset>
      <TextField
        label="Threshold (%)"
        name="thresholdPercent"
        type="number"
        {...bind('thresholdPercent')}
        hint="a pass retiring more than this share of the accounts waits for release"
      />
    </>
  );
}
