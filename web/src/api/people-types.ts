/**
 * The person registry as the API returns it: the server's own route schemas
 * (src/registry/person-schemas.ts, minting-schemas.ts), imported as types only, so no server code reaches the bundle.
 */
import type { ProspectivePerson } from '../../../src/registry/person-schemas.ts';

export type {
  Affiliation,
  AffiliationInput,
  DuplicateCandidate,
  Identifier,
  IdentifierInput,
  MergeBody,
  NewPerson,
  Person,
  PersonPatch,
  ProspectivePerson,
  SearchHit,
} from '../../../src/registry/person-schemas.ts';
export type { MintBody, MintedIdentifier } from '../../../src/registry/minting-schemas.ts';
export type { MintableKind } from '../../../src/registry/identifiers.ts';

/** What the create and edit forms send: a prospective person's facts, every one present. */
export type PersonInput = Required<Omit<ProspectivePerson, 'identifiers'>>;
