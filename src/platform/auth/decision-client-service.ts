import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { DB } from '../db/schema.ts';
import { conflict, invalid, notFound, stale, StewardError } from '../errors.ts';
import { write } from '../unit-of-work.ts';
import { ActorCache } from './actor-cache.ts';
import { type Actor, clientActor } from './actor.ts';
import { authorise } from './policy.ts';
import { type Argon2Cost, defaultCost, hashPassword, newSecret, secretHash, verifyPassword } from './secrets.ts';

export interface DecisionClientView {
  name: string;
  label: string;
  /** The applications it may ask about; null: every application. */
  applications: string[] | null;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  /** When it last authenticated (to the minute); null: never. */
  lastUsedAt: string | null;
  version: number;
}

/** A client with its secret, answered once: on creation and on rotation. */
export interface DecisionClientSecret {
  clientId: string;
  clientSecret: string;
  client: DecisionClientView;
}

export interface NewDecisionClient {
  name: string;
  label: string;
  applications?: string[] | null;
}

/** An access token as RFC 6749 §4.4.3 answers it. */
export interface AccessToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/** Why a token request or a client's credentials are refused (RFC 6749 §5.2 error codes). */
export class OAuthError extends Error {
  readonly error: 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope';
  constructor(error: OAuthError['error'], description: string) {
    super(description);
    this.error = error;
  }
}

interface Deps {
  db: Kysely<DB>;
  clock: Clock;
  passwordCost?: Argon2Cost;
  /** How long a client-credentials access token lives (seconds). */
  tokenTtlSeconds?: number;
  /** How long verified credentials are remembered (ms; 0 = verify on every call). */
  authCacheMs?: number;
}

/** Access tokens of decision clients carry this prefix, so the authentication hook knows whom to ask. */
export const CLIENT_TOKEN_PREFIX = 'stc_';
const NAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/**
 * Decision clients: programs limited to asking the decision point, about named applications or all. System
 * administrators create (the secret is returned once), list and revoke them; every change is audited and
 * change-logged. A client authenticates with HTTP Basic (name and secret, Argon2id-verified, remembered for
 * `authCacheMs` like API tokens) or with a client-credentials access token (SHA-256 stored, short-lived).
 */
