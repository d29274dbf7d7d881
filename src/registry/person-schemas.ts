import Type, { type Static } from 'typebox';
import { IsoDate, IsoDateTime, Nullable, Id } from '../platform/http/schemas.ts';

/** HTTP shapes of the person registry: what clients send and what they get back. */
const Name = (description: string) => Type.String({ maxLength: 100, description });
const OptionalName = (description: string) => Type.Optional(Nullable(Name(description)));

export const EmailInput = Type.Object(
  {
    address: Type.String({ format: 'email', maxLength: 254 }),
    label: Type.Optional(
      Type.String({ maxLength: 40, description: 'e.g. work, home, or the source that supplied it' }),
    ),
  },
  { additionalProperties: false },
);

export const PhoneInput = Type.Object(
  {
    number: Type.String({
      pattern: '^\\+?[0-9][0-9 ()./-]{2,30}$',
      description: 'digits with optional +, spaces, dashes, dots, parentheses',
    }),
    label: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);

export const IdentifierInput = Type.Object(
  {
    kind: Type.String({
      minLength: 1,
      maxLength: 40,
      description: "'id-number', 'username', 'email', 'source-key' (scope = source name) or another kind",
    }),
    scope: Type.Optional(Type.String({ maxLength: 100 })),
    value: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const AffiliationInput = Type.Object(
  {
    orgId: Id,
    kind: Type.String({ minLength: 1, maxLength: 40, description: 'e.g. staff, student, visitor' }),
    title: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    validFrom: Type.Optional(Nullable(IsoDate)),
    validTo: Type.Optional(Nullable(IsoDate)),
  },
  { additionalProperties: false },
);

export const AffiliationPatch = Type.Object(
  {
    kind: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    title: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    validFrom: Type.Optional(Nullable(IsoDate)),
    validTo: Type.Optional(Nullable(IsoDate)),
  },
  { additionalProperties: false, minProperties: 1, description: 'ending an affiliation = setting validTo' },
);

const personFields = {
  givenName: Name('given name(s); empty for people with one name'),
  middleName: OptionalName('middle name(s)'),
  familyName: Type.String({ minLength: 1, maxLength: 100 }),
  preferredName: OptionalName('the name they go by'),
  birthDate: Type.Optional(Nullable(IsoDate)),
  emails: Type.Optional(Type.Array(EmailInput, { maxItems: 20 })),
  phones: Type.Optional(Type.Array(PhoneInput, { maxItems: 20 })),
};

export const NewPerson = Type.Object(
  {
    ...personFields,
    identifiers: Type.Optional(Type.Array(IdentifierInput, { maxItems: 50 })),
    affiliation: Type.Optional(AffiliationInput),
    force: Type.Optional(Type.Boolean({ description: 'create even though likely duplicates exist (needs a reason)' })),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export const ProspectivePerson = Type.Object(
  {
    ...personFields,
    identifiers: Type.Optional(Type.Array(IdentifierInput, { maxItems: 50 })),
  },
  { additionalProperties: false },
);

export const PersonPatch = Type.Object(
  {
    givenName: Type.Optional(personFields.givenName),
    middleName: personFields.middleName,
    familyName: Type.Optional(personFields.familyName),
    preferredName: personFields.preferredName,
    birthDate: personFields.birthDate,
    emails: personFields.emails,
    phones: personFields.phones,
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const Identifier = Type.Object({ kind: Type.String(), scope: Type.String(), value: Type.String() });
const Email = Type.Object({ address: Type.String(), label: Type.Optional(Type.String()) });
const Phone = Type.Object({ number: Type.String(), label: Type.Optional(Type.String()) });
const State = Type.Union([Type.Literal('active'), Type.Literal('merged')]);

export const Affiliation = Type.Object({
  id: Type.Integer(),
  personId: Type.Integer(),
  orgId: Type.Integer(),
  orgCode: Type.String(),
  orgName: Type.String(),
  kind: Type.String(),
  title: Nullable(Type.String()),
  source: Type.String(),
  validFrom: Nullable(Type.String()),
  validTo: Nullable(Type.String()),
  current: Type.Boolean({ description: "holds on the server clock's date" }),
  version: Type.Integer(),
});

export const Person = Type.Object({
  id: Type.Integer(),
  givenName: Type.String(),
  middleName: Nullable(Type.String()),
  familyName: Type.String(),
  preferredName: Nullable(Type.String()),
  displayName: Type.String(),
  birthDate: Nullable(Type.String()),
  emails: Type.Array(Email),
  phones: Type.Array(Phone),
  identifiers: Type.Array(Identifier),
  affiliations: Type.Array(Affiliation),
  state: State,
  mergedInto: Nullable(Type.Integer({ description: 'the surviving record, for a merged tombstone' })),
  version: Type.Integer(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});

export const PersonSummary = Type.Object({
  id: Type.Integer(),
  displayName: Type.String(),
  givenName: Type.String(),
  middleName: Nullable(Type.String()),
  familyName: Type.String(),
  preferredName: Nullable(Type.String()),
  birthDate: Nullable(Type.String()),
  state: State,
  emails: Type.Array(Type.String()),
  identifiers: Type.Array(Identifier),
});

export const DuplicateCandidate = Type.Object({
  person: PersonSummary,
  score: Type.Number({ minimum: 0, maximum: 1 }),
  reasons: Type.Array(Type.String(), { description: "e.g. 'same birth date', 'similar name (0.82)'" }),
});

export const IdentifierMatch = Type.Object({
  ...Identifier.properties,
  personId: Type.Integer({ description: 'the surviving person' }),
  via: Nullable(Type.Integer({ description: 'the merged record it was recorded on' })),
  reservedOnly: Type.Boolean({ description: 'no longer attached, but reserved to this person for good' }),
  person: PersonSummary,
});

export const MergeBody = Type.Object(
  { loserId: Id, reason: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);

export const SearchHit = Type.Object({
  person: PersonSummary,
  score: Type.Number({ description: 'identifier matches score above 1; name matches 0..1' }),
  match: Type.Union([Type.Literal('identifier'), Type.Literal('email'), Type.Literal('name')]),
  matched: Type.String({ description: 'the identifier, address or stored name form that matched' }),
});

/** The JSON shapes above as TypeScript types, shared by the web UI and the CLI (import type only). */
export type IdentifierInput = Static<typeof IdentifierInput>;
export type NewPerson = Static<typeof NewPerson>;
export type PersonPatch = Static<typeof PersonPatch>;
export type IdentifierMatch = Static<typeof IdentifierMatch>;
export type MergeBody = Static<typeof MergeBody>;
export type AffiliationInput = Static<typeof AffiliationInput>;
export type AffiliationPatch = Static<typeof AffiliationPatch>;
export type ProspectivePerson = Static<typeof ProspectivePerson>;
export type Identifier = Static<typeof Identifier>;
export type Affiliation = Static<typeof Affiliation>;
export type Person = Static<typeof Person>;
export type PersonSummary = Static<typeof PersonSummary>;
export type DuplicateCandidate = Static<typeof DuplicateCandidate>;
export type SearchHit = Static<typeof SearchHit>;
