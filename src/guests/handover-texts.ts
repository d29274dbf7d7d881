import type { DefaultTemplate } from '../notify/events.ts';

/**
 * The mail of a handover (handover-notices.ts): default templates, editable as data through /mail/templates like every
 * other.
 */
const sample = {
  visitor: 'Ada Quist',
  voucher: 'Bea Holm',
  role: 'guarantor',
  unit: 'Physics',
  deadline: '2027-06-14',
};

export const handoverTemplates: readonly DefaultTemplate[] = [
  {
    event: 'guest-handover',
    description: "To the guest managers of a unit: a guest's guarantor or sponsor can no longer vouch",
    subject: 'Guest {{visitor}} needs a new {{role}} by {{deadline}}',
    text: 'Hello {{name}},\n\n{{voucher}}, the {{role}} of {{visitor}}, can no longer vouch for them. The guest now answers to the guest managers of {{unit}}.\nAny of you may take over as the new {{role}} until {{deadline}}; after that the guest’s access ends as their lifecycle says.\n',
    html: null,
    digestable: true,
    sample: { ...sample, name: 'Cid Manager' },
  },
  {
    event: 'guest-handed-over',
    description: 'To the guest: their guarantor or sponsor can no longer vouch, the guest managers of a unit answer',
    subject: 'Your {{role}} can no longer vouch for you',
    text: 'Hello {{name}},\n\n{{voucher}}, your {{role}}, can no longer vouch for you. The guest managers of {{unit}} may take over until {{deadline}}; if nobody does, your access ends as your guest type says.\n',
    html: null,
    digestable: false,
    sample: { ...sample, name: 'Ada Quist' },
  },
];
