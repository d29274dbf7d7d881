import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Type, { type Static } from 'typebox';
import { oidcProviderProblems } from './auth/sso-rules.ts';
import { StewardError } from './errors.ts';
import { problemsOf } from './validate.ts';

/**
 * Configuration comes from an optional JSON file (STEWARD_CONFIG, or ./steward.config.json)
 * overlaid by environment variables, and is validated once at start: a bad value stops
 * Steward with a message naming the setting, where it came from and the rule it broke.
 */
/** One external OpenID Connect provider Steward's users may sign in with (single sign-on, issue 13). */
export const OidcProviderSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,31}$', description: 'short name used in the URLs' }),
    label: Type.String({ minLength: 1, maxLength: 60, description: 'shown on the button: Sign in with <label>' }),
    issuer: Type.String({
      pattern: '^https?://',
      description: 'the issuer URL; its discovery document is read at first use',
    }),
    clientId: Type.String({ minLength: 1 }),
    clientSecret: Type.Optional(Type.String({ minLength: 1 })),
    scopes: Type.Array(Type.String({ pattern: '^[\\x21\\x23-\\x5B\\x5D-\\x7E]+$' }), {
      minItems: 1,
      default: ['openid', 'email', 'profile'],
    }),
    claim: Type.String({ minLength: 1, description: 'the claim naming the user, e.g. preferred_username or email' }),
    match: Type.String({
      pattern: '^(username|email|identifier:[a-z0-9][a-z0-9_-]*)$',
      description: "what the claim is compared with: an account's username, a person's email, or an identifier",
    }),
    createAccounts: Type.Boolean({ default: false, description: 'create an account for a matched person without one' }),
    roles: Type.Array(
      Type.Object(
        {
          role: Type.Union([
            Type.Literal('sysadmin'),
            Type.Literal('orgadmin'),
            Type.Literal('auditor'),
            Type.Literal('office'),
          ]),
          orgId: Type.Optional(Type.Integer({ minimum: 1 })),
          office: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
        },
        { additionalProperties: false },
      ),
      { default: [], description: 'roles of the accounts it creates' },
    ),
  },
  { additionalProperties: false },
);

export type OidcProviderConfig = Static<typeof OidcProviderSchema>;

/** One trusted proxy address as proxy-addr reads it: an IP, a CIDR, or a named range. */
const proxyAddress = '(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(/[0-9]{1,3})?)';

