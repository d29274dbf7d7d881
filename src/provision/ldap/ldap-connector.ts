import type { ConnectionOptions } from 'node:tls';
import {
  AlreadyExistsError,
  Attribute,
  Change,
  Client,
  NoSuchAttributeError,
  NoSuchObjectError,
  TypeOrValueExistsError,
  type Entry,
} from 'ldapts';
import { parentDn, rdnOf, rdnValue, sameDn } from './dn.ts';
import { ouObjectClasses } from './ldap-classes.ts';
import { isConnectionFailure, toTargetError } from './ldap-errors.ts';
import {
  type LdapAttributes,
  type LdapDirectory,
  type LdapEntry,
  type LdapOp,
  type LdapSettings,
  TargetError,
} from './ldap-ops.ts';

/** Entries per page of a search (the paged results control, RFC 2696). */
export const searchPageSize = 500;

/** What an op is doing and to which DN, the prefix of its error message. */
export function describeOp(op: LdapOp): string {
  switch (op.op) {
    case 'ensureOu':
    case 'add':
    case 'modify':
    case 'delete':
      return `${op.op} ${op.dn}`;
    case 'renameOu':
    case 'move':
      return `${op.op} ${op.from} to ${op.to}`;
    case 'addMembers':
    case 'removeMembers':
      return `${op.op} ${op.group}`;
    default: {
      const never: never = op;
      return String(never);
    }
  }
}

function change(operation: Change['operation'], type: string, values: string[]): Change {
  return new Change({ operation, modification: new Attribute({ type, values }) });
}

function isObjectClass(name: string): boolean {
  return name.toLowerCase() === 'objectclass';
}

function ignoring<T>(kinds: (abstract new (...args: never[]) => Error)[], fallback: T) {
  return (error: unknown): T => {
    if (kinds.some((kind) => error instanceof kind)) return fallback;
    throw error;
  };
}

function toEntry(entry: Entry): LdapEntry {
  const attributes: LdapAttributes = {};
  for (const [name, value] of Object.entries(entry)) {
    if (name === 'dn') continue;
    const values = Array.isArray(value) ? value : [value];
    const key = name.toLowerCase();
    attributes[key] = [...(attributes[key] ?? []), ...values.map((one) => one.toString())];
  }
  return { dn: entry.dn, attributes };
}

/** The ops of one bound client; each throws ldapts's own errors, mapped by the caller. */
function directoryOps(client: Client) {
  async function exists(dn: string): Promise<boolean> {
    const found = await client
      .search(dn, { scope: 'base', attributes: ['1.1'] })
      .catch(ignoring([NoSuchObjectError], undefined));
    return (found?.searchEntries.length ?? 0) > 0;
  }

  async function ensureOu(dn: string): Promise<void> {
    const rdn = rdnOf(dn);
    if (!/^ou\s*=/i.test(rdn)) {
      if (await exists(dn)) return;
      throw new TargetError(`ensureOu ${dn}: missing, and only ou= entries are created`, false);
    }
    const entry = { objectClass: ouObjectClasses, ou: [rdnValue(rdn)] };
    try {
      await client.add(dn, entry);
    } catch (error) {
      if (error instanceof AlreadyExistsError) return;
      if (!(error instanceof NoSuchObjectError) || parentDn(dn) === '') throw error;
      await ensureOu(parentDn(dn));
      await client.add(dn, entry).catch(ignoring([AlreadyExistsError], undefined));
    }
  }

  async function add(dn: string, attributes: LdapAttributes): Promise<void> {
    const given = Object.entries(attributes).filter(([, values]) => values.length > 0);
    try {
      await client.add(dn, Object.fromEntries(given));
      return;
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
    }
    const { searchEntries } = await client.search(dn, { scope: 'base', attributes: ['objectClass'] });
    const had = new Set(toEntry(searchEntries[0]).attributes.objectclass?.map((name) => name.toLowerCase()));
    const wanted = Object.entries(attributes).find(([name]) => isObjectClass(name))?.[1] ?? [];
    const missing = wanted.filter((name) => !had.has(name.toLowerCase()));
    const changes = [
      ...(missing.length > 0 ? [change('add', 'objectClass', missing)] : []),
      ...Object.entries(attributes)
        .filter(([name]) => !isObjectClass(name))
        .map(([name, values]) => change('replace', name, values)),
    ];
    if (changes.length > 0) await client.modify(dn, changes);
  }

  async function modify(dn: string, replace: LdapAttributes): Promise<void> {
    const changes = Object.entries(replace).map(([name, values]) => change('replace', name, values));
    if (changes.length > 0) await client.modify(dn, changes);
  }

  /** Modify DN; newSuperior only when the parent changes. Done already if `from` is gone and `to` is there. */
  async function move(from: string, to: string): Promise<void> {
    if (sameDn(from, to)) return;
    const target = sameDn(parentDn(from), parentDn(to)) ? rdnOf(to) : to;
    try {
      await client.modifyDN(from, target);
    } catch (error) {
      if (!(error instanceof NoSuchObjectError)) throw error;
      if (await exists(to)) return;
      if (!(await exists(from))) throw error;
      await ensureOu(parentDn(to));
      await client.modifyDN(from, target);
    }
  }

  async function remove(dn: string): Promise<void> {
    await client.del(dn).catch(ignoring([NoSuchObjectError], undefined));
  }

  /** One modify for all values; if the server refuses one value, each value alone, skipping those already so. */
  async function members(group: string, operation: 'add' | 'delete', values: string[]): Promise<void> {
    const unique = [...new Set(values)];
    if (unique.length === 0) return;
    const already = operation === 'add' ? TypeOrValueExistsError : NoSuchAttributeError;
    try {
      await client.modify(group, change(operation, 'member', unique));
    } catch (error) {
      if (!(error instanceof already)) throw error;
      for (const value of unique) {
        await client.modify(group, change(operation, 'member', [value])).catch(ignoring([already], undefined));
      }
    }
  }

  return { exists, ensureOu, add, modify, move, remove, members };
}

