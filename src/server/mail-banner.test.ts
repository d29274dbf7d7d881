import { describe, expect, it } from 'vitest';
import { mailBannerLine } from './mail-banner.ts';

describe('the start banner on outgoing mail', () => {
  it('says once that mail stays queued without an SMTP server, and how to configure one', () => {
    const line = mailBannerLine({ mailFrom: 'Steward <steward@localhost>' });
    expect(line).toContain('no SMTP server is configured');
    expect(line).toContain('STEWARD_SMTP_URL');
    expect(line).toContain('STEWARD_MAIL_FROM');
  });

  it('names the server and sender, never the password in the URL', () => {
    const line = mailBannerLine({ smtpUrl: 'smtps://mailer:s3cret@mail.uni.example:465', mailFrom: 'it@uni.example' });
    expect(line).toContain('smtps://mail.uni.example:465 as it@uni.example');
    expect(line).not.toContain('s3cret');
  });
});
