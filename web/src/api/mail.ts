import { api } from './client.ts';

/** A mail template as GET /mail/templates returns it. */
export interface MailTemplate {
  event: string;
  description: string;
  digestable: boolean;
  subject: string;
  text: string;
  html: string | null;
  variables: string[];
  preview: { subject: string; text: string; html: string | null };
  version: number;
  updatedAt: string;
}

export type OutboxState = 'queued' | 'held' | 'sending' | 'sent' | 'failed' | 'dead' | 'check' | 'digested';
export const OUTBOX_STATES: OutboxState[] = [
  'queued',
  'held',
  'sending',
  'sent',
  'failed',
  'dead',
  'check',
  'digested',
];

/** One mail of the outbox as it was rendered when queued. */
export interface OutboxMail {
  id: number;
  event: string;
  to: string;
  subject: string;
  text: string;
  state: OutboxState;
  digest: boolean;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  sentAt: string | null;
  messageId: string | null;
  createdAt: string;
}

export interface MailPreference {
  userId: number;
  address: string | null;
  dailyDigest: boolean;
  version: number;
}

/** Every call the web UI makes about mail. */
export const mailApi = {
  templates: (signal?: AbortSignal) => api.get<MailTemplate[]>('/mail/templates', undefined, signal),
  updateTemplate: (t: MailTemplate, body: { subject: string; text: string; html: string | null }) =>
    api.put<MailTemplate>(`/mail/templates/${encodeURIComponent(t.event)}`, body, `"${t.version}"`),
  outbox: (state: OutboxState | '', signal?: AbortSignal) =>
    api.get<OutboxMail[]>('/mail/outbox', { state: state || undefined, limit: 200 }, signal),
  retry: (id: number) => api.post<OutboxMail>(`/mail/outbox/${id}/retry`, {}),
  preference: (signal?: AbortSignal) => api.get<MailPreference>('/mail/preferences', undefined, signal),
  setPreference: (dailyDigest: boolean) => api.put<MailPreference>('/mail/preferences', { dailyDigest }, '"0"'),
};
