import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, invalid, stale, StewardError } from '../platform/errors.ts';
import { type UnitOfWork, write } from '../platform/unit-of-work.ts';
import { type GuardOutcome, guardedWrite } from '../platform/mass-change/mass-change-guard.ts';
import type { NotedEffect } from '../platform/mass-change/mass-change-rules.ts';
import { refreshPeopleUnder } from '../status/status-store.ts';
import type { EndBody, EndedUnit, UnitPatchBody } from './org-schemas.ts';
import { resolveCustom } from './custom-fields.ts';
import { authoriseUnitChange } from './org-access.ts';
import { childPath, moveCreatesCycle } from './org-tree.ts';
import { classifyChanges, type UnitFacts } from './unit-changes.ts';
import { endSubtree } from './unit-end.ts';
import { factsOf, kindFields, loadUnit, lockTree, rewriteSubtree, type UnitRow, writeFacts } from './unit-store.ts';
import { unitFieldProblems } from './unit-service.ts';
import { isIsoDate } from './validity.ts';
import { isoDate } from '../platform/dates.ts';

/** What an end changed below the unit. */
type EndCounts = Pick<EndedUnit, 'endedUnits' | 'endedAffiliations'>;

/** A guarded route's options: only preview it, or apply it as the release of a held change. */
export interface GuardOptions {
  dryRun?: boolean;
  releasing?: number;
}

