import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Type, { type Static } from 'typebox';
import { StewardError } from './errors.ts';
import { problemsOf } from './validate.ts';

/**
 * Configuration comes from an optional JSON file (STEWARD_CONFIG, or ./steward.config.json)
 * overlaid by environment variables, and is validated once at start: a bad value stops
 * Steward with a message naming the setting, where it came from and the rule it broke.
 */
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
};

function fromEnv(name: keyof Config, raw: string): unknown {
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
  const problems = problemsOf(ConfigSchema, merged).map((p) => {
    const key = p.field.split('/')[1] ?? p.field;
    const shown = origin[key] ?? (envNames as Record<string, string>)[key] ?? key;
    return {
      ...p,
      field: shown,
      message: `${p.message}${key in merged ? ` (got ${JSON.stringify(merged[key])})` : ''}`,
    };
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
