import type { CloudEvent } from './cloud-event.ts';
import { signatureHeaders } from './webhook-signing.ts';

/**
 * One POST of one event to a webhook receiver. A 2xx answer is a delivery; anything else is a
 * failure described so that a person reading the delivery list understands it. That includes
 * 410 Gone (treated like any other refusal: retried, then dead-lettered; pausing a target is
 * an administrator's decision) and redirects, which are not followed (the event is not
 * re-sent elsewhere; the answer is reported as `HTTP 301 from …`).
 */
export interface Endpoint {
  url: string;
  secret: string;
  /** How long to wait for the whole answer; default 10. */
  timeoutSeconds?: number;
}

export type SendResult = { ok: true; status: number } | { ok: false; error: string };

export const defaultTimeoutSeconds = 10;
const bodyExcerpt = 200;

const networkCodes: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the receiver',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_SOCKET: 'the receiver closed the connection',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

function causeOf(error: unknown): { code?: string; message?: string } {
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause !== null && typeof cause === 'object' ? (cause as { code?: string; message?: string }) : {};
}

/** A fetch failure in words: `no answer within 10 s (url)`, `connection refused (url)`, …. */
export function failureMessage(error: unknown, url: string, timeoutSeconds: number): string {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutSeconds} s (${url})`;
  const cause = causeOf(error);
  const known = cause.code ? networkCodes[cause.code] : undefined;
  if (known) return `${known} (${url})`;
  if (cause.code?.startsWith('ERR_TLS') || cause.code?.includes('CERT')) {
    return `TLS failed (${url}): ${cause.message ?? cause.code}`;
  }
  const detail = cause.message ?? (error instanceof Error ? error.message : String(error));
  return `could not reach ${url}: ${detail}`;
}

async function excerpt(response: Response): Promise<string> {
  const text = (await response.text()).replace(/\s+/g, ' ').trim();
  return text.length > bodyExcerpt ? `${text.slice(0, bodyExcerpt)}…` : text;
}

/** Signs and POSTs `event`; `at` is the signing time (from the injected clock). */
export async function sendEvent(endpoint: Endpoint, event: CloudEvent, at: Date): Promise<SendResult> {
  const timeoutSeconds = endpoint.timeoutSeconds ?? defaultTimeoutSeconds;
  const body = JSON.stringify(event);
  try {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutSeconds * 1000),
      headers: {
        'content-type': 'application/cloudevents+json; charset=utf-8',
        ...signatureHeaders(endpoint.secret, event.id, at, body),
      },
    });
    if (response.status >= 200 && response.status < 300) {
      await response.body?.cancel();
      return { ok: true, status: response.status };
    }
    const text = await excerpt(response);
    return { ok: false, error: `HTTP ${response.status} from ${endpoint.url}${text ? `: ${text}` : ''}` };
  } catch (error) {
    return { ok: false, error: failureMessage(error, endpoint.url, timeoutSeconds) };
  }
}
