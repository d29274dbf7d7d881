import type { Person, PersonInput } from '../api/people-types.ts';
import { TextField } from '../components/Field.tsx';
import { type ListItem, ListEditor } from '../components/ListEditor.tsx';

/** The form's own state: every field as typed, lists as rows. */
export interface PersonDraft {
  givenName: string;
  middleName: string;
  familyName: string;
  preferredName: string;
  birthDate: string;
  emails: ListItem[];
  phones: ListItem[];
}

export const emptyDraft: PersonDraft = {
  givenName: '',
  middleName: '',
  familyName: '',
  preferredName: '',
  birthDate: '',
  emails: [],
  phones: [],
};

export function draftOf(p: Person): PersonDraft {
  return {
    givenName: p.givenName,
    middleName: p.middleName ?? '',
    familyName: p.familyName,
    preferredName: p.preferredName ?? '',
    birthDate: p.birthDate ?? '',
    emails: p.emails.map((e) => ({ value: e.address, label: e.label ?? '' })),
    phones: p.phones.map((e) => ({ value: e.number, label: e.label ?? '' })),
  };
}

const orNull = (v: string) => (v.trim() === '' ? null : v.trim());
const withLabel = (label: string) => (label.trim() ? { label: label.trim() } : {});

/** What the API takes: blank optional parts become null, blank list rows are dropped. */
export function inputOf(d: PersonDraft): PersonInput {
  return {
    givenName: d.givenName.trim(),
    middleName: orNull(d.middleName),
    familyName: d.familyName.trim(),
    preferredName: orNull(d.preferredName),
    birthDate: orNull(d.birthDate),
    emails: d.emails.filter((e) => e.value.trim()).map((e) => ({ address: e.value.trim(), ...withLabel(e.label) })),
    phones: d.phones.filter((p) => p.value.trim()).map((p) => ({ number: p.value.trim(), ...withLabel(p.label) })),
  };
}

export const personFieldNames = [
  'givenName',
  'middleName',
  'familyName',
  'preferredName',
  'birthDate',
  'emails',
  'phones',
];

/** Names, birth date, emails and phones, each showing the server's problems with it. */
export function PersonFields({
  draft,
  onChange,
  error,
}: {
  draft: PersonDraft;
  onChange: (d: PersonDraft) => void;
  error?: unknown;
}) {
  const set = (key: keyof PersonDraft) => (value: string) => onChange({ ...draft, [key]: value });
  return (
    <>
      <div className="form-grid">
        <TextField
          label="Given name"
          name="givenName"
          value={draft.givenName}
          onChange={set('givenName')}
          error={error}
          hint="empty for people with one name"
          autoComplete="off"
        />
        <TextField
          label="Middle name"
          name="middleName"
          value={draft.middleName}
          onChange={set('middleName')}
          error={error}
          autoComplete="off"
        />
        <TextField
          label="Family name"
          name="familyName"
          value={draft.familyName}
          onChange={set('familyName')}
          error={error}
          required
          autoComplete="off"
        />
        <TextField
          label="Preferred name"
          name="preferredName"
          value={draft.preferredName}
          onChange={set('preferredName')}
          error={error}
          hint="the name they go by"
          autoComplete="off"
        />
        <TextField
          label="Birth date"
          name="birthDate"
          type="date"
          value={draft.birthDate}
          onChange={set('birthDate')}
          error={error}
        />
      </div>
      <div className="grid-2">
        <ListEditor
          legend="Email addresses"
          name="emails"
          valueLabel="Email"
          type="email"
          items={draft.emails}
          onChange={(emails) => onChange({ ...draft, emails })}
          error={error}
        />
        <ListEditor
          legend="Phone numbers"
          name="phones"
          valueLabel="Phone"
          type="tel"
          items={draft.phones}
          onChange={(phones) => onChange({ ...draft, phones })}
          error={error}
        />
      </div>
    </>
  );
}