interface Session {
  client: Client;
  ops: ReturnType<typeof directoryOps>;
}

async function applyOne(ops: Session['ops'], op: LdapOp): Promise<void> {
  switch (op.op) {
    case 'ensureOu':
      return ops.ensureOu(op.dn);
    case 'renameOu':
    case 'move':
      return ops.move(op.from, op.to);
    case 'add':
      return ops.add(op.dn, op.attributes);
    case 'modify':
      return ops.modify(op.dn, op.replace);
    case 'delete':
      return ops.remove(op.dn);
    case 'addMembers':
      return ops.members(op.group, 'add', op.members);
    case 'removeMembers':
      return ops.members(op.group, 'delete', op.members);
    default: {
      const never: never = op;
      throw new Error(`unknown LDAP op ${String(never)}`);
    }
  }
}

/**
 * An LDAP directory over ldapts: connects and binds on first use, then reuses that one
 * client; a connection failure drops it so the next call connects again.
 */
export function openLdapDirectory(settings: LdapSettings, password: string): LdapDirectory {
  const timeout = (settings.timeoutSeconds ?? 10) * 1000;
  const tlsOptions: ConnectionOptions = settings.tlsInsecure ? { rejectUnauthorized: false } : {};
  let current: Session | undefined;

  function drop(): void {
    const old = current?.client;
    current = undefined;
    old?.unbind().catch(() => undefined);
  }

  let connecting: Promise<Session> | undefined;

  async function connect(): Promise<Session> {
    drop();
    const client = new Client({ url: settings.url, timeout, connectTimeout: timeout, tlsOptions });
    try {
      if (settings.startTls) await client.startTLS(tlsOptions);
      await client.bind(settings.bindDn, password);
    } catch (error) {
      client.unbind().catch(() => undefined);
      throw toTargetError(`bind ${settings.bindDn} at ${settings.url}`, error);
    }
    current = { client, ops: directoryOps(client) };
    return current;
  }

  /** The bound session; callers arriving while one is being made share it (one connection, never orphans). */
  function connected(): Promise<Session> {
    if (current?.client.isConnected) return Promise.resolve(current);
    connecting ??= connect().finally(() => {
      connecting = undefined;
    });
    return connecting;
  }

  async function attempt<T>(doing: string, work: (session: Session) => Promise<T>): Promise<T> {
    const session = await connected().catch((error: TargetError) => {
      throw new TargetError(`${doing}: ${error.message}`, error.retryable);
    });
    try {
      return await work(session);
    } catch (error) {
      if (isConnectionFailure(error)) drop();
      throw toTargetError(doing, error);
    }
  }

  return {
    async apply(ops) {
      for (const op of ops) await attempt(describeOp(op), (session) => applyOne(session.ops, op));
    },
    async search(base, filter, attributes) {
      const wanted = [...new Set([...attributes, 'objectClass'])];
      const options = { scope: 'sub' as const, filter: filter || '(objectClass=*)', attributes: wanted };
      return attempt(`search ${base}`, async ({ client }) => {
        const result = await client
          .search(base, { ...options, paged: { pageSize: searchPageSize } })
          .catch(ignoring([NoSuchObjectError], undefined));
        return (result?.searchEntries ?? []).map(toEntry);
      });
    },
    async close() {
      const old = current?.client;
      current = undefined;
      await old?.unbind().catch(() => undefined);
    },
  };
}
