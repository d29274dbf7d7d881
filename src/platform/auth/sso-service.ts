import { type Kysely, sql } from 'kysely';
import type { Clock } from '../clock.ts';
import type { OidcProviderConfig } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { StewardError } from '../errors.ts';
import { write } from '../unit-of-work.ts';
import type { AccountService } from './account-service.ts';
import { systemActor } from './actor.ts';
import { createOidcClients, type OidcAnswer, type OidcClients } from './oidc-client.ts';
import { newSecret, secretHash } from './secrets.ts';
import { claimProblem, claimText, type MatchRule, matchRuleOf, newUsername, safeReturnTo } from './sso-rules.ts';

interface Deps {
  db: Kysely<DB>;
  clock: Clock;
  sessionTtlHours: number;
  providers: readonly OidcProviderConfig[];
  accounts: AccountService;
  /** The relying party (tests may hand in their own). */
  clients?: OidcClients;
}

/** How long a sign-in at a provider may take, from leaving Steward to coming back. */
export const FLOW_TTL_MS = 10 * 60_000;

const refused = (detail: string) => new StewardError('unauthenticated', detail);

/**
 * Single sign-on (issue 13): starts a sign-in at an OpenID Connect provider, completes it when the browser comes
 * back, maps the configured claim to a Steward account (creating one for the matched person when the provider
 * allows it) and opens the same session a password sign-in opens; and signs a single sign-on session out at its
 * provider too.
 */
