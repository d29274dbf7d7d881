import type { SetDraft, TextBind } from '../components/draft.ts';
import { TextField } from '../components/Field.tsx';
import { FieldProblems } from '../components/FieldProblems.tsx';
import { MappingRows } from './MappingRows.tsx';
import type { TargetDraft } from './target-draft.ts';

export interface FieldsProps {
  d: TargetDraft;
  set: SetDraft<TargetDraft>;
  bind: TextBind<TargetDraft>;
  error: unknown;
  creating: boolean;
}

/** How each account-writing kind words its mapping default and its groups. */
const WORDS = {
  ldap: {
    mappingDefault: 'the AD-shaped default (cn, sn, sAMAccountName, mail, …)',
    attributeExample: 'mail',
    groups: 'Directory groups',
    groupsHint: 'Steward group names (or application/role), comma separated, written as groups in the directory',
  },
  scim: {
    mappingDefault: 'the default (userName, externalId, displayName, name.givenName, name.familyName, emails, …)',
    attributeExample: 'emails',
    groups: 'Pushed groups',
    groupsHint:
      'Steward group names (or application/role), comma separated, pushed as SCIM groups besides those of the group folders',
  },
};

/**
 * What LDAP and SCIM targets share: who is provisioned, how attributes are filled, which groups are written and what
 * happens to leavers.
 */
export function AccountFields({ d, set, bind, error, creating }: FieldsProps) {
  const words = d.kind === 'scim' ? WORDS.scim : WORDS.ldap;
  return (
    <>
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
      <MappingRows
        rows={d.mappings}
        onChange={(rows) => set('mappings', rows)}
        creating={creating}
        error={error}
        defaultNote={words.mappingDefault}
        attributeExample={words.attributeExample}
      />
      <TextField label={words.groups} name="groups" {...bind('directoryGroups')} hint={words.groupsHint} />
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
