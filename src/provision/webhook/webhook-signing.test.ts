import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isWebhookSecret } from './webhook-settings-rules.ts';
import { newWebhookSecret, signatureHeaders } from './webhook-signing.ts';

describe('Standard Webhooks signatures', () => {
  it('signs "id.timestamp.body" with HMAC-SHA256 keyed by the decoded secret, timestamp in seconds', () => {
    const secret = newWebhookSecret();
    const at = new Date('2026-09-01T09:00:00.750Z');
    const body = '{"id":"steward-7"}';
    const headers = signatureHeaders(secret, 'steward-7', at, body);
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`steward-7.1788253200.${body}`).digest('base64');
    expect(headers).toEqual({
      'webhook-id': 'steward-7',
      'webhook-timestamp': '1788253200',
      'webhook-signature': `v1,${expected}`,
    });
  });

  it('makes a new valid secret of 24 random bytes each time', () => {
    const a = newWebhookSecret();
    expect(isWebhookSecret(a)).toBe(true);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(24);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
