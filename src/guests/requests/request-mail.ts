import { enqueueMany, type MailRequest } from '../../notify/outbox.ts';
import type { UnitOfWork } from '../../platform/unit-of-work.ts';
import type { RequestView } from './request-schemas.ts';
import type { Approver } from './request-store.ts';

/**
 * The mail a request writes, through the transactional outbox inside the request's own
 * unit of work (so a mail exists if and only if the step it tells about commits), each
 * with a dedupe key naming the request and step, so a retried call sends nothing twice.
 * Approvers who chose the daily digest get `approval-needed` in it (the template is
 * digestable). A party without a usable address is skipped; the request still moves.
 */
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

export interface MailLinks {
  /** The server's public address, for links in mail; relative links without it. */
  publicUrl?: string;
}

function requestContext(r: RequestView, links: MailLinks) {
  return {
    id: r.id,
    type: r.typeLabel,
    visitor: r.visitorName,
    department: r.hostOrg?.name ?? '—',
    from: r.validFrom,
    to: r.validTo,
    guarantor: r.guarantorName,
    url: `${links.publicUrl?.replace(/\/$/, '') ?? ''}/ui/guests/requests/${r.id}`,
  };
}

const usable = (a: string | null | undefined): a is string => !!a && ADDRESS.test(a.trim());

export async function mailRequestReceived(
  uow: UnitOfWork,
  r: RequestView,
  guarantorAddress: string | null,
  links: MailLinks,
): Promise<void> {
  if (!usable(guarantorAddress)) return;
  await enqueueMany(uow, [
    {
      event: 'request-received',
      to: { address: guarantorAddress, personId: r.guarantorId },
      context: { name: r.guarantorName, request: requestContext(r, links) },
      dedupeKey: `guest-request:${r.id}:received`,
    },
  ]);
}

export async function mailApprovalNeeded(
  uow: UnitOfWork,
  r: RequestView,
  stepIndex: number,
  approvers: Approver[],
  links: MailLinks,
): Promise<void> {
  const mails: MailRequest[] = approvers
    .filter((a) => usable(a.address))
    .map((a) => ({
      event: 'approval-needed',
      to: { address: a.address!, personId: a.personId, userId: a.userId },
      context: { name: a.name, request: requestContext(r, links) },
      dedupeKey: `guest-request:${r.id}:step-${stepIndex}:approval-needed:${a.userId !== null ? `user-${a.userId}` : `person-${a.personId}`}`,
    }));
  await enqueueMany(uow, mails);
}

export async function mailDecision(
  uow: UnitOfWork,
  r: RequestView,
  event: 'approved' | 'rejected',
  guarantorAddress: string | null,
  approver: string,
  comment: string | null,
  links: MailLinks,
): Promise<void> {
  if (!usable(guarantorAddress)) return;
  await enqueueMany(uow, [
    {
      event,
      to: { address: guarantorAddress, personId: r.guarantorId },
      context: { name: r.guarantorName, request: requestContext(r, links), approver, comment: comment ?? '' },
      dedupeKey: `guest-request:${r.id}:${event}`,
    },
  ]);
}

export async function mailCredentials(
  uow: UnitOfWork,
  r: RequestView,
  personId: number,
  address: string | null,
  minted: { username: string | null; email: string | null },
  institution: string,
): Promise<void> {
  if (!usable(address)) return;
  await enqueueMany(uow, [
    {
      event: 'credentials-minted',
      to: { address, personId },
      context: {
        name: r.visitorName,
        institution,
        username: minted.username ?? '—',
        email: minted.email ?? '—',
        from: r.validFrom,
        to: r.validTo,
      },
      dedupeKey: `guest-request:${r.id}:credentials-minted`,
    },
  ]);
}

/** The renewal notice, to the guarantor and the visitor. */
export async function mailRenewal(
  uow: UnitOfWork,
  r: RequestView,
  parties: { personId: number; name: string; address: string | null }[],
): Promise<void> {
  await enqueueMany(
    uow,
    parties
      .filter((p) => usable(p.address))
      .map((p) => ({
        event: 'renewal',
        to: { address: p.address!, personId: p.personId },
        context: { name: p.name, visitor: r.visitorName, to: r.validTo },
        dedupeKey: `guest-request:${r.id}:renewal:person-${p.personId}`,
      })),
  );
}
