import type { UnitOfWork } from '../platform/unit-of-work.ts';
import { refreshPeopleUnder } from '../status/status-store.ts';
import type { ImportPlan, PlannedUnit } from './org-import.ts';
import { childPath, depthOf, parentsFirst } from './org-tree.ts';
import { classifyChanges, type UnitFacts } from './unit-changes.ts';
import { allocateIds, rewriteSubtree, writeFacts } from './unit-store.ts';

const BATCH = 500;
const REASON = 'import';

/**
 * Writes an import plan inside the caller's unit of work: new units are inserted parents
 * first (ids reserved up front so each row carries its final path), moved units take their
 * subtree with them (one UPDATE each), and every change is audited like its API equivalent.
 */
export async function applyImport(uow: UnitOfWork, plan: ImportPlan): Promise<void> {
  const creates = plan.units.filter((u) => u.action === 'create');
  const updates = plan.units.filter((u) => u.action === 'update');
  const ids = await allocateIds(uow.db, creates.length);
  const idOf = new Map<string, number>();
  creates.forEach((u, i) => idOf.set(u.code, ids[i]));
  for (const u of updates) idOf.set(u.code, u.existing!.id);
  const paths = new Map<string, string>();
  const movedTo: string[] = [];

  const parentCodes = [
    ...new Set(plan.units.map((u) => u.final.parentCode).filter((c): c is string => c !== null && !idOf.has(c))),
  ];
  if (parentCodes.length) {
    for (const r of await uow.db
      .selectFrom('org_units')
      .select(['id', 'code'])
      .where('code', 'in', parentCodes)
      .execute())
      idOf.set(r.code, r.id);
  }
  const pathOf = async (code: string | null): Promise<string | null> => {
    if (code === null) return null;
    const known = paths.get(code);
    if (known) return known;
    const row = await uow.db.selectFrom('org_units').select('path').where('code', '=', code).executeTakeFirstOrThrow();
    return row.path;
  };
  const parentId = (u: PlannedUnit) => (u.final.parentCode === null ? null : idOf.get(u.final.parentCode)!);
  const factsAfter = (u: PlannedUnit): UnitFacts => pickFacts({ ...u.final, parentId: parentId(u) });

  const moving = updates.filter((u) => u.existing!.parentCode !== u.final.parentCode);
  const byCode = new Map([...creates, ...moving].map((u) => [u.code, u]));
  let batch: { unit: PlannedUnit; path: string }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await uow.db
      .insertInto('org_units')
      .values(
        batch.map(({ unit: u, path }) => ({
          id: idOf.get(u.code)!,
          code: u.code,
          kind: u.final.kind,
          name: u.final.name,
          abbreviation: u.final.abbreviation,
          alt_names: JSON.stringify(u.final.altNames),
          parent_id: parentId(u),
          path,
          valid_from: u.final.validFrom,
          valid_to: u.final.validTo,
          custom: JSON.stringify(u.final.custom),
          created_at: uow.now,
          updated_at: uow.now,
        })),
      )
      .execute();
    batch = [];
  };

  for (const code of parentsFirst(byCode.keys(), plan.parentOf)) {
    const u = byCode.get(code)!;
    const path = childPath(await pathOf(u.final.parentCode), idOf.get(code)!);
    paths.set(code, path);
    if (u.action === 'create') {
      if (batch.length >= BATCH || (batch.length && depthOf(batch[0].path) !== depthOf(path))) await flush();
      batch.push({ unit: u, path });
      uow.record({
        action: 'org.create',
        op: 'created',
        targetType: 'org',
        targetId: idOf.get(code)!,
        after: { id: idOf.get(code), code, path, parentCode: u.final.parentCode, ...factsAfter(u) },
        reason: REASON,
      });
    } else {
      await flush();
      const current = await uow.db
        .selectFrom('org_units')
        .select('path')
        .where('id', '=', u.existing!.id)
        .executeTakeFirstOrThrow();
      await rewriteSubtree(uow.db, current.path, path);
      if (current.path !== path) movedTo.push(path);
    }
  }
  await flush();
  // People affiliated below a moved unit may match other org-subtree statuses now.
  await refreshPeopleUnder(uow, movedTo, REASON);

  for (const u of updates) {
    const after = factsAfter(u);
    const before: UnitFacts = {
      ...u.existing!,
      parentId: u.existing!.parentCode === null ? null : await idOfExisting(uow, u.existing!.parentCode, idOf),
    };
    await writeFacts(uow.db, u.existing!.id, after, uow.now);
    for (const c of classifyChanges(pickFacts(before), after)) {
      const codes =
        c.action === 'org.move'
          ? [{ parentCode: u.existing!.parentCode }, { parentCode: u.final.parentCode }]
          : [{}, {}];
      uow.audit({
        action: c.action,
        targetType: 'org',
        targetId: u.existing!.id,
        before: { ...c.before, ...codes[0] },
        after: { ...c.after, ...codes[1] },
        reason: REASON,
      });
    }
    uow.change({
      entityType: 'org',
      entityId: u.existing!.id,
      op: 'updated',
      data: { id: u.existing!.id, code: u.code, ...after },
    });
  }
}

async function idOfExisting(uow: UnitOfWork, code: string, idOf: Map<string, number>): Promise<number> {
  const known = idOf.get(code);
  if (known !== undefined) return known;
  const row = await uow.db.selectFrom('org_units').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  idOf.set(code, row.id);
  return row.id;
}

function pickFacts(f: UnitFacts): UnitFacts {
  return {
    kind: f.kind,
    name: f.name,
    abbreviation: f.abbreviation,
    altNames: f.altNames,
    parentId: f.parentId,
    validFrom: f.validFrom,
    validTo: f.validTo,
    custom: f.custom,
  };
}
