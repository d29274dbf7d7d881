import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { write } from '../platform/unit-of-work.ts';
import { handoverCandidatesSql, VOUCHER } from './handover-sql.ts';
import { notifyHandovers, type OpenedHandover } from './handover-notices.ts';
import { type GuestSettings, maySponsorSql } from './sponsorship.ts';

/**
 * The handover pass of the guest sweep (handover-rules.ts), before the timed transitions: first it closes the open
 * handovers whose voucher can vouch again or whose guest was given another voucher, then it opens a handover for
 * each guest nobody vouches for any more, a batch per transaction with its audit rows, change-log entries and notices
 * (the outbox dedupes them by handover). Re-run after a crash, it opens only what is still missing.
 */
export const HANDOVER_BATCH = 2_000;

export interface HandoverPassResult {
  opened: number;
  closed: number;
  notices: number;
}

export function createHandoverPass(deps: ServiceDeps) {
  async function close(actor: Actor, today: string, settings: GuestSettings): Promise<number> {
    return write(deps, actor, async (uow) => {
      const { rows } = await sql<{ id: number; guest_id: number; outcome: string }>`
        update guest_handovers h set closed_at = ${uow.now}::timestamptz,
          outcome = case when ${VOUCHER} is distinct from h.voucher_id then 'voucher-changed' else 'voucher-returned' end
        from guests g where g.id = h.guest_id and h.closed_at is null
          and (${VOUCHER} is distinct from h.voucher_id or ${maySponsorSql(sql`h.voucher_id`, today, settings)})
        returning h.id, h.guest_id, h.outcome`.execute(uow.db);
      for (const r of rows)
        uow.record({
          action: 'guest.handover-close',
          op: 'updated',
          targetType: 'guest',
          targetId: r.guest_id,
          after: { handover: r.id, outcome: r.outcome },
        });
      return rows.length;
    });
  }

  async function open(
    actor: Actor,
    today: string,
    settings: GuestSettings,
    afterId: number,
  ): Promise<{ opened: OpenedHandover[]; notices: number }> {
    return write(deps, actor, async (uow) => {
      const { rows } = await sql<OpenedHandover>`
        with cand as (${handoverCandidatesSql(today, settings, { afterId, limit: HANDOVER_BATCH })})
        insert into guest_handovers (guest_id, role, voucher_id, org_id, since, deadline, created_at)
        select guest_id, role, voucher_id, org_id, since::date, deadline::date, ${uow.now}::timestamptz from cand
        on conflict (guest_id) where closed_at is null do nothing
        returning id, guest_id as "guestId", role, voucher_id as "voucherId", org_id as "orgId",
          since::text as since, deadline::text as deadline`.execute(uow.db);
      for (const h of rows)
        uow.record({
          action: 'guest.handover',
          op: 'updated',
          targetType: 'guest',
          targetId: h.guestId,
          after: { handover: h.id, role: h.role, voucherId: h.voucherId, orgId: h.orgId, deadline: h.deadline },
          reason: `the ${h.role} can no longer vouch`,
        });
      const notices = await notifyHandovers(uow, rows);
      return { opened: rows, notices };
    });
  }

  /** Closes and opens handovers for `today`; returns the counts. */
  async function runHandovers(actor: Actor, today: string, settings: GuestSettings): Promise<HandoverPassResult> {
    const result: HandoverPassResult = { opened: 0, closed: await close(actor, today, settings), notices: 0 };
    let afterId = 0;
    for (;;) {
      const batch = await open(actor, today, settings, afterId);
      result.opened += batch.opened.length;
      result.notices += batch.notices;
      if (batch.opened.length < HANDOVER_BATCH) return result;
      afterId = Math.max(...batch.opened.map((h) => h.guestId));
    }
  }

  return { runHandovers };
}
