import type { Transporter } from 'nodemailer';
import type { SendFailure } from './delivery-rules.ts';

/**
 * Sending one mail over SMTP with nodemailer. The timeouts bound how long one exchange
 * can last, which the claim lease (delivery-rules.ts) must exceed.
 */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  messageId: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export type MailerFactory = (smtpUrl: string) => Mailer;

export const smtpMailer: MailerFactory = (smtpUrl) => {
  // nodemailer (about 60 ms of CPU to load) is loaded when the first mail is sent, not at every start.
  let transport: Promise<Transporter> | undefined;
  const transportOf = () =>
    (transport ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport({
        url: smtpUrl,
        connectionTimeout: 30_000,
        greetingTimeout: 30_000,
        socketTimeout: 60_000,
      }),
    ));
  return {
    async send(mail) {
      await (
        await transportOf()
      ).sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html === null ? {} : { html: mail.html }),
        messageId: mail.messageId,
      });
    },
    close: () => void transport?.then((t) => t.close()).catch(() => {}),
  };
};

/** What went wrong, with the server's reply code when it gave one. */
export function failureOf(error: unknown): SendFailure {
  const e = error as Error & { responseCode?: number; response?: string };
  return {
    message: (e.response ?? e.message ?? String(error)).slice(0, 1000),
    ...(typeof e.responseCode === 'number' ? { responseCode: e.responseCode } : {}),
  };
}
