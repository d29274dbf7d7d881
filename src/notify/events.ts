import { membershipTemplates } from '../governance/request-templates.ts';
import { graceTemplates } from '../governance/grace-texts.ts';
import { reviewTemplates } from '../governance/review-texts.ts';
import { handoverTemplates } from '../guests/handover-texts.ts';

/**
 * The events Steward writes mail about, each with its default template (mustache) and a
 * sample context that shows the variables it uses. Defaults are inserted as rows when
 * missing and are then data: an administrator edits them through /mail/templates.
 * Variables are written `{{name}}`; `{{#list}}…{{/list}}` repeats over a list.
 */
export interface DefaultTemplate {
  event: string;
  description: string;
  subject: string;
  text: string;
  html: string | null;
  /** Mail of this event may wait for its recipient's daily digest when they chose one. */
  digestable: boolean;
  sample: Record<string, unknown>;
}

const request = {
  id: 42,
  type: 'Visitor',
  visitor: 'Ada Quist',
  department: 'Library',
  from: '2026-10-01',
  to: '2026-12-31',
  guarantor: 'Bea Holm',
  url: 'https://steward.example.org/ui/requests/42',
};

export const DIGEST_EVENT = 'daily-digest';

export const defaultTemplates: readonly DefaultTemplate[] = [
  {
    event: 'request-received',
    description: 'To the guarantor: their request was received',
    subject: 'Request {{request.id}} received: {{request.visitor}}',
    text: 'Hello {{name}},\n\nyour request for {{request.type}} {{request.visitor}} at {{request.department}} from {{request.from}} to {{request.to}} was received and waits for approval.\n\n{{request.url}}\n',
    html: null,
    digestable: false,
    sample: { name: 'Bea Holm', request },
  },
  {
    event: 'approval-needed',
    description: 'To an approver: a request waits for their decision',
    subject: 'Approval needed: {{request.type}} {{request.visitor}} ({{request.department}})',
    text: 'Hello {{name}},\n\n{{request.guarantor}} asks for {{request.type}} {{request.visitor}} at {{request.department}} from {{request.from}} to {{request.to}}.\nPlease approve or reject it:\n\n{{request.url}}\n',
    html: null,
    digestable: true,
    sample: { name: 'Cid Approver', request },
  },
  {
    event: 'approved',
    description: 'To the guarantor: the request was approved',
    subject: 'Approved: {{request.visitor}}',
    text: 'Hello {{name}},\n\nthe request for {{request.visitor}} ({{request.from}} to {{request.to}}) was approved by {{approver}}.{{#comment}}\nComment: {{comment}}{{/comment}}\n',
    html: null,
    digestable: false,
    sample: { name: 'Bea Holm', request, approver: 'Cid Approver', comment: 'Welcome.' },
  },
  {
    event: 'rejected',
    description: 'To the guarantor: the request was rejected',
    subject: 'Rejected: {{request.visitor}}',
    text: 'Hello {{name}},\n\nthe request for {{request.visitor}} was rejected by {{approver}}.{{#comment}}\nReason: {{comment}}{{/comment}}\n',
    html: null,
    digestable: false,
    sample: { name: 'Bea Holm', request, approver: 'Cid Approver', comment: 'Dates too long.' },
  },
  {
    event: 'credentials-minted',
    description: 'To the visitor: their username and email address',
    subject: 'Your account at {{institution}}',
    text: 'Hello {{name}},\n\nyour username is {{username}} and your email address is {{email}}.\nYour access is valid from {{from}} to {{to}}.\n',
    html: null,
    digestable: false,
    sample: {
      name: 'Ada Quist',
      institution: 'Northbridge University',
      username: 'aquist',
      email: 'ada.quist@northbridge.example',
      from: '2026-10-01',
      to: '2026-12-31',
    },
  },
  {
    event: 'expiring-reminder',
    description: 'To the visitor and the guarantor: access ends soon',
    subject: 'Access of {{visitor}} ends on {{to}}',
    text: 'Hello {{name}},\n\nthe access of {{visitor}} ends on {{to}} ({{days}} days from now).{{#renewable}}\nThe guarantor may renew it: {{url}}{{/renewable}}\n',
    html: null,
    digestable: false,
    sample: {
      name: 'Bea Holm',
      visitor: 'Ada Quist',
      to: '2026-12-31',
      days: 14,
      renewable: true,
      url: 'https://steward.example.org/ui/requests/42',
    },
  },
  {
    event: 'disabled',
    description: 'To the visitor and the guarantor: access has ended',
    subject: 'Access of {{visitor}} has ended',
    text: 'Hello {{name}},\n\nthe access of {{visitor}} ended on {{to}} and the account is disabled.\n',
    html: null,
    digestable: false,
    sample: { name: 'Bea Holm', visitor: 'Ada Quist', to: '2026-12-31' },
  },
  {
    event: 'renewal',
    description: 'To the guarantor and the visitor: access was renewed',
    subject: 'Access of {{visitor}} renewed until {{to}}',
    text: 'Hello {{name}},\n\nthe access of {{visitor}} was renewed until {{to}}.\n',
    html: null,
    digestable: false,
    sample: { name: 'Ada Quist', visitor: 'Ada Quist', to: '2027-06-30' },
  },
  {
    event: 'temp-pool-low',
    description: 'To the system administrators: the global pool of temporary accounts runs low',
    subject: 'Temporary accounts: {{free}} left in the global pool',
    text: 'Hello {{name}},\n\nafter {{department}} drew a temporary account from the global pool on {{date}}, {{free}} free accounts remain there (the low-water mark is {{lowWater}}).\nPlease add accounts to the global pool.\n',
    html: null,
    digestable: false,
    sample: { name: 'Root Admin', free: 2, lowWater: 3, department: 'Physics', date: '2026-10-01' },
  },
  // Membership governance (src/governance): requests waiting, decided, members added.
  ...membershipTemplates,
  ...reviewTemplates,
  {
    event: DIGEST_EVENT,
    description: 'The daily digest: every held mail of one recipient in one message',
    subject: 'Steward: {{count}} notifications for {{date}}',
    text: 'Hello,\n\n{{count}} notifications since the last digest:\n{{#items}}\n— {{subject}}\n\n{{text}}\n{{/items}}',
    html: null,
    digestable: false,
    sample: {
      date: '2026-10-01',
      count: 2,
      items: [
        { subject: 'Approval needed: Visitor Ada Quist (Library)', text: 'Please approve.' },
        { subject: 'Approval needed: Visitor Bo Lind (Library)', text: 'Please approve.' },
      ],
    },
  },
  ...graceTemplates,
  ...handoverTemplates,
];

const byEvent = new Map(defaultTemplates.map((t) => [t.event, t]));

export function defaultTemplate(event: string): DefaultTemplate | undefined {
  return byEvent.get(event);
}

export const EVENTS = defaultTemplates.map((t) => t.event);
