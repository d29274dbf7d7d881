import type {
  MailPreference,
  MailTemplate,
  MailTemplateBody,
  OutboxMail,
  OutboxState,
} from '../../../src/notify/mail-schemas.ts';
import { api } from './client.ts';

/** Mail as the API returns it: the server's own route schemas (src/notify/mail-schemas.ts), imported as types only. */
export type { MailPreference, MailTemplate, OutboxMail, OutboxState };
export const OUTBOX_STATES = [
  'queued',
  'held',
  'sending',
  'sent',
  'failed',
  'dead',
  'check',
  'digested',
] as const satisfies readonly OutboxState[];

/** Every call the web UI makes about mail. */
export const mailApi = {
  templates: (signal?: AbortSignal) => api.get<MailTemplate[]>('/mail/templates', undefined, signal),
  updateTemplate: (t: MailTemplate, body: Required<MailTemplateBody>) =>
    api.put<MailTemplate>(`/mail/templates/${encodeURIComponent(t.event)}`, body, `"${t.version}"`),
  outbox: (state: OutboxState | '', signal?: AbortSignal) =>
    api.get<OutboxMail[]>('/mail/outbox', { state: state || undefined, limit: 200 }, signal),
  retry: (id: number) => api.post<OutboxMail>(`/mail/outbox/${id}/retry`, {}),
  preference: (signal?: AbortSignal) => api.get<MailPreference>('/mail/preferences', undefined, signal),
  /** Sends the version read (If-Match), so a choice made meanwhile in another tab is not overwritten. */
  setPreference: (dailyDigest: boolean, version: number) =>
    api.put<MailPreference>('/mail/preferences', { dailyDigest }, `"${version}"`),
};
