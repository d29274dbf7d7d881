import { sql } from 'kysely';
import { enqueueMany, type MailRequest } from '../notify/outbox.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import { poolIsLow } from './loan-rules.ts';
import { readLoanSettings } from './loan-store.ts';
import { isoDate } from '../platform/dates.ts';

/**
 * The global pool's low-water warning, inside the lend's own unit of work: when fewer free
 * global accounts than the mark remain, every system administrator with an address (their
 * account's, else their person's first) and every configured alert address gets the
 * `temp-pool-low` mail — once a day each, by the outbox's dedupe key.
 */
export async function warnIfGlobalPoolLow(
  uow: UnitOfWork,
  department: string,
): Promise<{ low: boolean; free: number; queued: number }> {
  const { settings } = await readLoanSettings(uow.db);
  const { n: free } = await uow.db
    .selectFrom('temp_accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', 'is', null)
    .where('state', '=', 'free')
    .executeTakeFirstOrThrow();
  if (!poolIsLow(free, settings.lowWater)) return { low: false, free, queued: 0 };
  const { rows } = await sql<{ address: string | null; user_id: number; person_id: number | null; name: string }>`
    select distinct on (u.id) coalesce(nullif(trim(u.email), ''), trim(p.emails -> 0 ->> 'address')) as address, u.id as user_id, u.person_id, u.display_name as name
    from users u join user_roles r on r.user_id = u.id and r.role = 'sysadmin' left join people p on p.id = u.person_id
    where u.disabled_at is null order by u.id`.execute(uow.db);
  const day = isoDate(uow.now);
  const context = (name: string) => ({ name, free, lowWater: settings.lowWater, department, date: day });
  const recipients = new Map<string, MailRequest>();
  for (const r of rows) {
    if (!r.address || !/^[^\s@<>]+@[^\s@<>]+$/.test(r.address)) continue;
    const key = r.address.toLowerCase();
    if (!recipients.has(key))
      recipients.set(key, {
        event: 'temp-pool-low',
        to: {
          address: r.address,
          userId: r.user_id,
          personId: r.person_id,
        },
        context: context(r.name),
        dedupeKey: `temp-pool-low:${day}:${key}`,
      });
  }
  for (const address of settings.alertAddresses) {
    const key = address.toLowerCase();
    if (!recipients.has(key))
      recipients.set(key, {
        event: 'temp-pool-low',
        to: address,
        context: context('administrators'),
        dedupeKey: `temp-pool-low:${day}:${key}`,
      });
  }
  const queued = await enqueueMany(uow, [...recipients.values()]);
  return { low: true, free, queued: queued.length };
}
