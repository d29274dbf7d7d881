import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

/** A user the test provider knows: its subject and the claims it tells about them. */
export interface ProviderUser {
  sub: string;
  preferred_username?: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface StewardClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
}

export interface TestProvider {
  /** http://127.0.0.1:<port>, the provider's issuer. */
  issuer: string;
  /** Starts answering, with Steward registered as its client (once Steward's address is known). */
  configure(client: StewardClient): void;
  /** Adds or replaces a user. */
  addUser(user: ProviderUser): void;
  /** The user the sign-in step signs in without asking; null shows a form with a username field to fill. */
  autoLogin: string | null;
  stop(): Promise<void>;
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * A real OpenID provider (panva's oidc-provider) in the test process on 127.0.0.1 and a free port. Its sign-in step
 * is a minimal interaction: it signs in `autoLogin` at once, or shows a form whose username it trusts. Consent is
 * given by itself (Steward is a first-party client). Sign-out asks for confirmation, as real providers do.
 */
export async function startTestProvider(): Promise<TestProvider> {
  const users = new Map<string, ProviderUser>();
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.statusCode = 503;
    res.end('not configured yet');
  };
  const http = createServer((req, res) => handle(req, res));
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
  const issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' };

  const state: TestProvider = {
    issuer,
    autoLogin: null,
    addUser(user) {
      users.set(user.sub, user);
    },
    configure(client) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: client.clientId,
            client_secret: client.clientSecret,
            redirect_uris: client.redirectUris,
            post_logout_redirect_uris: client.postLogoutRedirectUris,
            grant_types: ['authorization_code'],
            response_types: ['code'],
            token_endpoint_auth_method: 'client_secret_post',
          },
        ],
        jwks: { keys: [jwk] },
        cookies: { keys: ['steward-test-provider'] },
        ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'] },
        findAccount: async (_ctx, id) => {
          const user = users.get(id);
          return user ? { accountId: id, claims: async () => ({ ...user }) } : undefined;
        },
        interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
        // A first-party client: every scope it asks for is granted without a consent page.
        loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
          const grant = new ctx.oidc.provider.Grant({
            clientId: ctx.oidc.client!.clientId,
            accountId: ctx.oidc.session!.accountId!,
          });
          grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
          await grant.save();
          return grant;
        },
        features: {
          devInteractions: { enabled: false },
          rpInitiatedLogout: {
            enabled: true,
            logoutSource: async (ctx, form) => {
              ctx.body = page(
                'Sign out of the test provider?',
                `${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>`,
              );
            },
            postLogoutSuccessSource: async (ctx) => {
              ctx.body = page('Signed out', '<p>You are signed out of the test provider.</p>');
            },
          },
        },
      });
      const callback = provider.callback();
      const interaction = async (req: IncomingMessage, res: ServerResponse) => {
        const details = await provider.interactionDetails(req, res);
        let accountId = state.autoLogin;
        if (req.method === 'POST') accountId = (await formBody(req)).get('username');
        if (!accountId || !users.has(accountId)) {
          res.setHeader('content-type', 'text/html; charset=utf-8');
          const form = `<form method="post" action="/interaction/${details.uid}"><label>Username at the provider <input name="username" autofocus></label> <button type="submit">Continue</button></form>`;
          res.end(page('Test provider sign-in', `${accountId ? '<p role="alert">unknown user</p>' : ''}${form}`));
          return;
        }
        await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
      };
      handle = (req, res) => {
        if (!req.url?.startsWith('/interaction/')) return void callback(req, res);
        interaction(req, res).catch((e: Error) => {
          res.statusCode = 500;
          res.end(`interaction failed: ${e.message}`);
        });
      };
    },
    async stop() {
      http.closeAllConnections();
      await new Promise<void>((done) => http.close(() => done()));
    },
  };
  return state;
}

/**
 * Follows redirects at the provider as a browser would (keeping the provider's cookies) from the URL Steward sent the
 * browser to, until the provider sends it back to `stewardBase`; returns that URL (the callback with code and state).
 */
export async function throughProvider(url: string, stewardBase: string): Promise<string> {
  const jar = new Map<string, string>();
  let at = url;
  for (let hop = 0; hop < 12; hop++) {
    if (at.startsWith(stewardBase)) return at;
    const res = await fetch(at, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const set of res.headers.getSetCookie()) {
      const [pair = ''] = set.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`the provider stopped at ${at}: ${res.status} ${(await res.text()).slice(0, 300)}`);
    at = new URL(location, at).href;
  }
  throw new Error(`too many redirects from ${url}`);
}
