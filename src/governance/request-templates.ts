import type { DefaultTemplate } from '../notify/events.ts';

/**
 * The mail of membership governance, as default templates (data once read: editable at /mail/templates): a request
 * waits for an approver, a request was approved or denied, a member was added.
 */
const request = {
  id: 7,
  group: 'uni:apps:payroll:approve',
  member: 'Ann Lee',
  requester: 'Bo Hart',
  reason: 'covers payroll approvals in March',
  ticket: 'HR-1234',
  endsOn: '2026-12-31',
  url: 'https://steward.example.org/ui/governance/requests/7',
};

export const membershipTemplates: DefaultTemplate[] = [
  {
    event: 'membership-approval-needed',
    description: 'To an approver: a membership request waits for their decision',
    subject: 'Approval needed: {{request.member}} in {{request.group}}',
    text: 'Hello {{name}},\n\n{{request.requester}} asks that {{request.member}} become a member of {{request.group}}{{#request.endsOn}} until {{request.endsOn}}{{/request.endsOn}}.\nReason: {{request.reason}}{{#request.ticket}} (ticket {{request.ticket}}){{/request.ticket}}\nPlease approve or deny it:\n\n{{request.url}}\n',
    html: null,
    digestable: true,
    sample: { name: 'Cid Approver', request },
  },
  {
    event: 'membership-approved',
    description: 'To the requester (and others the policy names): a membership request was approved',
    subject: 'Approved: {{request.member}} in {{request.group}}',
    text: 'Hello {{name}},\n\nthe request that {{request.member}} become a member of {{request.group}} was approved by {{decider}}.{{#comment}}\nComment: {{comment}}{{/comment}}\n\n{{request.url}}\n',
    html: null,
    digestable: false,
    sample: { name: 'Bo Hart', request, decider: 'Cid Approver', comment: 'Fine for March.' },
  },
  {
    event: 'membership-denied',
    description: 'To the requester (and others the policy names): a membership request was denied',
    subject: 'Denied: {{request.member}} in {{request.group}}',
    text: 'Hello {{name}},\n\nthe request that {{request.member}} become a member of {{request.group}} was denied by {{decider}}.{{#comment}}\nReason: {{comment}}{{/comment}}\n\n{{request.url}}\n',
    html: null,
    digestable: false,
    sample: { name: 'Bo Hart', request, decider: 'Cid Approver', comment: 'Not in this department.' },
  },
  {
    event: 'membership-added',
    description:
      'To the new member, their manager, the owner and the delegates: a member was added to a governed group',
    subject: '{{member}} is now a member of {{group}}',
    text: 'Hello {{name}},\n\n{{member}} was added to {{group}} by {{addedBy}}{{#endsOn}} until {{endsOn}}{{/endsOn}}.{{#reason}}\nReason: {{reason}}{{/reason}}\n',
    html: null,
    digestable: false,
    sample: {
      name: 'Ann Lee',
      member: 'Ann Lee',
      group: 'uni:apps:payroll:approve',
      addedBy: 'Cid Approver',
      endsOn: '2026-12-31',
      reason: 'covers payroll approvals in March',
    },
  },
];
