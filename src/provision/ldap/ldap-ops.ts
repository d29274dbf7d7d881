/**
 * The writes the LDAP planner asks of a directory, in the order given. Each is idempotent
 * as the connector carries it out, so a pass cut short by a crash and run again changes
 * nothing a directory would notice: adding an entry that exists replaces its attributes,
 * adding a member value already there or removing one already gone is no error, a move
 * whose entry already sits at its new DN is done, and deleting an absent entry is done.
 */
export type LdapAttributes = Record<string, string[]>;

export type LdapOp =
  /** Creates the organizational unit and any missing parents below the base DN. */
  | { op: 'ensureOu'; dn: string }
  /** Renames or moves an OU (and so everything under it). */
  | { op: 'renameOu'; from: string; to: string }
  /** Creates an entry (objectClass included in attributes); if it exists, replaces the given attributes. */
  | { op: 'add'; dn: string; attributes: LdapAttributes }
  /** Replaces the given attributes; an empty list removes the attribute. */
  | { op: 'modify'; dn: string; replace: LdapAttributes }
  /** Moves or renames an entry (modify DN). */
  | { op: 'move'; from: string; to: string }
  | { op: 'delete'; dn: string }
  /** Adds member values to a group, one modify per group, never rewriting the whole list. */
  | { op: 'addMembers'; group: string; members: string[] }
  | { op: 'removeMembers'; group: string; members: string[] };

/** An entry read back from the directory (for a full sync). Attribute names in lower case. */
export interface LdapEntry {
  dn: string;
  attributes: LdapAttributes;
}

/** Why a directory refused: the directory's own message, and whether trying again may help. */
export class TargetError extends Error {
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean) {
    super(message);
    this.name = 'TargetError';
    this.retryable = retryable;
  }
}

/** The connection settings of an LDAP target (secrets apart). */
export interface LdapSettings {
  /** ldap://host:port or ldaps://host:port */
  url: string;
  bindDn: string;
  /** Where the OU tree of the org tree starts, e.g. "ou=steward,dc=example,dc=edu". */
  baseDn: string;
  /** The OU of the directory groups, e.g. "ou=groups,ou=steward,dc=example,dc=edu". */
  groupsDn: string;
  /** Seconds before a connect or an operation is given up. */
  timeoutSeconds?: number;
  /** ldaps:// or StartTLS: accept a certificate no trusted CA signed (tests only). */
  tlsInsecure?: boolean;
  startTls?: boolean;
}

/** What the engine needs of a directory; `ldap-connector.ts` speaks it over ldapts. */
export interface LdapDirectory {
  /** Carries out the ops in order; stops at the first failure, throwing TargetError. */
  apply(ops: LdapOp[]): Promise<void>;
  /** Every entry under `base` (subtree) with the named attributes (and objectClass), paged. */
  search(base: string, filter: string, attributes: string[]): Promise<LdapEntry[]>;
  close(): Promise<void>;
}
