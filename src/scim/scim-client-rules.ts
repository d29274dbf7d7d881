import type { Actor } from '../platform/auth/actor.ts';
import { can } from '../platform/auth/policy.ts';

/**
 * Who writes through SCIM, and where its writes land. Pure. A SCIM client is an account holding the role
 * `scim-writer` (or a system administrator); the people it creates and updates are the records of one source of
 * record named for the account (`scim-<account>`), matched, held and audited like any source's, and the groups it
 * creates live in one folder of the same name, which the client owns: it may change only the groups inside it.
 */
export interface ScimClient {
  /** The account's name, as the audit trail shows it. */
  account: string;
  /** The source of record its users are (created on its first write). */
  source: string;
  /** The top-level folder its groups live in (created on its first group). */
  folder: string;
  /** The org subtree it is limited to (its role's unit), or null for the whole registry. */
  orgPath: string | null;
  /** The unit its new people are affiliated with when the request names none (its role's unit), or null. */
  orgId: number | null;
}

const MAX_SOURCE = 40;

/** `scim-` and the account name folded to what a source and a folder name allow (a-z 0-9 . _ -), at most 40. */
export function scimClientName(account: string): string {
  const folded = account
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '');
  return `scim-${folded || 'client'}`.slice(0, MAX_SOURCE).replace(/[-._]+$/, '');
}

/** The SCIM client an actor writes as; its first `scim-writer` grant gives the scope and the default unit. */
export function scimClientOf(actor: Actor): ScimClient {
  const name = scimClientName(actor.name);
  const grant = actor.roles.find((g) => g.role === 'scim-writer');
  return {
    account: actor.name,
    source: name,
    folder: name,
    orgPath: grant?.orgPath ?? null,
    orgId: grant?.orgId ?? null,
  };
}

/** The source whose records a reader's `externalId`s are: its own when it writes through SCIM, else none. */
export const externalIdSource = (actor: Actor): string | null =>
  can(actor, 'scim:write') ? scimClientOf(actor).source : null;
