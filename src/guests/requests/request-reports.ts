import { sql } from 'kysely';
import { exportCsv } from '../../platform/csv-export.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/policy.ts';
import type { ServiceDeps } from '../../platform/deps.ts';
import { daysBetween, isoDate } from '../../platform/dates.ts';
import { guestReadScopes } from '../guest-policy.ts';
import type { WaitingByApproverReport } from './request-schemas.ts';
import { requestScopeSql } from './request-store.ts';

/**
 * "Requests waiting per approver" (issue 3, story 7): for every waiting request, who may
 * decide its current step — each effective approver of the department (its own, else the
 * nearest ancestor's), the sponsor, or the desk office — counted per approver with the
 * oldest waiting request. One query over the waiting requests, grouped.
 */
export function createRequestReportService(deps: ServiceDeps) {
  const { db, clock } = deps;

  async function waitingByApprover(actor: Actor): Promise<WaitingByApproverReport> {
    authorise(actor, 'guests:read');
    const on = isoDate(clock.now());
    // An organisation administrator sees the requests of the units in their subtrees (guest-policy.ts).
    const inScope = requestScopeSql(guestReadScopes(actor));
    const { rows } = await sql<{
      kind: 'person' | 'office';
      person_id: number | null;
      office: string | null;
      name: string;
      step: string;
      waiting: number;
      oldest: Date;
      ids: (string | number)[];
    }>`
      with waiting as (
        select r.id, r.host_org_id, r.sponsor_id, r.created_at, r.steps ->> r.current_step as step from guest_requests r where r.state = 'waiting' and ${inScope}
      ),
      nearest as (
        select w.id, (select u.id from org_units h join org_units u on h.path like u.path || '%'
                      where h.id = w.host_org_id and exists (select 1 from org_officers o where o.org_id = u.id and o.function = 'approver')
                      order by length(u.path) desc limit 1) as org_id
        from waiting w where w.step = 'department-approvers'
      ),
      pairs as (
        select w.id, w.created_at, w.step, 'person' as kind, f.person_id, null::text as office
          from waiting w join nearest n on n.id = w.id join org_officers f on f.org_id = n.org_id and f.function = 'approver'
        union
        select w.id, w.created_at, w.step, 'person', w.sponsor_id, null from waiting w where w.step = 'sponsor' and w.sponsor_id is not null
        union
        select w.id, w.created_at, w.step, 'office', null, w.step from waiting w where w.step in ('it-desk', 'card-desk')
      )
      select x.kind, x.person_id, x.office, coalesce(trim(coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name), x.office) as name, x.step,
             count(*)::int as waiting, min(x.created_at) as oldest, array_agg(x.id order by x.id) as ids
      from pairs x left join people p on p.id = x.person_id
      group by x.kind, x.person_id, x.office, p.preferred_name, p.given_name, p.family_name, x.step
      order by waiting desc, oldest, name`.execute(db);
    const total = await db
      .selectFrom('guest_requests as r')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('r.state', '=', 'waiting')
      .where(inScope)
      .executeTakeFirstOrThrow();
    return {
      on,
      totalWaiting: total.n,
      approvers: rows.map((r) => {
        const since = isoDate(new Date(r.oldest));
        return {
          kind: r.kind,
          personId: r.person_id,
          office: r.office,
          name: r.name,
          step: r.step,
          waiting: r.waiting,
          oldestSince: since,
          oldestDays: Math.max(0, daysBetween(since, on)),
          requestIds: r.ids.map(Number), // the elements of a bigint[] are not parsed as int8 by every driver
        };
      }),
    };
  }

  return { waitingByApprover };
}

export function waitingByApproverCsv(report: WaitingByApproverReport): string {
  return exportCsv([
    ['approver', 'kind', 'person_id', 'office', 'step', 'waiting', 'oldest_since', 'oldest_days', 'request_ids'],
    ...report.approvers.map((a) => [
      a.name,
      a.kind,
      a.personId ?? '',
      a.office ?? '',
      a.step,
      a.waiting,
      a.oldestSince,
      a.oldestDays,
      a.requestIds.join(' '),
    ]),
  ]);
}
