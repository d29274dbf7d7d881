import { textBinder, useDraft } from '../components/draft.ts';
import { Field, TextField } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useSubmit } from '../components/use-submit.ts';
import { AccountFields, type FieldsProps } from './AccountFields.tsx';
import { KIND_LABELS, kindOf, type TargetDraft } from './target-draft.ts';

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
  'settings/groupFolders',
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
 * A provisioning target's definition: the kind (LDAP directory, webhook consumer or SCIM application), its
 * connection, and for LDAP and SCIM who is selected, how attributes are filled, which groups are written and what
 * happens to leavers. Secrets are write-only. The server's problems show beside the fields they name.
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
              <select {...control} value={d.kind} onChange={(e) => set('kind', kindOf(e.target.value))}>
                {Object.entries(KIND_LABELS).map(([kind, label]) => (
                  <option key={kind} value={kind}>
                    {label.long}
                  </option>
                ))}
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
      {d.kind === 'ldap' && <LdapFields d={d} set={set} bind={bind} error={error} creating={creating} />}
      {d.kind === 'scim' && <ScimFields d={d} set={set} bind={bind} error={error} creating={creating} />}
      {d.kind === 'webhook' && <WebhookFields d={d} set={set} bind={bind} error={error} creating={creating} />}
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

function LdapFields(props: FieldsProps) {
  const { d, bind } = props;
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
      <AccountFields {...props} />
    </>
  );
}

function ScimFields(props: FieldsProps) {
  const { d, bind } = props;
  return (
    <>
      <fieldset>
        <legend>Application</legend>
        <TextField
          label="Base URL"
          name="settings/url"
          {...bind('url')}
          placeholder="https://app.example.edu/scim/v2"
          hint="the application's SCIM 2.0 base URL"
        />
        <TextField
          label="Bearer token"
          name="secrets/token"
          type="password"
          autoComplete="new-password"
          {...bind('token')}
          hint={secretHint(d.secretsSet.includes('token'), 'write-only: it is never shown again')}
        />
        <TextField
          label="Group folders"
          name="settings/groupFolders"
          {...bind('groupFolders')}
          hint="folder names, comma separated, e.g. schools, clubs:chess: every group in them (and their subfolders) is pushed"
        />
      </fieldset>
      <AccountFields {...props} />
    </>
  );
}
