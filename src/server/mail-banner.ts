import type { Config } from '../platform/config.ts';

/**
 * The start banner's line about outgoing mail: where it goes, or, said once at start rather than at every delivery
 * run, that it stays queued and how to configure a server. The URL's user and password are never shown.
 */
export function mailBannerLine(config: Pick<Config, 'smtpUrl' | 'mailFrom'>): string {
  if (!config.smtpUrl)
    return (
      '  outgoing mail:     not sent, no SMTP server is configured; it stays queued until STEWARD_SMTP_URL is set ' +
      '(e.g. smtp://mail.example.org:25) with STEWARD_MAIL_FROM, and Steward restarted'
    );
  const url = new URL(config.smtpUrl);
  return `  outgoing mail:     ${url.protocol}//${url.host} as ${config.mailFrom}`;
}
