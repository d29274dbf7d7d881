import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { write } from '../platform/unit-of-work.ts';
import { lockGroups, propagate } from './effective-engine.ts';

const CURSOR = 'group-rules-cursor';
const BATCH = 10_000;

/**
 * Keeps rule groups current: follows the change log from a stored cursor, collects the
 * people whose facts changed (people, identifiers, affiliations, statuses) and recomputes
 * every rule group for them (for everyone when an org unit changed: subtrees move),
 * advancing the cursor in the same transaction. Run by the `group-rules` job every minute
 * and on demand; `recomputeAll` re-evaluates every rule group for everyone.
 */
export function createRuleFollower(deps: ServiceDeps) {
  async function ruleGroups(db: ServiceDeps['db']): Promise<number[]> {
    return (await db.selectFrom('groups').select('id').where('kind', '=', 'rule').execute()).map((r) => r.id);
  }

  async function follow(actor: Actor): Promise<{ changes: number; people: number; groupsChanged: number }> {
    authorise(actor, 'groups:manage');
    let total = { changes: 0, people: 0, groupsChanged: 0 };
    for (;;) {
      const step = await write(deps, actor, async (uow) => {
        await lockGroups(uow.db);
        const cursor = await uow.db
          .selectFrom('settings')
          .select('value')
          .where('key', '=', CURSOR)
          .forUpdate()
          .executeTakeFirst();
        const after = (cursor?.value as { position?: number } | undefined)?.position ?? 0;
        const { rows } = await sql<{ position: number; entity_type: string; person_id: string | null }>`
          select position, entity_type, case when entity_type = 'person' then entity_id else data ->> 'personId' end as person_id
          from change_log where position > ${after} order by position limit ${BATCH}`.execute(uow.db);
        if (rows.length === 0) return null;
        const facts = new Set(['person', 'affiliation', 'person_status']);
        const people = [
          ...new Set(
            rows
              .filter((r) => facts.has(r.entity_type) && r.person_id !== null && /^\d+$/.test(r.person_id))
              .map((r) => Number(r.person_id)),
          ),
        ];
        const groups = await ruleGroups(uow.db);
        // a unit moved, created or ended changes which people an org subtree holds: every rule group for everyone
        const orgsChanged = rows.some((r) => r.entity_type === 'org');
        const groupsChanged =
          groups.length === 0
            ? 0
            : orgsChanged
              ? await propagate(uow, groups, null)
              : people.length
                ? await propagate(uow, groups, people)
                : 0;
        const last = rows[rows.length - 1].position;
        await uow.db
          .insertInto('settings')
          .values({ key: CURSOR, value: JSON.stringify({ position: last }), updated_at: uow.now })
          .onConflict((oc) =>
            oc.column('key').doUpdateSet({ value: JSON.stringify({ position: last }), updated_at: uow.now }),
          )
          .execute();
        return { changes: rows.length, people: people.length, groupsChanged };
      });
      if (step === null) return total;
      total = {
        changes: total.changes + step.changes,
        people: total.people + step.people,
        groupsChanged: total.groupsChanged + step.groupsChanged,
      };
      if (step.changes < BATCH) return total;
    }
  }

  async function recomputeAll(actor: Actor): Promise<{ groupsChanged: number }> {
    authorise(actor, 'groups:manage');
    return write(deps, actor, async (uow) => {
      await lockGroups(uow.db);
      const groupsChanged = await propagate(uow, await ruleGroups(uow.db), null);
      uow.audit({ action: 'group.rules.recompute', targetType: 'group', targetId: 'rules', after: { groupsChanged } });
      return { groupsChanged };
    });
  }

  return { follow, recomputeAll };
}
