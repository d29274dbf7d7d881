import { useState } from 'react';
import { Field, TextField } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useSubmit } from '../components/use-submit.ts';
import { FieldProblems } from './FieldProblems.tsx';
import { MappingRows } from './MappingRows.tsx';
import type { TargetDraft } from './target-draft.ts';

interface Props {
  initial: TargetDraft;
  /** Creating (name and kind may be chosen) or editing (both are fixed). */
  creating: boolean;
  onSave: (draft: TargetDraft) => Promise<void>;
  onCancel?: () => void;
}

type Set = <K extends keyof TargetDraft>(key: K, value: TargetDraft[K]) => void;

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
  const [d, setD] = useState<TargetDraft>(initial);
  const set: Set = (key, value) => setD((x) => ({ ...x, [key]: value }));
  const { error, busy, submit } = useSubmit(() => onSave(d));
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
            value={d.name}
            onChange={(v) => set('name', v)}
            error={error}
            hint="lowercase letters, digits and dashes, e.g. campus-ad"
            required
          />
        </>
      )}
      <TextField label="Label" name="label" value={d.label} onChange={(v) => set('label', v)} error={error} />
      {d.kind === 'ldap' ? (
        <LdapFields d={d} set={set} error={error} creating={creating} />
      ) : (
        <WebhookFields d={d} set={set} error={error} creating={creating} />
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
  set: Set;
  error: unknown;
  creating: boolean;
}

function WebhookFields({ d, set, error, creating }: FieldsProps) {
  return (
    <>
      <TextField
        label="Receiver URL"
        name="settings/url"
        value={d.url}
        onChange={(v) => set('url', v)}
        error={error}
        placeholder="https://hooks.example.edu/steward"
      />
      <TextField
        label="Events"
        name="settings/events"
        value={d.events}
        onChange={(v) => set('events', v)}
        error={error}
        hint="change-log types, comma separated, e.g. person.*, group.updated"
      />
      <TextField
        label="Signing secret"
        name="secrets/secret"
        type="password"
        autoComplete="new-password"
        value={d.secret}
        onChange={(v) => set('secret', v)}
        error={error}
        hint={secretHint(
          d.secretsSet.includes('secret'),
          creating ? 'optional (whsec_…); left empty, Steward makes one and shows it once' : 'whsec_…',
        )}
      />
    </>
  );
}

function LdapFields({ d, set, error, creating }: FieldsProps) {
  return (
    <>
      <fieldset>
        <legend>Directory</legend>
        <TextField
          label="URL"
          name="settings/url"
          value={d.url}
          onChange={(v) => set('url', v)}
          error={error}
          placeholder="ldaps://dc1.example.edu:636"
        />
        <TextField
          label="Bind DN"
          name="settings/bindDn"
          value={d.bindDn}
          onChange={(v) => set('bindDn', v)}
          error={error}
          placeholder="cn=steward,ou=service,dc=example,dc=edu"
        />
        <TextField
          label="Password"
          name="secrets/password"
          type="password"
          autoComplete="new-password"
          value={d.password}
          onChange={(v) => set('password', v)}
          error={error}
          hint={secretHint(d.secretsSet.includes('password'), 'write-only: it is never shown again')}
        />
        <TextField
          label="Base DN"
          name="settings/baseDn"
          value={d.baseDn}
          onChange={(v) => set('baseDn', v)}
          error={error}
          placeholder="ou=people,dc=example,dc=edu"
        />
        <TextField
          label="Groups DN"
          name="settings/groupsDn"
          value={d.groupsDn}
          onChange={(v) => set('groupsDn', v)}
          error={error}
          placeholder="ou=groups,dc=example,dc=edu"
        />
      </fieldset>
      <fieldset data-field="selection">
        <legend>Who is provisioned</legend>
        <TextField
          label="Statuses"
          name="selection/statuses"
          value={d.statuses}
          onChange={(v) => set('statuses', v)}
          error={error}
          hint="status type names, comma separated: anyone holding one of these today"
        />
        <TextField
          label="Org units"
          name="selection/orgUnits"
          value={d.orgUnits}
          onChange={(v) => set('orgUnits', v)}
          error={error}
          hint="codes, comma separated: the status must hold through one of these subtrees (empty: anywhere)"
        />
        <TextField
          label="Member of groups"
          name="selection/groups"
          value={d.selectionGroups}
          onChange={(v) => set('selectionGroups', v)}
          error={error}
          hint="group names, comma separated: the person must also be a current member of one (empty: no condition)"
        />
        <FieldProblems error={error} name="selection" exact />
      </fieldset>
      <MappingRows rows={d.mappings} onChange={(rows) => set('mappings', rows)} creating={creating} error={error} />
      <TextField
        label="Directory groups"
        name="groups"
        value={d.directoryGroups}
        onChange={(v) => set('directoryGroups', v)}
        error={error}
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
          value={d.deleteAfterDays}
          onChange={(v) => set('deleteAfterDays', v)}
          error={error}
          hint="days a disabled account is kept before deletion; empty keeps it"
        />
      </fieldset>
      <TextField
        label="Threshold (%)"
        name="thresholdPercent"
        type="number"
        value={d.thresholdPercent}
        onChange={(v) => set('thresholdPercent', v)}
        error={error}
        hint="a pass retiring more than this share of the accounts waits for release"
      />
    </>
  );
}