export function createDecisionClientService(deps: Deps) {
  const { db, clock } = deps;
  const cost = deps.passwordCost ?? defaultCost;
  const ttl = deps.tokenTtlSeconds ?? 3600;
  const verified = new ActorCache(deps.authCacheMs ?? 1000);
  // Verified against when the name is unknown, so an unknown name costs what a wrong secret costs.
  let dummyHash: Promise<string> | null = null;

  const view = (r: {
    name: string;
    label: string;
    applications: string[] | null;
    created_at: Date;
    created_by: string;
    revoked_at: Date | null;
    last_used_at: Date | null;
    version: number;
  }): DecisionClientView => ({
    name: r.name,
    label: r.label,
    applications: r.applications,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    revokedAt: r.revoked_at?.toISOString() ?? null,
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    version: r.version,
  });
  const columns = [
    'name',
    'label',
    'applications',
    'created_at',
    'created_by',
    'revoked_at',
    'last_used_at',
    'version',
  ] as const;

  /** Notes that a client authenticated, at most once a minute (bookkeeping like an API token's last use). */
  async function touch(id: number, lastUsed: Date | null): Promise<void> {
    const now = clock.now();
    if (lastUsed && now.getTime() - lastUsed.getTime() <= 60_000) return;
    await db.updateTable('decision_clients').set({ last_used_at: now }).where('id', '=', id).execute();
  }

  async function list(actor: Actor): Promise<DecisionClientView[]> {
    authorise(actor, 'accounts:manage');
    const rows = await db.selectFrom('decision_clients').select(columns).orderBy('name').execute();
    return rows.map((r) => view(r as Parameters<typeof view>[0]));
  }

  async function create(actor: Actor, input: NewDecisionClient): Promise<DecisionClientSecret> {
    authorise(actor, 'accounts:manage');
    if (!NAME.test(input.name))
      throw invalid('/name', 'pattern', 'must be 2-64 lowercase letters, digits, dots, dashes or underscores');
    if (!input.label.trim()) throw invalid('/label', 'required', 'is required');
    const applications = input.applications == null ? null : [...new Set(input.applications)];
    const secret = newSecret('scs');
    const hash = await hashPassword(secret, cost);
    const row = await write(deps, actor, async (uow) => {
      const taken = await uow.db
        .selectFrom('decision_clients')
        .select('id')
        .where('name', '=', input.name)
        .executeTakeFirst();
      if (taken)
        throw conflict(`decision client ${input.name} already exists`, {
          field: '/name',
          rule: 'unique',
          message: 'is already taken',
        });
      if (applications?.length) {
        const known = new Set(
          (
            await uow.db.selectFrom('access_applications').select('name').where('name', 'in', applications).execute()
          ).map((a) => a.name),
        );
        const i = applications.findIndex((a) => !known.has(a));
        if (i >= 0) throw invalid(`/applications/${i}`, 'exists', `no application ${applications[i]}`);
      }
      const inserted = await uow.db
        .insertInto('decision_clients')
        .values({
          name: input.name,
          label: input.label.trim(),
          applications,
          secret_hash: hash,
          created_at: uow.now,
          created_by: actor.name,
        })
        .returning(['id', ...columns])
        .executeTakeFirstOrThrow();
      uow.record({
        action: 'decision-client.create',
        op: 'created',
        targetType: 'decision_client',
        targetId: inserted.id,
        after: { name: input.name, label: input.label.trim(), applications },
      });
      return inserted;
    });
    return { clientId: input.name, clientSecret: secret, client: view(row as Parameters<typeof view>[0]) };
  }

  async function revoke(actor: Actor, name: string, expectedVersion: number): Promise<void> {
    authorise(actor, 'accounts:manage');
    await write(deps, actor, async (uow) => {
      const row = await uow.db
        .selectFrom('decision_clients')
        .select(['id', 'version', 'revoked_at'])
        .where('name', '=', name)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw notFound('decision client', name);
      if (row.version !== expectedVersion) throw stale(`decision client ${name}`, expectedVersion, row.version);
      if (row.revoked_at) throw conflict(`decision client ${name} is already revoked`);
      await uow.db
        .updateTable('decision_clients')
        .set({ revoked_at: uow.now, version: row.version + 1 })
        .where('id', '=', row.id)
        .execute();
      await uow.db.deleteFrom('decision_client_tokens').where('client_id', '=', row.id).execute();
      uow.record({
        action: 'decision-client.revoke',
        op: 'revoked',
        targetType: 'decision_client',
        targetId: row.id,
        after: { name, revokedAt: uow.now.toISOString() },
      });
    });
    // After the commit: a call racing the revocation may have remembered the client meanwhile.
    verified.clear();
  }

  /**
   * A new secret for a client (If-Match: its version), answered once; the old secret and every token issued with it
   * stop working at once. A revoked client stays revoked.
   */
  async function rotate(actor: Actor, name: string, expectedVersion: number): Promise<DecisionClientSecret> {
    authorise(actor, 'accounts:manage');
    const secret = newSecret('scs');
    const hash = await hashPassword(secret, cost);
    const row = await write(deps, actor, async (uow) => {
      const current = await uow.db
        .selectFrom('decision_clients')
        .select(['id', 'version', 'revoked_at'])
        .where('name', '=', name)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw notFound('decision client', name);
      if (current.version !== expectedVersion) throw stale(`decision client ${name}`, expectedVersion, current.version);
      if (current.revoked_at) throw conflict(`decision client ${name} is revoked: make a new one instead`);
      const updated = await uow.db
        .updateTable('decision_clients')
        .set({ secret_hash: hash, version: current.version + 1 })
        .where('id', '=', current.id)
        .returning(columns)
        .executeTakeFirstOrThrow();
      await uow.db.deleteFrom('decision_client_tokens').where('client_id', '=', current.id).execute();
      // The secret is never recorded, only that it changed.
      uow.record({
        action: 'decision-client.rotate',
        op: 'updated',
        targetType: 'decision_client',
        targetId: current.id,
        after: { name, secretRotatedAt: uow.now.toISOString() },
      });
      return updated;
    });
    verified.clear();
    return { clientId: name, clientSecret: secret, client: view(row as Parameters<typeof view>[0]) };
  }

  /** The client named, if the secret is its own and it is not revoked. */
  async function verifyClient(name: string, secret: string): Promise<{ id: number; actor: Actor } | null> {
    if (!NAME.test(name)) return null;
    const row = await db
      .selectFrom('decision_clients')
      .select(['id', 'name', 'applications', 'secret_hash', 'last_used_at'])
      .where('name', '=', name)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) {
      dummyHash ??= hashPassword(newSecret('scs'), cost);
      await verifyPassword(secret, await dummyHash);
      return null;
    }
    if (!(await verifyPassword(secret, row.secret_hash))) return null;
    await touch(row.id, row.last_used_at as Date | null);
    return { id: row.id, actor: clientActor(row.name, row.applications) };
  }

  /** The actor of `Authorization: Basic …` credentials (RFC 6749 §2.3.1: both parts form-encoded), or null. */
  async function authenticateBasic(credentials: string): Promise<Actor | null> {
    const parsed = parseBasic(credentials);
    if (!parsed) return null;
    const key = secretHash(`${parsed.id}\u0000${parsed.secret}`).toString('base64');
    const cached = verified.get(key, clock.now());
    if (cached) return cached;
    const client = await verifyClient(parsed.id, parsed.secret);
    if (client) verified.set(key, client.actor, null);
    return client?.actor ?? null;
  }

  /** The actor of a client-credentials access token, or null when it is unknown, expired or its client revoked. */
  async function authenticateToken(token: string): Promise<Actor | null> {
    const row = await db
      .selectFrom('decision_client_tokens as t')
      .innerJoin('decision_clients as c', 'c.id', 't.client_id')
      .select(['c.id', 'c.name', 'c.applications', 'c.last_used_at', 't.expires_at'])
      .where('t.token_hash', '=', secretHash(token))
      .where('c.revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row || (row.expires_at as Date) <= clock.now()) return null;
    await touch(row.id, row.last_used_at as Date | null);
    return clientActor(row.name, row.applications);
  }

  /**
   * `POST /oauth/token` with `grant_type=client_credentials` (RFC 6749 §4.4): the client authenticates with Basic or
   * with `client_id` and `client_secret` in the form (not both); the answer is a Bearer token living `ttl` seconds.
   */
  async function issueToken(form: Record<string, string>, basic: string | undefined): Promise<AccessToken> {
    const inForm = form.client_id !== undefined || form.client_secret !== undefined;
    if (basic !== undefined && inForm)
      throw new OAuthError('invalid_request', 'authenticate with HTTP Basic or with the form, not both');
    if (!form.grant_type) throw new OAuthError('invalid_request', 'grant_type is required');
    const parsed =
      basic !== undefined ? parseBasic(basic) : { id: form.client_id ?? '', secret: form.client_secret ?? '' };
    if (!parsed || !parsed.id || !parsed.secret)
      throw new OAuthError('invalid_client', 'client authentication is required');
    const client = await verifyClient(parsed.id, parsed.secret);
    if (!client) throw new OAuthError('invalid_client', 'unknown client, wrong secret, or the client is revoked');
    if (form.grant_type !== 'client_credentials')
      throw new OAuthError('unsupported_grant_type', 'only grant_type=client_credentials is supported');
    if (form.scope !== undefined && form.scope !== '' && form.scope !== 'access:check')
      throw new OAuthError('invalid_scope', 'the only scope is access:check');
    const token = newSecret(CLIENT_TOKEN_PREFIX.slice(0, -1));
    await write(deps, client.actor, async (uow) => {
      await uow.db
        .deleteFrom('decision_client_tokens')
        .where('client_id', '=', client.id)
        .where('expires_at', '<=', uow.now)
        .execute();
      await uow.db
        .insertInto('decision_client_tokens')
        .values({
          token_hash: secretHash(token),
          client_id: client.id,
          created_at: uow.now,
          expires_at: new Date(uow.now.getTime() + ttl * 1000),
        })
        .execute();
      uow.audit({ action: 'decision-client.token', targetType: 'decision_client', targetId: client.id });
    });
    return { access_token: token, token_type: 'Bearer', expires_in: ttl };
  }

  return { list, create, rotate, revoke, authenticateBasic, authenticateToken, issueToken };
}

/** `base64(id:secret)` → the id and secret, each form-decoded; null when it is not that. */
export function parseBasic(credentials: string): { id: string; secret: string } | null {
  const text = Buffer.from(credentials.trim(), 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s.replaceAll('+', ' '));
    } catch {
      return s;
    }
  };
  return { id: decode(text.slice(0, colon)), secret: decode(text.slice(colon + 1)) };
}

export type DecisionClientService = ReturnType<typeof createDecisionClientService>;

/** Thrown by the authentication hook when Basic credentials are wrong. */
export const badClientCredentials = () =>
  new StewardError('unauthenticated', 'the client id or secret is wrong, or the client is revoked');
