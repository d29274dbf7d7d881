import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { DB, RoleName } from '../db/schema.ts';
import { assertNoProblems, conflict, invalid, notFound, StewardError } from '../errors.ts';
import { type UnitOfWork, write } from '../unit-of-work.ts';
import { ActorCache } from './actor-cache.ts';
import type { Actor, RoleGrant } from './actor.ts';
import { passwordProblems } from './password-rules.ts';
import { authorise } from './policy.ts';
import {
  type Argon2Cost,
  defaultCost,
  hashPassword,
  newPassword,
  newSecret,
  secretHash,
  verifyPassword,
} from './secrets.ts';

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  personId: number | null;
  disabled: boolean;
  roles: { role: RoleName; orgId: number | null; office?: string }[];
  version: number;
}

export interface NewUser {
  username: string;
  displayName: string;
  email?: string | null;
  password?: string | null;
  personId?: number | null;
  roles: { role: RoleName; orgId?: number | null; office?: string | null }[];
}

export interface TokenView {
  id: number;
  userId: number;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revoked: boolean;
}

interface Deps {
  db: Kysely<DB>;
  clock: Clock;
  sessionTtlHours: number;
  passwordCost?: Argon2Cost;
  /** How long an API token's actor is remembered (ms; 0 = read it on every call). */
  authCacheMs?: number;
}

