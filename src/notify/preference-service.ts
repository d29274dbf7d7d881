import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { StewardError, stale } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';

/**
 * Each signed-in account's own mail preference: whether mail that may wait (such as
 * "approval needed") comes as one daily digest. Only the account itself reads or changes it.
 */
export interface MailPreferenceView {
  userId: number;
  /** The account's address; mail to it, to its person or to its user id follows the choice. */
  address: string | null;
  dailyDigest: boolean;
  version: number;
}

function ownUserId(actor: Actor): number {
  if (actor.kind !== 'user' || actor.id === null)
    throw new StewardError('forbidden', `${actor.name} is not a signed-in account and has no mail preferences`);
  return actor.id;
}

export function createPreferenceService(deps: ServiceDeps) {
  const { db } = deps;

  async function get(actor: Actor): Promise<MailPreferenceView> {
    const userId = ownUserId(actor);
    const row = await db
      .selectFrom('users')
      .leftJoin('mail_preferences as p', 'p.user_id', 'users.id')
      .select(['users.email', 'p.daily_digest', 'p.version'])
      .where('users.id', '=', userId)
      .executeTakeFirstOrThrow();
    return { userId, address: row.email, dailyDigest: row.daily_digest ?? false, version: row.version ?? 0 };
  }

  /** Sets the choice if it is still at the version the account read (If-Match; 0 before the first choice). */
  async function set(actor: Actor, expectedVersion: number, dailyDigest: boolean): Promise<MailPreferenceView> {
    const userId = ownUserId(actor);
    await write(deps, actor, async (uow) => {
      const before = await uow.db
        .selectFrom('mail_preferences')
        .select(['daily_digest', 'version'])
        .where('user_id', '=', userId)
        .forUpdate()
        .executeTakeFirst();
      const version = before?.version ?? 0;
      if (version !== expectedVersion) throw stale('your mail preference', expectedVersion, version);
      await uow.db
        .insertInto('mail_preferences')
        .values({ user_id: userId, daily_digest: dailyDigest, updated_at: uow.now })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet({
            daily_digest: dailyDigest,
            updated_at: uow.now,
            version: sql`mail_preferences.version + 1`,
          }),
        )
        .execute();
      uow.record({
        action: 'mail.preference.update',
        op: 'updated',
        targetType: 'mail-preference',
        targetId: userId,
        before: { dailyDigest: before?.daily_digest ?? false },
        after: { dailyDigest },
      });
    });
    return get(actor);
  }

  return { get, set };
}
