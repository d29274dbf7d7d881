import type { Actor } from '../platform/auth/actor.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { write } from '../platform/unit-of-work.ts';
import { DIGEST_EVENT } from './events.ts';
import { enqueue } from './outbox.ts';
import { isoDate } from '../platform/dates.ts';

/**
 * The daily digest: every mail held for one recipient (an address in any letter case) becomes one queued mail (the
 * `daily-digest` template over the held subjects and texts), and the held rows become
 * `digested`, pointing at it, in the same transaction. Running it again finds nothing held.
 */
export interface DigestReport {
  digests: number;
  mails: number;
}

export async function sendDigests(deps: ServiceDeps, actor: Actor): Promise<DigestReport> {
  const recipients = await deps.db
    .selectFrom('outbox')
    .select((eb) => eb.fn<string>('lower', ['recipient']).as('recipient'))
    .distinct()
    .where('state', '=', 'held')
    .orderBy('recipient')
    .execute();
  const report: DigestReport = { digests: 0, mails: 0 };
  for (const { recipient } of recipients) {
    const combined = await write(deps, actor, async (uow) => {
      const held = await uow.db
        .selectFrom('outbox')
        .select(['id', 'recipient', 'subject', 'text_body', 'person_id', 'user_id'])
        .where('state', '=', 'held')
        .where((eb) => eb(eb.fn('lower', ['recipient']), '=', recipient))
        .orderBy('id')
        .forUpdate()
        .skipLocked()
        .execute();
      if (held.length === 0) return 0;
      const date = isoDate(uow.now);
      const digest = await enqueue(uow, {
        event: DIGEST_EVENT,
        to: {
          address: held[0].recipient,
          personId: held.find((m) => m.person_id)?.person_id,
          userId: held.find((m) => m.user_id)?.user_id,
        },
        context: { date, count: held.length, items: held.map((m) => ({ subject: m.subject, text: m.text_body })) },
        dedupeKey: `digest:${recipient}:${held[0].id}-${held.at(-1)!.id}`,
        digestable: false,
      });
      await uow.db
        .updateTable('outbox')
        .set({ state: 'digested', digest_id: digest?.id ?? null, updated_at: uow.now })
        .where(
          'id',
          'in',
          held.map((m) => m.id),
        )
        .execute();
      for (const m of held)
        uow.record({
          action: 'mail.digest',
          op: 'digested',
          targetType: 'mail',
          targetId: m.id,
          after: { digestId: digest?.id ?? null },
        });
      return held.length;
    });
    if (combined) {
      report.digests += 1;
      report.mails += combined;
    }
  }
  return report;
}