/** Local accounts, their roles, sessions for the web UI and API tokens for programs. */
export function createAccountService(deps: Deps) {
  const { db, clock } = deps;
  const cost = deps.passwordCost ?? defaultCost;
  const tokenActors = new ActorCache(deps.authCacheMs ?? 1000);

  async function loadActor(userId: number): Promise<Actor | null> {
    const user = await db
      .selectFrom('users')
      .select(['id', 'username', 'disabled_at'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user || user.disabled_at) return null;
    const roles = await db
      .selectFrom('user_roles')
      .leftJoin('org_units', 'org_units.id', 'user_roles.org_id')
      .select(['user_roles.role', 'user_roles.org_id', 'user_roles.office', 'org_units.path'])
      .where('user_roles.user_id', '=', userId)
      .execute();
    const grants: RoleGrant[] = roles.map((r) => ({
      role: r.role,
      orgId: r.org_id,
      orgPath: r.path,
      office: r.office,
    }));
    return { kind: 'user', id: user.id, name: user.username, roles: grants };
  }

  /** The actor of an API token looked up a moment ago (the token → actor cache), or null: then ask `authenticate`. */
  function cachedActor(secret: string): Actor | null {
    return secret.startsWith('stw_') ? tokenActors.get(secret, clock.now()) : null;
  }

  // Token look-ups under way: the calls that find a token's cached actor expired together (a client's many connections,
  // each second) share one look-up rather than each reading the token and its account. A call after a change to
  // accounts or tokens (the cache's generation moved on: a revoke) does not join one that started before it.
  const lookingUp = new Map<string, { generation: number; actor: Promise<Actor | null> }>();

  /** The actor behind an API token or a session id, or null if it is unknown or expired. */
  async function authenticate(secret: string): Promise<Actor | null> {
    if (secret.startsWith('stw_')) {
      const cached = tokenActors.get(secret, clock.now());
      if (cached) return cached;
      const pending = lookingUp.get(secret);
      if (pending && pending.generation === tokenActors.generation) return pending.actor;
      const lookUp = { generation: tokenActors.generation, actor: lookUpToken(secret) };
      lookingUp.set(secret, lookUp);
      return lookUp.actor.finally(() => {
        if (lookingUp.get(secret) === lookUp) lookingUp.delete(secret);
      });
    }
    const now = clock.now();
    const session = await db
      .selectFrom('sessions')
      .select(['user_id', 'expires_at'])
      .where('token_hash', '=', secretHash(secret))
      .executeTakeFirst();
    if (!session || (session.expires_at as Date) <= now) return null;
    const actor = await loadActor(session.user_id);
    return actor && { ...actor, credentialExpiresAt: session.expires_at as Date };
  }

  async function lookUpToken(secret: string): Promise<Actor | null> {
    const now = clock.now();
    // A change to accounts or tokens (a revoke) while this reads makes what it read unfit to remember.
    const generation = tokenActors.generation;
    const hash = secretHash(secret);
    const token = await db
      .selectFrom('api_tokens')
      .select(['id', 'user_id', 'expires_at', 'revoked_at', 'last_used_at'])
      .where('token_hash', '=', hash)
      .executeTakeFirst();
    if (!token || token.revoked_at || (token.expires_at && (token.expires_at as Date) <= now)) return null;
    // Recording use at most once a minute keeps reads from becoming writes.
    if (!token.last_used_at || now.getTime() - (token.last_used_at as Date).getTime() > 60_000) {
      await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', token.id).execute();
    }
    const loaded = await loadActor(token.user_id);
    const expiresAt = (token.expires_at as Date | null) ?? null;
    const actor = loaded && { ...loaded, credentialExpiresAt: expiresAt };
    if (actor) tokenActors.set(secret, actor, expiresAt, generation);
    return actor;
  }

  async function login(
    username: string,
    password: string,
  ): Promise<{ session: string; expiresAt: Date; user: UserView }> {
    const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    const ok = user?.password_hash && !user.disabled_at && (await verifyPassword(password, user.password_hash));
    if (!user || !ok) throw new StewardError('unauthenticated', 'unknown username or wrong password');
    const actor = (await loadActor(user.id))!;
    const session = newSecret('sss');
    const expiresAt = new Date(clock.now().getTime() + deps.sessionTtlHours * 3_600_000);
    await write(deps, actor, async (uow) => {
      await uow.db.deleteFrom('sessions').where('expires_at', '<', uow.now).execute();
      await uow.db
        .insertInto('sessions')
        .values({ token_hash: secretHash(session), user_id: user.id, created_at: uow.now, expires_at: expiresAt })
        .execute();
      uow.audit({ action: 'auth.login', targetType: 'user', targetId: user.id });
    });
    return { session, expiresAt, user: (await getUser(actor, user.id, { self: true }))! };
  }

  async function logout(secret: string): Promise<void> {
    await db.deleteFrom('sessions').where('token_hash', '=', secretHash(secret)).execute();
  }

  async function getUser(actor: Actor, id: number, { self = false } = {}): Promise<UserView> {
    if (!(self || actor.id === id)) authorise(actor, 'accounts:manage');
    const user = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!user) throw notFound('user', id);
    const roles = await db
      .selectFrom('user_roles')
      .select(['role', 'org_id', 'office'])
      .where('user_id', '=', id)
      .orderBy('id')
      .execute();
    return {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      email: user.email,
      personId: user.person_id,
      disabled: user.disabled_at !== null,
      roles: roles.map((r) => ({ role: r.role, orgId: r.org_id, ...(r.office ? { office: r.office } : {}) })),
      version: user.version,
    };
  }

  async function listUsers(actor: Actor): Promise<UserView[]> {
    authorise(actor, 'accounts:manage');
    const ids = await db.selectFrom('users').select('id').orderBy('username').execute();
    return Promise.all(ids.map((u) => getUser(actor, u.id)));
  }

  async function insertUser(uow: UnitOfWork, input: NewUser): Promise<number> {
    if (!/^[a-z0-9][a-z0-9._-]{1,63}$/.test(input.username))
      throw invalid('/username', 'pattern', 'must be 2-64 lowercase letters, digits, dots, dashes or underscores');
    const taken = await uow.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', input.username)
      .executeTakeFirst();
    if (taken)
      throw conflict(`username ${input.username} is already taken`, {
        field: '/username',
        rule: 'unique',
        message: 'is already taken',
      });
    for (const [i, r] of input.roles.entries()) {
      if (r.role !== 'scim' && r.role !== 'scim-writer' && (r.role === 'orgadmin') !== (r.orgId != null))
        throw invalid(`/roles/${i}/orgId`, 'required-for-orgadmin', 'is required for orgadmin and only for orgadmin');
      if ((r.role === 'office') !== (r.office != null))
        throw invalid(`/roles/${i}/office`, 'required-for-office', 'is required for office and only for office');
      if (r.office != null && !/^[a-z][a-z0-9_-]{0,31}$/.test(r.office))
        throw invalid(
          `/roles/${i}/office`,
          'pattern',
          'must be 1-32 lowercase letters, digits, dashes or underscores, starting with a letter',
        );
      if (
        r.orgId != null &&
        !(await uow.db.selectFrom('org_units').select('id').where('id', '=', r.orgId).executeTakeFirst())
      )
        throw invalid(`/roles/${i}/orgId`, 'exists', `organisation ${r.orgId} does not exist`);
    }
    const passwordHash = input.password ? await hashPassword(input.password, cost) : null;
    const { id } = await uow.db
      .insertInto('users')
      .values({
        username: input.username,
        display_name: input.displayName,
        email: input.email ?? null,
        password_hash: passwordHash,
        person_id: input.personId ?? null,
        created_at: uow.now,
        updated_at: uow.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const r of input.roles)
      await uow.db
        .insertInto('user_roles')
        .values({ user_id: id, role: r.role, org_id: r.orgId ?? null, office: r.office ?? null, created_at: uow.now })
        .execute();
    uow.record({
      action: 'user.create',
      op: 'created',
      targetType: 'user',
      targetId: id,
      after: {
        username: input.username,
        displayName: input.displayName,
        email: input.email ?? null,
        roles: input.roles,
      },
    });
    return id;
  }

  async function createUser(actor: Actor, input: NewUser): Promise<UserView> {
    authorise(actor, 'accounts:manage');
    if (input.password != null)
      assertNoProblems(passwordProblems(input.password, [input.username, input.displayName, input.email ?? '']));
    const id = await write(deps, actor, (uow) => insertUser(uow, input));
    return getUser(actor, id);
  }

  async function setPassword(actor: Actor, userId: number, password: string): Promise<void> {
    if (actor.id !== userId) authorise(actor, 'accounts:manage');
    const named = await db
      .selectFrom('users')
      .select(['username', 'display_name', 'email'])
      .where('id', '=', userId)
      .executeTakeFirst();
    assertNoProblems(passwordProblems(password, named ? [named.username, named.display_name, named.email ?? ''] : []));
    const hash = await hashPassword(password, cost);
    await write(deps, actor, async (uow) => {
      const r = await uow.db
        .updateTable('users')
        .set({ password_hash: hash, updated_at: uow.now, version: (eb) => eb('version', '+', 1) })
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!r.numUpdatedRows) throw notFound('user', userId);
      await uow.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
      uow.audit({ action: 'user.password', targetType: 'user', targetId: userId });
    });
  }

  /** Creates an API token for the actor (or, for an administrator, another account); the secret is returned once. */
  async function createToken(
    actor: Actor,
    input: { name: string; userId?: number; expiresAt?: string | null },
  ): Promise<{ token: string; view: TokenView }> {
    const userId = input.userId ?? actor.id;
    if (userId == null) throw invalid('/userId', 'required', 'is required when acting as the system');
    if (userId !== actor.id) authorise(actor, 'accounts:manage');
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && expiresAt <= clock.now()) throw invalid('/expiresAt', 'future', 'must be in the future');
    const token = newSecret('stw');
    const id = await write(deps, actor, async (uow) => {
      const user = await uow.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
      if (!user) throw notFound('user', userId);
      const row = await uow.db
        .insertInto('api_tokens')
        .values({
          user_id: userId,
          name: input.name,
          token_hash: secretHash(token),
          created_at: uow.now,
          expires_at: expiresAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      uow.audit({
        action: 'token.create',
        targetType: 'token',
        targetId: row.id,
        after: { userId, name: input.name, expiresAt: expiresAt?.toISOString() ?? null },
      });
      return row.id;
    });
    return { token, view: (await listTokens(actor, userId)).find((t) => t.id === id)! };
  }

  async function listTokens(actor: Actor, userId?: number): Promise<TokenView[]> {
    const owner = userId ?? actor.id;
    if (owner !== actor.id) authorise(actor, 'accounts:manage');
    const rows = await db
      .selectFrom('api_tokens')
      .selectAll()
      .where('user_id', '=', owner ?? -1)
      .orderBy('id')
      .execute();
    return rows.map((t) => ({
      id: t.id,
      userId: t.user_id,
      name: t.name,
      createdAt: (t.created_at as Date).toISOString(),
      expiresAt: t.expires_at ? (t.expires_at as Date).toISOString() : null,
      lastUsedAt: t.last_used_at ? (t.last_used_at as Date).toISOString() : null,
      revoked: t.revoked_at !== null,
    }));
  }

  async function revokeToken(actor: Actor, tokenId: number): Promise<void> {
    await write(deps, actor, async (uow) => {
      const token = await uow.db
        .selectFrom('api_tokens')
        .select(['user_id', 'revoked_at'])
        .where('id', '=', tokenId)
        .executeTakeFirst();
      if (!token) throw notFound('token', tokenId);
      if (token.user_id !== actor.id) authorise(actor, 'accounts:manage');
      if (token.revoked_at) return;
      await uow.db.updateTable('api_tokens').set({ revoked_at: uow.now }).where('id', '=', tokenId).execute();
      uow.audit({ action: 'token.revoke', targetType: 'token', targetId: tokenId });
    });
    // After the commit: a call racing the revocation may have cached the token's actor meanwhile.
    tokenActors.clear();
  }

  /**
   * On first start there is no account: creates `admin` as system administrator with the
   * configured password or a generated one, which is returned so it can be shown once.
   */
  async function ensureAdmin(
    actor: Actor,
    password?: string,
  ): Promise<{ created: boolean; username: string; password?: string }> {
    const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (any) return { created: false, username: 'admin' };
    const chosen = password ?? newPassword();
    try {
      await write(deps, actor, (uow) =>
        insertUser(uow, {
          username: 'admin',
          displayName: 'Steward administrator',
          password: chosen,
          roles: [{ role: 'sysadmin' }],
        }),
      );
    } catch (e) {
      // Several processes starting together on one new database: another one made it first (its row is then found by
      // the username check, or by the unique index when both got past that check at once).
      const taken = await db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirst();
      if (taken) return { created: false, username: 'admin' };
      throw e;
    }
    return { created: true, username: 'admin', password: chosen };
  }

  return {
    authenticate,
    cachedActor,
    login,
    logout,
    getUser,
    listUsers,
    createUser,
    setPassword,
    createToken,
    listTokens,
    revokeToken,
    ensureAdmin,
    loadActor,
    insertUser,
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
