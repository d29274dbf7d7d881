import { enqueueMany, type MailRequest } from '../notify/outbox.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import { type PartyRef, rolesText } from './grace-rules.ts';
import type { Notice } from './grace-store.ts';
import { longDate } from './grace-texts.ts';

/**
 * The notices of grace, through the transactional outbox in the pass's own unit of work (a
 * notice exists if and only if the change it tells about commits), one per person with every
 * role they hold, deduplicated by membership, event, moment and person so a pass run again
 * sends nothing twice. A party without a usable address is listed with no mail.
 */
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

export interface MailLinks {
  /** The server's public address, for links in mail; relative links without it. */
  publicUrl?: string;
}

export interface NoticeInput {
  event: string;
  membershipId: number;
  groupId: number;
  group: string;
  member: string;
  endsOn: Date;
  reason: string;
  /** What makes the dedupe key unique besides the membership and event (the moment the change was seen). */
  key: string;
  parties: (PartyRef & { roles: Notice['roles'] })[];
  links: MailLinks;
}

/** The mails of one notice, and how to read back which were queued (a dedupe key queued before is not). */
export function noticeMails(n: NoticeInput): {
  mails: MailRequest[];
  notices: (queued: Map<string, number>) => Notice[];
} {
  const url = `${n.links.publicUrl?.replace(/\/$/, '') ?? ''}/ui/groups/${n.groupId}`;
  const usable = n.parties.filter((p) => p.address !== null && ADDRESS.test(p.address.trim()));
  const keyOf = (p: PartyRef) => `governance:membership-${n.membershipId}:${n.event}:${n.key}:person-${p.personId}`;
  const mails: MailRequest[] = usable.map((p) => ({
    event: n.event,
    to: { address: p.address!.trim(), personId: p.personId },
    context: {
      name: p.name,
      member: n.member,
      group: n.group,
      endsOn: longDate(n.endsOn),
      reason: n.reason,
      role: rolesText(p.roles),
      url,
    },
    dedupeKey: keyOf(p),
  }));
  return { mails, notices: (queued) => n.parties.map((p) => ({ ...p, mailId: queued.get(keyOf(p)) ?? null })) };
}

/** Queues one notice's mails; a batch of notices is queued at once with `noticeMails` and one `enqueueMany`. */
export async function queueNotices(uow: UnitOfWork, n: NoticeInput): Promise<Notice[]> {
  const { mails, notices } = noticeMails(n);
  return notices(new Map((await enqueueMany(uow, mails)).map((q) => [q.dedupeKey, q.id])));
}