/** Everyone whose affiliation (current or to come) sits in the subtree at `path` sees it moved under `parent`. */
async function notedMoves(uow: UnitOfWork, path: string, parent: string, noted: NotedEffect[]): Promise<void> {
  const rows = await uow.db
    .selectFrom('affiliations as a')
    .innerJoin('org_units as u', 'u.id', 'a.org_id')
    .select(['a.person_id', 'a.kind', 'u.code'])
    .where('u.path', 'like', `${path}%`)
    .where((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>=', isoDate(uow.now))]))
    .orderBy('a.person_id')
    .orderBy('a.id')
    .execute();
  for (const r of rows)
    noted.push({
      personId: r.person_id,
      side: 'changes',
      effect: { kind: 'affiliation', name: `${r.kind} at ${r.code}`, detail: `now under ${parent}` },
    });
}

/** Renames, edits, moves and ends: each checks the version the caller read (If-Match). */
export function createUnitLifecycle(deps: ServiceDeps) {
  async function lockedForChange(uow: UnitOfWork, actor: Actor, id: number, expectedVersion: number): Promise<UnitRow> {
    const row = await loadUnit(uow.db, id, true);
    authoriseUnitChange(actor, row);
    if (row.version !== expectedVersion) throw stale(`unit ${row.code}`, expectedVersion, row.version);
    return row;
  }

  async function save(uow: UnitOfWork, row: UnitRow, after: UnitFacts, reason: string | null = null): Promise<boolean> {
    const changes = classifyChanges(factsOf(row), after);
    if (changes.length === 0) return false;
    await writeFacts(uow.db, row.id, after, uow.now);
    for (const c of changes)
      uow.audit({ action: c.action, targetType: 'org', targetId: row.id, before: c.before, after: c.after, reason });
    uow.change({ entityType: 'org', entityId: row.id, op: 'updated', data: { id: row.id, code: row.code, ...after } });
    return true;
  }

  /** Renames (name, abbreviation, alternate names), edits custom fields or the start date. */
  async function updateUnit(
    actor: Actor,
    id: number,
    expectedVersion: number,
    patch: Omit<UnitPatchBody, 'reason'>,
    reason: string | null = null,
  ): Promise<void> {
    authorise(actor, 'orgs:write');
    assertNoProblems(unitFieldProblems({ name: patch.name, altNames: patch.altNames, validFrom: patch.validFrom }));
    await write(deps, actor, async (uow) => {
      const row = await lockedForChange(uow, actor, id, expectedVersion);
      const before = factsOf(row);
      let custom = before.custom;
      if (patch.custom !== undefined) {
        const resolved = resolveCustom((await kindFields(uow.db, row.kind)) ?? [], row.custom, patch.custom);
        assertNoProblems(resolved.problems);
        custom = resolved.values;
      }
      const after: UnitFacts = {
        ...before,
        name: patch.name?.trim() ?? before.name,
        abbreviation: patch.abbreviation === undefined ? before.abbreviation : patch.abbreviation?.trim() || null,
        altNames: patch.altNames?.map((a) => a.trim()) ?? before.altNames,
        validFrom: patch.validFrom === undefined ? before.validFrom : patch.validFrom,
        custom,
      };
      if (after.validFrom && after.validTo && after.validFrom > after.validTo)
        throw invalid('/validFrom', 'before-valid-to', `must not be after validTo ${after.validTo}`);
      await save(uow, row, after, reason);
    });
  }

  /**
   * Moves a unit and its whole subtree under another parent; refuses cycles. Guarded: everyone affiliated below it is
   * affected (their statuses may change too), so a move of many people is held, and a dry run previews it.
   */
  async function moveUnit(
    actor: Actor,
    id: number,
    expectedVersion: number,
    parentId: number,
    reason: string | null = null,
    options: GuardOptions = {},
  ): Promise<GuardOutcome<void>> {
    authorise(actor, 'orgs:write');
    const unit = await loadUnit(deps.db, id);
    const change = {
      kind: 'org.move',
      subject: `move unit ${unit.code} (${id}) under unit ${parentId}`,
      request: { id, version: expectedVersion, parentId, reason },
      permission: 'orgs:write' as const,
      orgPaths: [unit.path],
      ...options,
    };
    return guardedWrite(deps, actor, change, async (uow, noted) => {
      await lockTree(uow.db);
      const row = await lockedForChange(uow, actor, id, expectedVersion);
      const parent = await loadUnit(uow.db, parentId, true).catch((e: unknown) => {
        throw e instanceof StewardError && e.code === 'not-found'
          ? invalid('/parentId', 'exists', `unit ${parentId} does not exist`)
          : e;
      });
      authorise(actor, 'orgs:write', { orgPaths: [parent.path] });
      if (parent.id === row.parent_id) return;
      if (moveCreatesCycle(row.path, parent.path))
        throw invalid(
          '/parentId',
          'cycle',
          `${parent.code} is ${parent.id === row.id ? `${row.code} itself` : `inside ${row.code}'s subtree`}`,
        );
      if (parent.valid_to && parent.valid_to < isoDate(uow.now))
        throw invalid('/parentId', 'parent-ended', `${parent.code} ended on ${parent.valid_to}`);
      const oldParent = row.parent_id === null ? null : await loadUnit(uow.db, row.parent_id);
      const newPath = childPath(parent.path, row.id);
      const moved = await rewriteSubtree(uow.db, row.path, newPath);
      await uow.db
        .updateTable('org_units')
        .set({ parent_id: parent.id, updated_at: uow.now, version: row.version + 1 })
        .where('id', '=', row.id)
        .execute();
      await refreshPeopleUnder(uow, [newPath], `${row.code} moved under ${parent.code}`);
      await notedMoves(uow, newPath, parent.code, noted);
      uow.record({
        action: 'org.move',
        op: 'moved',
        targetType: 'org',
        targetId: row.id,
        before: { parentId: row.parent_id, parentCode: oldParent?.code ?? null, path: row.path },
        after: { parentId: parent.id, parentCode: parent.code, path: newPath, subtreeSize: moved },
        reason,
      });
    });
  }

  /**
   * Ends a unit on a date. If anything below it lives on past that date (units, or people's
   * affiliations) the caller must ask for the cascade explicitly; with it, all of them end
   * on the same date in this one transaction, each audited. Guarded: a cascade that affects more people than the
   * threshold is held with its preview, and a dry run previews it.
   */
  async function endUnit(
    actor: Actor,
    id: number,
    expectedVersion: number,
    request: EndBody,
    options: GuardOptions = {},
  ): Promise<GuardOutcome<EndCounts>> {
    authorise(actor, 'orgs:write');
    if (!isIsoDate(request.validTo))
      throw invalid('/validTo', 'format:date', `${request.validTo} is not a date (YYYY-MM-DD)`);
    if (!request.reason?.trim()) throw invalid('/reason', 'required', 'say why the unit ends');
    const unit = await loadUnit(deps.db, id);
    const change = {
      kind: 'org.end',
      subject: `end unit ${unit.code} (${id}) on ${request.validTo}${request.cascade ? ' with cascade' : ''}`,
      request: { id, version: expectedVersion, body: request },
      permission: 'orgs:write' as const,
      orgPaths: [unit.path],
      ...options,
    };
    return guardedWrite(deps, actor, change, async (uow) => {
      const row = await lockedForChange(uow, actor, id, expectedVersion);
      if (row.valid_from && request.validTo < row.valid_from)
        throw invalid('/validTo', 'after-valid-from', `must not be before the unit's validFrom ${row.valid_from}`);
      const result = await endSubtree(uow, row, request.validTo, Boolean(request.cascade), request.reason);
      if (row.valid_to !== request.validTo) {
        await uow.db
          .updateTable('org_units')
          .set({ valid_to: request.validTo, updated_at: uow.now, version: row.version + 1 })
          .where('id', '=', row.id)
          .execute();
        uow.record({
          action: 'org.end',
          op: 'ended',
          targetType: 'org',
          targetId: row.id,
          before: { validTo: row.valid_to },
          after: { code: row.code, validTo: request.validTo },
          reason: request.reason,
        });
      }
      return result;
    });
  }

  return { updateUnit, moveUnit, endUnit };
}
