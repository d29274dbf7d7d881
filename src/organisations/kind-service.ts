import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, conflict, invalid, notFound, stale } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { kindFieldProblems } from './custom-fields.ts';
import type { Kind, KindBody, NewKindBody } from './org-schemas.ts';
import { KIND_PATTERN } from './unit-rules.ts';

/**
 * Org kinds are configuration: a label and the custom-field schema of the kind's units.
 * Changing a schema never leaves units invalid behind its back: a field that becomes
 * required is filled with its default in every unit that lacks it, and refused when it has
 * no default and such units exist.
 */
export function createKindService(deps: ServiceDeps) {
  const { db } = deps;

  async function listKinds(actor: Actor): Promise<Kind[]> {
    authorise(actor, 'orgs:read');
    const rows = await db
      .selectFrom('org_kinds')
      .select([
        'kind',
        'label',
        'fields',
        'version',
        (eb) =>
          eb
            .selectFrom('org_units')
            .select(eb.fn.countAll<number>().as('n'))
            .whereRef('org_units.kind', '=', 'org_kinds.kind')
            .as('units'),
      ])
      .orderBy('kind')
      .execute();
    return rows.map((r) => ({
      kind: r.kind,
      label: r.label,
      fields: r.fields,
      units: r.units ?? 0,
      version: r.version,
    }));
  }

  async function getKind(actor: Actor, kind: string): Promise<Kind> {
    const found = (await listKinds(actor)).find((k) => k.kind === kind);
    if (!found) throw notFound('org kind', kind);
    return found;
  }

  /** Adds a kind (sysadmin): its key is permanent, its label and fields can change later. */
  async function createKind(actor: Actor, input: NewKindBody): Promise<Kind> {
    authorise(actor, 'orgs:configure');
    if (!KIND_PATTERN.test(input.kind))
      throw invalid('/kind', 'pattern', 'must be lowercase letters, digits and dashes, starting with a letter');
    assertNoProblems(kindFieldProblems(input.fields));
    await write(deps, actor, async (uow) => {
      const taken = await uow.db
        .selectFrom('org_kinds')
        .select('kind')
        .where('kind', '=', input.kind)
        .executeTakeFirst();
      if (taken)
        throw conflict(`kind ${input.kind} already exists`, {
          field: '/kind',
          rule: 'unique',
          message: 'already exists',
        });
      await uow.db
        .insertInto('org_kinds')
        .values({
          kind: input.kind,
          label: input.label,
          fields: JSON.stringify(input.fields),
          created_at: uow.now,
          updated_at: uow.now,
        })
        .execute();
      uow.record({
        action: 'org.kind.create',
        op: 'created',
        targetType: 'org_kind',
        targetId: input.kind,
        after: input,
      });
    });
    return getKind(actor, input.kind);
  }

  /** Replaces a kind's label and field list (If-Match); backfills defaults of newly required fields. */
  async function updateKind(actor: Actor, kind: string, expectedVersion: number, input: KindBody): Promise<Kind> {
    authorise(actor, 'orgs:configure');
    assertNoProblems(kindFieldProblems(input.fields));
    await write(deps, actor, async (uow) => {
      const current = await uow.db
        .selectFrom('org_kinds')
        .selectAll()
        .where('kind', '=', kind)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw notFound('org kind', kind);
      if (current.version !== expectedVersion) throw stale(`kind ${kind}`, expectedVersion, current.version);
      for (const [i, field] of input.fields.entries()) {
        if (!field.required) continue;
        const lacking = await uow.db
          .selectFrom('org_units')
          .select(['id', 'custom'])
          .where('kind', '=', kind)
          .where(sql<boolean>`(custom -> ${field.name}) is null`)
          .forUpdate()
          .execute();
        if (lacking.length === 0) continue;
        if (field.default === undefined || field.default === null) {
          throw conflict(
            `${lacking.length} ${kind} unit(s) have no ${field.name}; give the field a default or fill it in first`,
            {
              field: `/fields/${i}/default`,
              rule: 'required-needs-default',
              message: `${lacking.length} existing unit(s) lack ${field.name}`,
            },
          );
        }
        await uow.db
          .updateTable('org_units')
          .set({
            custom: sql`custom || jsonb_build_object(${field.name}::text, ${JSON.stringify(field.default)}::jsonb)`,
            updated_at: uow.now,
            version: (eb) => eb('version', '+', 1),
          })
          .where('kind', '=', kind)
          .where(sql<boolean>`(custom -> ${field.name}) is null`)
          .execute();
        for (const unit of lacking) {
          const custom = { ...unit.custom, [field.name]: field.default };
          uow.record({
            action: 'org.update',
            op: 'updated',
            targetType: 'org',
            targetId: unit.id,
            before: { custom: unit.custom },
            after: { custom },
            reason: `kind ${kind}: ${field.name} became required`,
          });
        }
      }
      await uow.db
        .updateTable('org_kinds')
        .set({
          label: input.label,
          fields: JSON.stringify(input.fields),
          updated_at: uow.now,
          version: (eb) => eb('version', '+', 1),
        })
        .where('kind', '=', kind)
        .execute();
      uow.record({
        action: 'org.kind.update',
        op: 'updated',
        targetType: 'org_kind',
        targetId: kind,
        before: { label: current.label, fields: current.fields },
        after: input,
      });
    });
    return getKind(actor, kind);
  }

  return { listKinds, getKind, createKind, updateKind };
}
