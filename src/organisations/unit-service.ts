import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, conflict, type FieldProblem, invalid } from '../platform/errors.ts';
import { type UnitOfWork, write } from '../platform/unit-of-work.ts';
import { resolveCustom } from './custom-fields.ts';
import { effectiveOfficersOf } from './officer-service.ts';
import type { NewUnitBody, UnitDetail } from './org-schemas.ts';
import { childPath } from './org-tree.ts';
import { allocateIds, ancestorsOf, kindFields, loadUnit, lockTree, summaryOf, viewOf } from './unit-store.ts';
import { CODE_PATTERN, NAME_MAX } from './unit-rules.ts';
import { isIsoDate } from './validity.ts';
import { isoDate } from '../platform/dates.ts';

/** Checks of the plain fields of a new or renamed unit, shared by create and update. */
export function unitFieldProblems(input: {
  code?: string;
  name?: string;
  altNames?: string[];
  validFrom?: string | null;
  validTo?: string | null;
}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.code !== undefined && !CODE_PATTERN.test(input.code))
    problems.push({
      field: '/code',
      rule: 'pattern',
      message: 'must be 1-64 letters, digits, dots, dashes or underscores',
    });
  if (input.name !== undefined && !input.name.trim())
    problems.push({ field: '/name', rule: 'required', message: 'must not be blank' });
  if (input.name !== undefined && input.name.length > NAME_MAX)
    problems.push({ field: '/name', rule: 'maxLength', message: `must be at most ${NAME_MAX} characters` });
  for (const [i, alt] of (input.altNames ?? []).entries())
    if (!alt.trim()) problems.push({ field: `/altNames/${i}`, rule: 'required', message: 'must not be blank' });
  for (const key of ['validFrom', 'validTo'] as const) {
    const v = input[key];
    if (v && !isIsoDate(v))
      problems.push({ field: `/${key}`, rule: 'format:date', message: `${v} is not a date (YYYY-MM-DD)` });
  }
  if (input.validFrom && input.validTo && input.validTo < input.validFrom)
    problems.push({
      field: '/validTo',
      rule: 'after-valid-from',
      message: `must not be before validFrom ${input.validFrom}`,
    });
  return problems;
}

/** Creating units and reading them: one unit with its context, searches, the tree, and its people. */
export function createUnitService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const today = () => isoDate(clock.now());

  /** Inserts a unit inside an open unit of work (also used by the demo loader through createUnit). */
  async function insertUnit(uow: UnitOfWork, actor: Actor, input: NewUnitBody): Promise<number> {
    await lockTree(uow.db);
    const parent = input.parentId === null ? null : await loadUnit(uow.db, input.parentId, true);
    authorise(actor, 'orgs:write', { orgPaths: [parent?.path ?? '/'] });
    const now = isoDate(uow.now);
    if (parent?.valid_to && parent.valid_to < now)
      throw invalid('/parentId', 'parent-ended', `${parent.code} ended on ${parent.valid_to}`);
    const fields = await kindFields(uow.db, input.kind);
    if (!fields) throw invalid('/kind', 'exists', `unknown kind ${input.kind}`);
    const custom = resolveCustom(fields, {}, input.custom ?? {});
    assertNoProblems(custom.problems);
    const taken = await uow.db.selectFrom('org_units').select('id').where('code', '=', input.code).executeTakeFirst();
    if (taken)
      throw conflict(`code ${input.code} is already used by unit ${taken.id}`, {
        field: '/code',
        rule: 'unique',
        message: 'is already used',
      });
    const [id] = await allocateIds(uow.db, 1);
    const path = childPath(parent?.path ?? null, id);
    const values = {
      kind: input.kind,
      name: input.name.trim(),
      abbreviation: input.abbreviation?.trim() || null,
      altNames: (input.altNames ?? []).map((a) => a.trim()),
      parentId: parent?.id ?? null,
      validFrom: input.validFrom ?? null,
      validTo: input.validTo ?? null,
      custom: custom.values,
    };
    await uow.db
      .insertInto('org_units')
      .values({
        id,
        code: input.code,
        kind: values.kind,
        name: values.name,
        abbreviation: values.abbreviation,
        alt_names: JSON.stringify(values.altNames),
        parent_id: values.parentId,
        path,
        valid_from: values.validFrom,
        valid_to: values.validTo,
        custom: JSON.stringify(values.custom),
        created_at: uow.now,
        updated_at: uow.now,
      })
      .execute();
    uow.record({
      action: 'org.create',
      op: 'created',
      targetType: 'org',
      targetId: id,
      after: { id, code: input.code, path, parentCode: parent?.code ?? null, ...values },
    });
    return id;
  }

  /** Creates a unit under a parent the actor may write to; custom fields are checked against the kind. */
  async function createUnit(actor: Actor, input: NewUnitBody): Promise<UnitDetail> {
    authorise(actor, 'orgs:write');
    assertNoProblems(unitFieldProblems(input));
    const id = await write(deps, actor, (uow) => insertUnit(uow, actor, input));
    return getUnit(actor, id);
  }

  /** A unit with its breadcrumb, children, effective officers and subtree counts. */
  async function getUnit(actor: Actor, id: number): Promise<UnitDetail> {
    authorise(actor, 'orgs:read');
    const date = today();
    const row = await loadUnit(db, id);
    const ancestors = await ancestorsOf(db, row.path);
    const children = await db
      .selectFrom('org_units')
      .selectAll()
      .where('parent_id', '=', id)
      .orderBy('name')
      .orderBy('id')
      .execute();
    const under = `${row.path}%`;
    const d = await db
      .selectFrom('org_units')
      .select((eb) => [
        eb.fn.countAll<number>().as('all'),
        sql<number>`count(*) filter (where (valid_from is null or valid_from <= ${date}) and (valid_to is null or valid_to >= ${date}))`.as(
          'current',
        ),
      ])
      .where('path', 'like', under)
      .where('id', '!=', id)
      .executeTakeFirstOrThrow();
    const a = await db
      .selectFrom('affiliations as a')
      .innerJoin('org_units as u', 'u.id', 'a.org_id')
      .select([sql<number>`count(*)`.as('n'), sql<number>`count(distinct a.person_id)`.as('people')])
      .where('u.path', 'like', under)
      .where(
        sql<boolean>`(a.valid_from is null or a.valid_from <= ${date}) and (a.valid_to is null or a.valid_to >= ${date})`,
      )
      .executeTakeFirstOrThrow();
    return {
      ...viewOf(row, date),
      ancestors: ancestors.map((u) => summaryOf(u, date)),
      children: children.map((u) => summaryOf(u, date)),
      officers: await effectiveOfficersOf(db, row),
      counts: {
        descendants: d.all,
        currentDescendants: d.current,
        currentAffiliations: a.n,
        currentPeople: a.people,
      },
    };
  }

  return { insertUnit, createUnit, getUnit };
}
