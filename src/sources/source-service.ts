import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import { isoDate } from '../platform/dates.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, conflict, notFound, stale } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { readSourceConfig, type SourceConfig } from './source-config.ts';

export interface SourceView extends SourceConfig {
  /** Affiliations of this source that have not ended (valid to today or later, or open-ended). */
  affiliations: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

type SourceRow = {
  name: string;
  label: string;
  description: string;
  kinds: string[];
  hold_threshold: number;
  create_people: boolean;
  review_near_matches: boolean;
  created_at: Date;
  updated_at: Date;
  version: number;
};

function configOf(r: SourceRow): SourceConfig {
  return {
    name: r.name,
    label: r.label,
    description: r.description,
    kinds: r.kinds,
    holdThreshold: r.hold_threshold,
    createPeople: r.create_people,
    reviewNearMatches: r.review_near_matches,
  };
}

function columnsOf(c: SourceConfig) {
  return {
    label: c.label,
    description: c.description,
    kinds: c.kinds,
    hold_threshold: c.holdThreshold,
    create_people: c.createPeople,
    review_near_matches: c.reviewNearMatches,
  };
}

/**
 * Registering systems of record (HR, student records, housing, an office's list) and what
 * each delivers: read by everyone who may read the registry, changed by system
 * administrators, every change audited. Snapshots and single-record updates name a
 * registered source.
 */
export function createSourceService(deps: ServiceDeps) {
  const { db } = deps;

  async function listSources(actor: Actor): Promise<SourceView[]> {
    authorise(actor, 'sources:read');
    // Ended affiliations (valid to before today) are history, not what the source has on record now.
    const today = isoDate(deps.clock.now());
    const rows = await db
      .selectFrom('sources')
      .selectAll()
      .select((eb) =>
        eb
          .selectFrom('affiliations')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('affiliations.source', '=', 'sources.name')
          .where((w) => w.or([w('affiliations.valid_to', 'is', null), w('affiliations.valid_to', '>=', today)]))
          .as('affiliations'),
      )
      .orderBy('name')
      .execute();
    return rows.map((r) => ({
      ...configOf(r),
      affiliations: r.affiliations ?? 0,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      version: r.version,
    }));
  }

  async function getSource(actor: Actor, name: string): Promise<SourceView> {
    const found = (await listSources(actor)).find((s) => s.name === name);
    if (!found) throw notFound('source', name);
    return found;
  }

  /** Registers a source; its name is permanent (affiliations carry it), the rest can change. */
  async function createSource(actor: Actor, input: unknown): Promise<SourceView> {
    authorise(actor, 'sources:configure');
    const { config: checked, problems } = readSourceConfig(input);
    assertNoProblems(problems);
    const config = checked!;
    await write(deps, actor, async (uow) => {
      const taken = await uow.db
        .selectFrom('sources')
        .select('name')
        .where('name', '=', config.name)
        .executeTakeFirst();
      if (taken)
        throw conflict(`source ${config.name} is already registered`, {
          field: '/name',
          rule: 'unique',
          message: 'already registered',
        });
      await uow.db
        .insertInto('sources')
        .values({ name: config.name, ...columnsOf(config), created_at: uow.now, updated_at: uow.now })
        .execute();
      uow.record({
        action: 'source.create',
        op: 'created',
        targetType: 'source',
        targetId: config.name,
        after: config,
      });
    });
    return getSource(actor, config.name);
  }

  /**
   * Replaces a source's settings if it is still at `expectedVersion` (If-Match); omitted ones return to their defaults.
   */
  async function updateSource(actor: Actor, name: string, expectedVersion: number, input: object): Promise<SourceView> {
    authorise(actor, 'sources:configure');
    const { config: checked, problems } = readSourceConfig({ ...input, name });
    assertNoProblems(problems);
    const config = checked!;
    await write(deps, actor, async (uow) => {
      const current = await uow.db
        .selectFrom('sources')
        .selectAll()
        .where('name', '=', name)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw notFound('source', name);
      if (current.version !== expectedVersion) throw stale(`source ${name}`, expectedVersion, current.version);
      await uow.db
        .updateTable('sources')
        .set({ ...columnsOf(config), updated_at: uow.now, version: current.version + 1 })
        .where('name', '=', name)
        .execute();
      uow.record({
        action: 'source.update',
        op: 'updated',
        targetType: 'source',
        targetId: name,
        before: configOf(current),
        after: config,
      });
    });
    return getSource(actor, name);
  }

  return { listSources, getSource, createSource, updateSource };
}
