import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise, can, scopesFor } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { conflict, invalid, notFound } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { MINTABLE_KINDS, type MintableKind } from './identifiers.ts';
import type { MintBatchReport } from './minting-schemas.ts';
import { insertIdentifiers, mintFromNames, mintIdNumbers, type MintTarget } from './mint-store.ts';
import { patternPlan } from './minting-settings.ts';
import { currentOrgPaths, lockPeople } from './person-store.ts';
import { readMintingSettings } from './settings-service.ts';
import { isoDate } from '../platform/dates.ts';

/**
 * Minting ID numbers, usernames and email addresses for people, one at a time or in
 * batches. Each batch is one transaction: lock the people, pick values, reserve them for
 * good, attach them, audit each person. A person who already holds an identifier of the
 * kind is skipped (one institution ID, username and address each).
 */
export interface MintManyOptions {
  kind: MintableKind;
  personIds: number[];
  /** People per transaction (default 2,000). */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/** The minting use cases: one value for one person, or one kind for many people in batches. */
export function createMintingService(deps: ServiceDeps) {
  const { db, clock } = deps;

  function assertKind(kind: string): asserts kind is MintableKind {
    if (!(MINTABLE_KINDS as readonly string[]).includes(kind))
      throw invalid('/kind', 'enum', `must be one of ${MINTABLE_KINDS.join(', ')}`);
  }

  /** One batch in one transaction; returns what was minted and who was skipped and why. */
  async function mintBatch(actor: Actor, kind: MintableKind, personIds: number[]): Promise<MintBatchReport> {
    const { settings } = await readMintingSettings(db);
    const scoped = scopesFor(actor, 'people:mint') !== null;
    return write(deps, actor, async (uow) => {
      const skipped: MintBatchReport['skipped'] = [];
      const rows = await lockPeople(uow.db, personIds);
      const found = new Set(rows.map((r) => r.id));
      for (const id of personIds) if (!found.has(id)) skipped.push({ personId: id, reason: 'no such person' });
      const paths = scoped
        ? await currentOrgPaths(
            uow.db,
            rows.map((r) => r.id),
            isoDate(uow.now),
          )
        : null;
      const holders = new Map<number, string>();
      if (rows.length) {
        // No LIMIT in the probe: with one, the planner may walk the (kind, scope, value) key
        // hoping to meet the person early, which grows slower with every value minted.
        const { rows: held } = await sql<{ person_id: number; value: string }>`
          select k.id as person_id, i.value from unnest(${rows.map((r) => r.id)}::bigint[]) as k(id)
          cross join lateral (select value from identifiers i where i.person_id = k.id and i.kind = ${kind}) i`.execute(
          uow.db,
        );
        for (const h of held) holders.set(h.person_id, h.value);
      }
      const targets: MintTarget[] = [];
      for (const r of rows) {
        if (paths && !can(actor, 'people:mint', { orgPaths: paths.get(r.id)! }))
          skipped.push({ personId: r.id, reason: `${actor.name} may not mint for this person's organisation` });
        else if (r.state === 'merged') skipped.push({ personId: r.id, reason: `merged into ${r.merged_into}` });
        else if (holders.has(r.id))
          skipped.push({ personId: r.id, reason: `already has ${kind} ${holders.get(r.id)}` });
        else
          targets.push({
            id: r.id,
            givenName: r.given_name,
            middleName: r.middle_name,
            familyName: r.family_name,
            preferredName: r.preferred_name,
          });
      }
      const issued =
        kind === 'id-number'
          ? await mintIdNumbers(
              uow,
              settings.idNumber,
              targets.map((t) => t.id),
            )
          : await mintFromNames(uow, kind, patternPlan(settings, kind), targets);
      for (const t of targets)
        if (!issued.has(t.id))
          skipped.push({
            personId: t.id,
            reason: `every ${kind} pattern is used up for this name; add a pattern with {n}`,
          });
      await insertIdentifiers(uow, kind, issued);
      for (const [personId, value] of issued)
        uow.record({
          action: 'person.mint',
          op: 'identifier-added',
          targetType: 'person',
          targetId: personId,
          after: { kind, scope: '', value },
        });
      return { minted: [...issued].map(([personId, value]) => ({ personId, value })), skipped };
    });
  }

  /** Mints one identifier of `kind` for a person and returns it. */
  async function mint(
    actor: Actor,
    personId: number,
    kind: string,
  ): Promise<{ kind: MintableKind; scope: string; value: string }> {
    assertKind(kind);
    const person = await db
      .selectFrom('people')
      .select(['id', 'state', 'merged_into'])
      .where('id', '=', personId)
      .executeTakeFirst();
    if (!person) throw notFound('person', personId);
    authorise(actor, 'people:mint', {
      orgPaths: (await currentOrgPaths(db, [personId], isoDate(clock.now()))).get(personId)!,
    });
    const result = await mintBatch(actor, kind, [personId]);
    if (result.minted.length === 0) {
      const reason = result.skipped[0]?.reason ?? 'nothing could be minted';
      throw conflict(`cannot mint a ${kind} for person ${personId}: ${reason}`, {
        field: '/kind',
        rule: 'mintable',
        message: reason,
      });
    }
    return { kind, scope: '', value: result.minted[0].value };
  }

  /**
   * Mints for many people in batches (one transaction each), e.g. usernames for a new
   * intake. Safe to run alongside other minting: collisions are retried, never duplicated.
   */
  async function mintMany(actor: Actor, options: MintManyOptions): Promise<MintBatchReport> {
    assertKind(options.kind);
    authorise(actor, 'people:mint');
    const size = Math.max(1, options.batchSize ?? 2000);
    const out: MintBatchReport = { minted: [], skipped: [] };
    for (let i = 0; i < options.personIds.length; i += size) {
      const r = await mintBatch(actor, options.kind, options.personIds.slice(i, i + size));
      out.minted.push(...r.minted);
      out.skipped.push(...r.skipped);
      options.onProgress?.(Math.min(i + size, options.personIds.length), options.personIds.length);
    }
    return out;
  }

  return { mint, mintMany };
}