export const ConfigSchema = Type.Object(
  {
    host: Type.String({ minLength: 1, default: '127.0.0.1' }),
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
    dataDir: Type.String({ minLength: 1, default: './data' }),
    databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
    logLevel: Type.Union(
      [
        Type.Literal('fatal'),
        Type.Literal('error'),
        Type.Literal('warn'),
        Type.Literal('info'),
        Type.Literal('debug'),
        Type.Literal('trace'),
        Type.Literal('silent'),
      ],
      { default: 'info' },
    ),
    logFormat: Type.Union([Type.Literal('auto'), Type.Literal('json'), Type.Literal('pretty')], {
      default: 'auto',
      description: 'log lines as JSON or as readable text; auto: readable when standard output is a terminal',
    }),
    demo: Type.Boolean({ default: false }),
    adminPassword: Type.Optional(Type.String({ minLength: 12 })),
    sessionTtlHours: Type.Number({ exclusiveMinimum: 0, maximum: 720, default: 12 }),
    authCacheMs: Type.Integer({
      minimum: 0,
      maximum: 60_000,
      default: 1000,
      description:
        "how long an API token's account and roles are remembered; another process sees a revocation within this time",
    }),
    publicUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
    trustProxy: Type.Optional(
      Type.Union(
        [
          Type.Boolean(),
          Type.Integer({ minimum: 1, maximum: 100 }),
          Type.String({ pattern: `^\\s*${proxyAddress}(\\s*,\\s*${proxyAddress})*\\s*$` }),
        ],
        {
          description:
            'trust X-Forwarded-For/-Proto/-Host from a TLS-terminating proxy: true (any), a hop count, or addresses (comma-separated IPs, CIDRs, loopback, linklocal, uniquelocal)',
        },
      ),
    ),
    metricsToken: Type.Optional(
      Type.String({
        minLength: 16,
        description:
          'bearer token a Prometheus scraper sends for GET /metrics; unset, only a signed-in system administrator or auditor reads it',
      }),
    ),
    webDir: Type.String({ default: 'dist/web' }),
    scheduler: Type.Boolean({
      default: true,
      description: 'run scheduled jobs (status recompute, feeds) from this process',
    }),
    smtpUrl: Type.Optional(
      Type.String({
        pattern: '^smtps?://',
        description: 'SMTP server for outgoing mail, e.g. smtp://127.0.0.1:2525; unset keeps mail queued',
      }),
    ),
    mailFrom: Type.String({
      minLength: 3,
      default: 'Steward <steward@localhost>',
      description: 'sender of outgoing mail',
    }),
    oidcProviders: Type.Array(OidcProviderSchema, {
      default: [],
      description: 'OpenID Connect providers for single sign-on (JSON in the environment)',
    }),
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;

const envNames: Record<keyof Config, string> = {
  host: 'STEWARD_HOST',
  port: 'STEWARD_PORT',
  dataDir: 'STEWARD_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  logLevel: 'STEWARD_LOG_LEVEL',
  logFormat: 'STEWARD_LOG_FORMAT',
  demo: 'STEWARD_DEMO',
  adminPassword: 'STEWARD_ADMIN_PASSWORD',
  sessionTtlHours: 'STEWARD_SESSION_TTL_HOURS',
  authCacheMs: 'STEWARD_AUTH_CACHE_MS',
  publicUrl: 'STEWARD_PUBLIC_URL',
  trustProxy: 'STEWARD_TRUST_PROXY',
  metricsToken: 'STEWARD_METRICS_TOKEN',
  webDir: 'STEWARD_WEB_DIR',
  scheduler: 'STEWARD_SCHEDULER',
  smtpUrl: 'STEWARD_SMTP_URL',
  mailFrom: 'STEWARD_MAIL_FROM',
  oidcProviders: 'STEWARD_OIDC_PROVIDERS',
};

function fromEnv(name: keyof Config, raw: string): unknown {
  if (name === 'oidcProviders') {
    try {
      return JSON.parse(raw);
    } catch (e) {
      throw new StewardError(
        'validation',
        `invalid configuration: STEWARD_OIDC_PROVIDERS is not JSON: ${(e as Error).message}`,
        {
          problems: [{ field: 'STEWARD_OIDC_PROVIDERS', rule: 'json', message: (e as Error).message }],
        },
      );
    }
  }
  if (name === 'trustProxy')
    return raw === 'true' ? true : raw === 'false' ? false : /^[0-9]+$/.test(raw.trim()) ? Number(raw) : raw;
  const schema = ConfigSchema.properties[name] as { type?: string };
  if (schema.type === 'integer' || schema.type === 'number')
    return raw.trim() === '' || Number.isNaN(Number(raw)) ? raw : Number(raw);
  if (schema.type === 'boolean')
    return raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
  return raw;
}

/** Loads and validates configuration; throws a StewardError listing every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const file = env.STEWARD_CONFIG ?? (existsSync('steward.config.json') ? 'steward.config.json' : undefined);
  let fromFile: Record<string, unknown> = {};
  if (file) {
    try {
      fromFile = JSON.parse(readFileSync(resolve(file), 'utf8'));
    } catch (e) {
      throw new StewardError('validation', `config file ${file}: ${(e as Error).message}`, {
        problems: [{ field: file, rule: 'json', message: (e as Error).message }],
      });
    }
  }
  const merged: Record<string, unknown> = { ...fromFile };
  const origin: Record<string, string> = Object.fromEntries(Object.keys(fromFile).map((k) => [k, `${file}: ${k}`]));
  for (const [key, envName] of Object.entries(envNames) as [keyof Config, string][]) {
    const raw = env[envName];
    if (raw !== undefined && raw !== '') {
      merged[key] = fromEnv(key, raw);
      origin[key] = envName;
    }
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) {
      merged[key] = value;
      origin[key] = `--${key}`;
    }
  }
  const schemaProblems = problemsOf(ConfigSchema, merged);
  // Cross-field rules of the SSO providers, once their shape is right (the schema fills their defaults).
  const ssoProblems =
    schemaProblems.length === 0 && Array.isArray(merged.oidcProviders)
      ? oidcProviderProblems(merged.oidcProviders as OidcProviderConfig[]).map((p) => ({
          ...p,
          field: `/oidcProviders${p.field}`,
        }))
      : [];
  const problems = [...schemaProblems, ...ssoProblems].map((p) => {
    const [, key = p.field, ...rest] = p.field.split('/');
    const shown =
      (origin[key] ?? (envNames as Record<string, string>)[key] ?? key) + (rest.length ? ` /${rest.join('/')}` : '');
    return { ...p, field: shown, message: `${p.message}${gotText(merged, key, rest)}` };
  });
  if (problems.length) {
    throw new StewardError(
      'validation',
      `invalid configuration: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`,
      { problems },
    );
  }
  return merged as Config;
}

/** What a bad setting was, for its message; nested values of the SSO providers, and never a secret. */
function gotText(merged: Record<string, unknown>, key: string, rest: string[]): string {
  if (!(key in merged)) return '';
  if (key !== 'oidcProviders') return ` (got ${JSON.stringify(merged[key])})`;
  if (rest.length === 0 || rest.some((part) => /secret/i.test(part))) return '';
  let value: unknown = merged[key];
  for (const part of rest) value = (value as Record<string, unknown> | undefined)?.[part];
  return value === undefined || typeof value === 'object' ? '' : ` (got ${JSON.stringify(value)})`;
}