export function createSsoService(deps: Deps) {
  const { db, clock } = deps;
  const clients = deps.clients ?? createOidcClients(deps.providers);

  /** The providers the login page offers. */
  function providers(): { name: string; label: string }[] {
    return deps.providers.map((p) => ({ name: p.name, label: p.label }));
  }

  /** Starts a sign-in: the provider URL to send the browser to, and the secret of the flow cookie. */
  async function begin(
    name: string,
    redirectUri: string,
    returnTo: string | undefined,
  ): Promise<{ url: string; flowSecret: string; expiresAt: Date }> {
    const { url, flow } = await clients.start(name, redirectUri);
    const flowSecret = newSecret('ssf');
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + FLOW_TTL_MS);
    await db.deleteFrom('oidc_flows').where('expires_at', '<', now).execute();
    await db
      .insertInto('oidc_flows')
      .values({
        id_hash: secretHash(flowSecret),
        provider: name,
        state: flow.state,
        nonce: flow.nonce,
        code_verifier: flow.codeVerifier,
        return_to: safeReturnTo(returnTo),
        created_at: now,
        expires_at: expiresAt,
      })
      .execute();
    return { url, flowSecret, expiresAt };
  }

  /**
   * Completes a sign-in when the provider sends the browser back: the flow started in this browser (its cookie) is
   * used once; the state must be the one sent; the library checks the rest. Returns the new session and where to go.
   */
  async function complete(
    name: string,
    flowSecret: string | undefined,
    currentUrl: URL,
  ): Promise<{ session: string; expiresAt: Date; returnTo: string }> {
    const provider = clients.providerNamed(name);
    const flow = flowSecret
      ? await db
          .deleteFrom('oidc_flows')
          .where('id_hash', '=', secretHash(flowSecret))
          .returningAll()
          .executeTakeFirst()
      : undefined;
    if (!flow || (flow.expires_at as Date) <= clock.now() || flow.provider !== name)
      throw refused(
        `this sign-in with ${provider.label} was not started in this browser or took too long; start again`,
      );
    const error = currentUrl.searchParams.get('error');
    if (error)
      throw refused(
        `${provider.label} did not sign you in: ${currentUrl.searchParams.get('error_description') ?? error}`,
      );
    if (currentUrl.searchParams.get('state') !== flow.state)
      throw refused(`the answer from ${provider.label} does not belong to the sign-in started here (state differs)`);
    const answer = await clients.finish(name, currentUrl, {
      state: flow.state,
      nonce: flow.nonce,
      codeVerifier: flow.code_verifier,
    });
    const { session, expiresAt } = await signIn(provider, answer);
    return { session, expiresAt, returnTo: flow.return_to };
  }

  /** The people the claim names (active, not merged away). */
  async function peopleNamed(rule: MatchRule, value: string): Promise<number[]> {
    if (rule.kind === 'username') return [];
    const rows =
      rule.kind === 'email'
        ? await db
            .selectFrom('people')
            .select('id')
            .where('state', '=', 'active')
            .where(
              sql<boolean>`exists (select 1 from jsonb_array_elements(people.emails) e where lower(e->>'address') = lower(${value}))`,
            )
            .execute()
        : await db
            .selectFrom('identifiers')
            .innerJoin('people', 'people.id', 'identifiers.person_id')
            .select('people.id')
            .distinct()
            .where('identifiers.kind', '=', rule.identifierKind)
            .where('identifiers.value', '=', value)
            .where('people.state', '=', 'active')
            .execute();
    return rows.map((r) => r.id);
  }

  /** The account the claim names, or the one person it names when that person has no account yet. */
  async function accountFor(
    provider: OidcProviderConfig,
    value: string,
  ): Promise<{ userId: number } | { personId: number }> {
    const rule = matchRuleOf(provider.match);
    const none = `no Steward account for ${value}`;
    if (rule.kind === 'username') {
      const user = await db
        .selectFrom('users')
        .select(['id', 'disabled_at'])
        .where('username', '=', value.toLowerCase())
        .executeTakeFirst();
      if (!user) throw refused(`${none} (no account has this username)`);
      if (user.disabled_at) throw refused(`the Steward account ${value} is disabled`);
      return { userId: user.id };
    }
    const people = await peopleNamed(rule, value);
    if (people.length === 0)
      throw refused(`${none} (no person in Steward has this ${rule.kind === 'email' ? 'email' : provider.match})`);
    if (people.length > 1)
      throw refused(`${value} names ${people.length} people in Steward (${people.join(', ')}); ask an administrator`);
    const accounts = await db
      .selectFrom('users')
      .select(['id', 'disabled_at'])
      .where('person_id', '=', people[0]!)
      .orderBy('id')
      .execute();
    const enabled = accounts.filter((a) => !a.disabled_at);
    if (enabled.length === 1) return { userId: enabled[0]!.id };
    if (enabled.length > 1)
      throw refused(`${value} has ${enabled.length} Steward accounts; sign in with a password or ask an administrator`);
    if (accounts.length > 0) throw refused(`the Steward account of ${value} is disabled`);
    if (!provider.createAccounts) throw refused(none);
    return { personId: people[0]! };
  }

  /** Creates the account of a person signing in for the first time, with the provider's configured roles. */
  async function createAccount(
    provider: OidcProviderConfig,
    personId: number,
    claims: Record<string, unknown>,
    value: string,
  ) {
    const person = await db
      .selectFrom('people')
      .select(['given_name', 'family_name', 'preferred_name'])
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
    const stem = newUsername(claims, value, () => false);
    const taken = await db
      .selectFrom('users')
      .select('username')
      .where((eb) => eb.or([eb('username', '=', stem), eb('username', 'like', `${stem}-%`)]))
      .execute();
    const names = new Set(taken.map((u) => u.username));
    const displayName = `${person.preferred_name ?? person.given_name} ${person.family_name}`.trim();
    const email = claimText(claims, 'email');
    return write(deps, systemActor(`sso:${provider.name}`), async (uow) => {
      const raced = await uow.db.selectFrom('users').select('id').where('person_id', '=', personId).executeTakeFirst();
      if (raced) return raced.id;
      return deps.accounts.insertUser(uow, {
        username: newUsername(claims, value, (n) => names.has(n)),
        displayName: displayName || value,
        email: email && /^[^\s@]+@[^\s@]+$/.test(email) ? email : null,
        personId,
        roles: provider.roles,
      });
    });
  }

  /** Maps the claim to an account (creating it when allowed) and opens a session remembering the ID token. */
  async function signIn(
    provider: OidcProviderConfig,
    answer: OidcAnswer,
  ): Promise<{ session: string; expiresAt: Date }> {
    const rule = matchRuleOf(provider.match);
    const problem = claimProblem(rule, answer.claims, provider.claim);
    if (problem) throw refused(`cannot sign in with ${provider.label}: ${problem}`);
    const value = claimText(answer.claims, provider.claim)!;
    const found = await accountFor(provider, value);
    const created = 'personId' in found;
    const userId =
      'userId' in found ? found.userId : await createAccount(provider, found.personId, answer.claims, value);
    const actor = await deps.accounts.loadActor(userId);
    if (!actor) throw refused(`the Steward account of ${value} is disabled`);
    const session = newSecret('sss');
    const expiresAt = new Date(clock.now().getTime() + deps.sessionTtlHours * 3_600_000);
    await write(deps, actor, async (uow) => {
      await uow.db.deleteFrom('sessions').where('expires_at', '<', uow.now).execute();
      await uow.db
        .insertInto('sessions')
        .values({
          token_hash: secretHash(session),
          user_id: userId,
          created_at: uow.now,
          expires_at: expiresAt,
          provider: provider.name,
          id_token: answer.idToken,
        })
        .execute();
      uow.audit({
        action: 'auth.sso.login',
        targetType: 'user',
        targetId: userId,
        after: { provider: provider.name, claim: provider.claim, value, subject: answer.claims.sub, created },
      });
    });
    return { session, expiresAt };
  }

  /**
   * Ends a session; for one opened by single sign-on, also the URL that signs the browser out at the provider
   * (with the ID token as hint and Steward's page to come back to), or null.
   */
  async function logout(secret: string, postLogoutRedirectUri: string): Promise<string | null> {
    const row = await db
      .deleteFrom('sessions')
      .where('token_hash', '=', secretHash(secret))
      .returning(['provider', 'id_token'])
      .executeTakeFirst();
    if (!row?.provider || !row.id_token) return null;
    return clients.endSessionUrl(row.provider, row.id_token, postLogoutRedirectUri);
  }

  return { providers, begin, complete, signIn, logout };
}

export type SsoService = ReturnType<typeof createSsoService>;
