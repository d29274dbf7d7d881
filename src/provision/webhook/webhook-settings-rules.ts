import type { FieldProblem } from '../../platform/errors.ts';
import { compileEventFilter, eventFilterProblems, type EventFilter } from './webhook-filter-rules.ts';

/**
 * A webhook target's settings (`provision_targets.settings` and `secrets` of a target of kind
 * 'webhook'), checked and read (pure). The target service checks them on create and update;
 * the queue and the worker read them.
 */
export interface WebhookSettings {
  url: string;
  events: string[];
  timeoutSeconds?: number;
  /** The CloudEvents `source`, e.g. `urn:steward:northbridge`; default `/steward`. */
  source?: string;
}

export interface WebhookTarget {
  url: string;
  filter: EventFilter;
  timeoutSeconds?: number;
  source?: string;
  secret: string;
}

const secretPattern = /^whsec_([A-Za-z0-9+/]+={0,2})$/;

/** A Standard Webhooks secret: `whsec_` and the base64 of at least 16 bytes. */
export function isWebhookSecret(secret: unknown): secret is string {
  const base64 = typeof secret === 'string' ? secretPattern.exec(secret)?.[1] : undefined;
  return base64 !== undefined && Math.floor((base64.replace(/=+$/, '').length * 3) / 4) >= 16;
}

function urlProblems(url: unknown): FieldProblem[] {
  let parsed: URL | undefined;
  try {
    parsed = typeof url === 'string' ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    return [{ field: '/settings/url', rule: 'format:url', message: 'the receiver must be an http(s) URL' }];
  }
  return [];
}

export function webhookSettingsProblems(
  settings: Record<string, unknown>,
  secrets: Record<string, unknown>,
  knownTypes: readonly string[],
  options: { secretRequired?: boolean } = {},
): FieldProblem[] {
  const problems = [...urlProblems(settings.url), ...eventFilterProblems(settings.events, knownTypes)];
  const timeout = settings.timeoutSeconds;
  if (
    timeout !== undefined &&
    (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > 60)
  ) {
    problems.push({ field: '/settings/timeoutSeconds', rule: 'range', message: 'a whole number of seconds, 1 to 60' });
  }
  if (settings.source !== undefined && (typeof settings.source !== 'string' || settings.source === '')) {
    problems.push({
      field: '/settings/source',
      rule: 'type',
      message: 'the event source is a non-empty URI reference',
    });
  }
  // A target being defined may leave the secret out (Steward makes one); a stored one must have it.
  const given = secrets.secret !== undefined || (options.secretRequired ?? true);
  if (given && !isWebhookSecret(secrets.secret)) {
    problems.push({ field: '/secrets/secret', rule: 'format:whsec', message: 'a secret of the form whsec_<base64>' });
  }
  return problems;
}

/** Reads a stored target; a target whose settings do not pass is refused with the first problem. */
export function webhookTarget(settings: Record<string, unknown>, secrets: Record<string, unknown>): WebhookTarget {
  const problems = webhookSettingsProblems(settings, secrets, Object.keys(typesOf(settings.events)));
  if (problems.length)
    throw new Error(`the webhook target is not usable: ${problems[0].field}: ${problems[0].message}`);
  const s = settings as unknown as WebhookSettings;
  return {
    url: s.url,
    filter: compileEventFilter(s.events),
    timeoutSeconds: s.timeoutSeconds,
    source: s.source,
    secret: secrets.secret as string,
  };
}

/** The types an events list names, so that reading a stored list does not depend on today's known types. */
function typesOf(events: unknown): Record<string, true> {
  const types: Record<string, true> = {};
  if (Array.isArray(events)) for (const e of events) if (typeof e === 'string') types[e.split('.')[0]] = true;
  return types;
}
