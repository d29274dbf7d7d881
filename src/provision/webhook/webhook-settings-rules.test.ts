import { describe, expect, it } from 'vitest';
import { isWebhookSecret, webhookSettingsProblems, webhookTarget } from './webhook-settings-rules.ts';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const known = ['person', 'group'];

describe('a webhook target’s settings', () => {
  it('accepts an http(s) URL, known change kinds, a timeout and a Standard Webhooks secret', () => {
    const settings = { url: 'https://crm.example.org/hooks/steward', events: ['person.*'], timeoutSeconds: 5 };
    expect(webhookSettingsProblems(settings, { secret }, known)).toEqual([]);
    expect(webhookTarget(settings, { secret })).toMatchObject({ url: settings.url, timeoutSeconds: 5, secret });
  });

  it('names each field that is wrong', () => {
    const problems = webhookSettingsProblems(
      { url: 'ftp://x', events: ['people.*'], timeoutSeconds: 0, source: '' },
      { secret: 'hunter2' },
      known,
    );
    expect(problems.map((p) => [p.field, p.rule])).toEqual([
      ['/settings/url', 'format:url'],
      ['/settings/events/0', 'unknown-type'],
      ['/settings/timeoutSeconds', 'range'],
      ['/settings/source', 'type'],
      ['/secrets/secret', 'format:whsec'],
    ]);
    expect(() => webhookTarget({ url: 'not a url', events: ['*'] }, { secret })).toThrow(/\/settings\/url/);
  });

  it('takes as a secret only whsec_ and the base64 of at least 16 bytes', () => {
    expect(isWebhookSecret(secret)).toBe(true);
    expect(isWebhookSecret('whsec_c2hvcnQ=')).toBe(false);
    expect(isWebhookSecret('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBe(false);
    expect(isWebhookSecret(undefined)).toBe(false);
  });
});
