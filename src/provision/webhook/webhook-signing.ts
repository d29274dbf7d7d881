import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * Standard Webhooks signatures: `webhook-signature` is `v1,` and the base64 HMAC-SHA256 of
 * `<webhook-id>.<webhook-timestamp>.<body>`, keyed with the secret's bytes (the base64 after
 * `whsec_`). The standardwebhooks library signs, so receivers using it (or any conforming
 * library) verify with the same secret.
 */
export interface SignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** A fresh secret: `whsec_` and 24 random bytes in base64. Shown once to whoever creates the target. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** The three headers for one message; `at` is the sending time (seconds in the header). */
export function signatureHeaders(secret: string, id: string, at: Date, body: string): SignatureHeaders {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}
