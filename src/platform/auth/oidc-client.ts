import type * as OpenId from 'openid-client';
import type { OidcProviderConfig } from '../config.ts';
import { notFound, StewardError } from '../errors.ts';

// openid-client (with jose) is loaded at the first sign-in through a provider, not at every start.
let library: Promise<typeof OpenId> | undefined;
const openIdClient = () => (library ??= import('openid-client'));

/** What a sign-in under way must remember between sending the browser to the provider and its coming back. */
export interface OidcFlow {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** A completed sign-in: the provider's ID token (kept for signing out there) and every claim it told. */
export interface OidcAnswer {
  idToken: string;
  claims: Record<string, unknown>;
}

/**
 * The OpenID Connect relying party over openid-client: the authorization code flow with PKCE, state and nonce. A
 * provider's discovery document is fetched at its first use and kept (a provider that is down does not stop Steward;
 * a failed discovery is tried again at the next sign-in). The library checks the answer: state, the code exchange
 * with the PKCE verifier, and the ID token's signature, issuer, audience, nonce and expiry.
 */
export function createOidcClients(providers: readonly OidcProviderConfig[]) {
  const discovered = new Map<string, Promise<OpenId.Configuration>>();

  function providerNamed(name: string): OidcProviderConfig {
    const provider = providers.find((p) => p.name === name);
    if (!provider) throw notFound('sign-in provider', name);
    return provider;
  }

  function configurationOf(provider: OidcProviderConfig): Promise<OpenId.Configuration> {
    const known = discovered.get(provider.name);
    if (known) return known;
    // Plain http is accepted only for a provider on this machine (config validation, sso-rules.ts).
    const insecure = new URL(provider.issuer).protocol === 'http:';
    const found = openIdClient()
      .then((client) =>
        client.discovery(
          new URL(provider.issuer),
          provider.clientId,
          provider.clientSecret,
          provider.clientSecret ? undefined : client.None(),
          { execute: insecure ? [client.allowInsecureRequests] : [], timeout: 10 },
        ),
      )
      .catch((e: unknown) => {
        discovered.delete(provider.name);
        throw new StewardError(
          'provider-unavailable',
          `${provider.label} (${provider.issuer}) could not be reached to sign in: ${(e as Error).message}`,
        );
      });
    discovered.set(provider.name, found);
    return found;
  }

  /** The provider's authorization URL for a new sign-in, and what to remember until the browser comes back. */
  async function start(name: string, redirectUri: string): Promise<{ url: string; flow: OidcFlow }> {
    const provider = providerNamed(name);
    const configuration = await configurationOf(provider);
    const client = await openIdClient();
    const flow: OidcFlow = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: provider.scopes.join(' '),
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(flow.codeVerifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    return { url: url.href, flow };
  }

  /**
   * Completes a sign-in from the URL the provider sent the browser back to (the redirect URI with its query). The
   * configured claim is read from the ID token, or from the userinfo endpoint when the token does not carry it.
   */
  async function finish(name: string, currentUrl: URL, flow: OidcFlow): Promise<OidcAnswer> {
    const provider = providerNamed(name);
    const configuration = await configurationOf(provider);
    const client = await openIdClient();
    try {
      const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!tokens.id_token || !idClaims) throw new Error('the provider sent no ID token');
      let claims: Record<string, unknown> = { ...idClaims };
      if (claims[provider.claim] === undefined && configuration.serverMetadata().userinfo_endpoint) {
        const info = await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
        claims = { ...info, ...claims };
      }
      return { idToken: tokens.id_token, claims };
    } catch (e) {
      if (e instanceof StewardError) throw e;
      const reason =
        e instanceof client.AuthorizationResponseError ? (e.error_description ?? e.error) : (e as Error).message;
      throw new StewardError('unauthenticated', `the sign-in with ${provider.label} was refused: ${reason}`);
    }
  }

  /** Where to send the browser to sign out at the provider too, or null when it offers no end-session endpoint. */
  async function endSessionUrl(name: string, idToken: string, postLogoutRedirectUri: string): Promise<string | null> {
    const provider = providers.find((p) => p.name === name);
    if (!provider) return null;
    let configuration: OpenId.Configuration;
    try {
      configuration = await configurationOf(provider);
    } catch {
      return null;
    }
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    const client = await openIdClient();
    return client.buildEndSessionUrl(configuration, {
      id_token_hint: idToken,
      post_logout_redirect_uri: postLogoutRedirectUri,
      client_id: provider.clientId,
    }).href;
  }

  return { providerNamed, start, finish, endSessionUrl };
}

export type OidcClients = ReturnType<typeof createOidcClients>;
