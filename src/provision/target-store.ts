import { type Kysely, sql, type Transaction } from 'kysely';
import { notFound } from '../platform/errors.ts';
import type { DB } from '../platform/db/schema.ts';
import type { GroupSpec, Lifecycle, TargetDefinition, TargetSelection } from './target-definition.ts';
import type { Selectable } from 'kysely';
import type { ProvisionTargetsTable } from '../platform/db/provision-tables.ts';

/** Reading targets: the row, its definition, and the view shown back (secrets named, never shown). */
export type TargetRow = Selectable<ProvisionTargetsTable>;

export interface TargetView extends Pick<
  TargetDefinition,
  'name' | 'label' | 'kind' | 'selection' | 'mappings' | 'groups' | 'lifecycle' | 'thresholdPercent' | 'maxAttempts'
> {
  id: number;
  settings: Record<string, unknown>;
  /** Which secrets are set; their values are never shown. */
  secretsSet: string[];
  state: 'active' | 'paused';
  cursor: number;
  hold: { reason: string; retiring: number; provisioned: number; since: string } | null;
  lastRunAt: string | null;
  lastError: string | null;
  counts: { provisioned: number; disabled: number; pending: number; errors: number; waiting: number };
  version: number;
}

type Db = Kysely<DB> | Transaction<DB>;

export function definitionOf(row: TargetRow): TargetDefinition {
  return {
    name: row.name,
    label: row.label,
    kind: row.kind,
    settings: row.settings as unknown as TargetDefinition['settings'],
    selection: row.selection as unknown as TargetSelection,
    mappings: row.mappings,
    groups: row.groups as GroupSpec[],
    lifecycle: row.lifecycle as unknown as Lifecycle,
    thresholdPercent: row.threshold_percent,
    maxAttempts: row.max_attempts,
  };
}

/** The columns a definition is stored in. */
export function definitionColumns(def: TargetDefinition) {
  return {
    label: def.label,
    kind: def.kind,
    settings: JSON.stringify(def.settings),
    selection: JSON.stringify(def.selection),
    mappings: JSON.stringify(def.mappings),
    groups: JSON.stringify(def.groups),
    lifecycle: JSON.stringify(def.lifecycle),
    threshold_percent: def.thresholdPercent,
    max_attempts: def.maxAttempts,
  } as const;
}

export async function loadTarget(db: Db, name: string, options: { forUpdate?: boolean } = {}): Promise<TargetRow> {
  let q = db.selectFrom('provision_targets').selectAll().where('name', '=', name);
  if (options.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('provisioning target', name);
  return row;
}

async function countsOf(db: Db, ids: number[]): Promise<Map<number, TargetView['counts']>> {
  const out = new Map<number, TargetView['counts']>();
  if (ids.length === 0) return out;
  const { rows } = await sql<{ id: number } & TargetView['counts']>`
    select t.id,
      (select count(*)::int from provision_objects o where o.target_id = t.id and o.object_type = 'person' and o.state = 'active') as provisioned,
      (select count(*)::int from provision_objects o where o.target_id = t.id and o.object_type = 'person' and o.state = 'disabled') as disabled,
      (select count(*)::int from provision_pending p where p.target_id = t.id) as pending,
      (select count(*)::int from provision_pending p where p.target_id = t.id and p.last_error is not null) as errors,
      (select count(*)::int from provision_pending p where p.target_id = t.id and p.state = 'waiting') as waiting
    from provision_targets t where t.id = any(${ids}::bigint[])`.execute(db);
  for (const { id, ...counts } of rows) out.set(id, counts);
  return out;
}

export function viewOf(row: TargetRow, counts: TargetView['counts']): TargetView {
  const def = definitionOf(row);
  return {
    id: row.id,
    name: row.name,
    label: row.label,
    kind: row.kind,
    settings: row.settings,
    secretsSet: Object.keys(row.secrets).filter((k) => !!row.secrets[k]),
    selection: def.selection,
    mappings: def.mappings,
    groups: def.groups,
    lifecycle: def.lifecycle,
    thresholdPercent: row.threshold_percent,
    maxAttempts: row.max_attempts,
    state: row.state,
    cursor: row.cursor,
    hold: (row.hold as TargetView['hold']) ?? null,
    lastRunAt: row.last_run_at ? (row.last_run_at as Date).toISOString() : null,
    lastError: row.last_error,
    counts,
    version: row.version,
  };
}

export async function viewsOf(db: Db, rows: TargetRow[]): Promise<TargetView[]> {
  const counts = await countsOf(
    db,
    rows.map((r) => r.id),
  );
  const none = { provisioned: 0, disabled: 0, pending: 0, errors: 0, waiting: 0 };
  return rows.map((r) => viewOf(r, counts.get(r.id) ?? none));
}

/** How many accounts a target holds active now (the base of its hold threshold). */
export async function provisionedCount(db: Db, targetId: number): Promise<number> {
  const row = await db
    .selectFrom('provision_objects')
    .select((e) => e.fn.countAll<number>().as('n'))
    .where('target_id', '=', targetId)
    .where('object_type', '=', 'person')
    .where('state', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
