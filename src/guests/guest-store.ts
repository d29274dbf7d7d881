import type { Kysely, Selectable, Transaction } from 'kysely';
import { systemActor } from '../platform/auth/actor.ts';
import type { GuestsTable, GuestTypesTable } from '../platform/db/guest-tables.ts';
import type { DB } from '../platform/db/schema.ts';
import { notFound } from '../platform/errors.ts';
import { write, type WriteDeps } from '../platform/unit-of-work.ts';
import { defaultLifecycles } from './default-lifecycles.ts';
import type { ApprovalStep, GuestTypeDefinition, Service } from './guest-types.ts';
import type { Lifecycle } from './lifecycle.ts';

/** Reading and mapping the guest tables (rows ↔ the shapes the API speaks). */
export type Db = Kysely<DB> | Transaction<DB>;

export interface GuestType extends GuestTypeDefinition {
  id: number;
  version: number;
}

export interface Guest {
  id: number;
  personId: number;
  type: string;
  typeId: number;
  lifecycle: string;
  state: string;
  stateSince: string;
  validFrom: string;
  validTo: string | null;
  hostOrgId: number | null;
  tenantOrgId: number | null;
  guarantorId: number | null;
  sponsorId: number | null;
  requesterId: number | null;
  reason: string | null;
  services: Service[];
  inDirectory: boolean;
  version: number;
}

export function guestTypeOf(row: Selectable<GuestTypesTable>): GuestType {
  return {
    id: row.id,
    name: row.name,
    label: row.label,
    lifecycle: row.lifecycle,
    sponsorRequired: row.sponsor_required,
    requesterRequired: row.requester_required,
    idNumberRequired: row.id_number_required,
    defaultDays: row.default_days,
    defaultUnit: row.default_unit,
    maxDays: row.max_days,
    renewable: row.renewable,
    renewalWindowDays: row.renewal_window_days,
    directory: row.directory,
    orgSubtree: row.org_subtree,
    services: row.services as Service[],
    approvalChain: row.approval_chain as ApprovalStep[],
    reasons: row.reasons,
    expiringDays: row.expiring_days,
    retentionDays: row.retention_days,
    displayRank: row.display_rank,
    handoverDays: row.handover_days,
    version: row.version,
  };
}

/** A guest type's columns, for insert and update. */
export function guestTypeColumns(d: GuestTypeDefinition) {
  return {
    name: d.name,
    label: d.label,
    lifecycle: d.lifecycle,
    sponsor_required: d.sponsorRequired,
    requester_required: d.requesterRequired,
    id_number_required: d.idNumberRequired,
    default_days: d.defaultDays,
    default_unit: d.defaultUnit ?? 'days',
    max_days: d.maxDays,
    renewable: d.renewable,
    renewal_window_days: d.renewalWindowDays,
    directory: d.directory,
    org_subtree: d.orgSubtree,
    services: JSON.stringify(d.services),
    approval_chain: JSON.stringify(d.approvalChain),
    reasons: JSON.stringify(d.reasons),
    expiring_days: d.expiringDays,
    retention_days: d.retentionDays,
    display_rank: d.displayRank,
    handover_days: d.handoverDays,
  };
}

export function guestOf(row: Selectable<GuestsTable>, type: Pick<GuestType, 'name' | 'lifecycle'>): Guest {
  return {
    id: row.id,
    personId: row.person_id,
    type: type.name,
    typeId: row.type_id,
    lifecycle: type.lifecycle,
    state: row.state,
    stateSince: row.state_since,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    hostOrgId: row.host_org_id,
    tenantOrgId: row.tenant_org_id,
    guarantorId: row.guarantor_id,
    sponsorId: row.sponsor_id,
    requesterId: row.requester_id,
    reason: row.reason,
    services: row.services as Service[],
    inDirectory: row.in_directory,
    version: row.version,
  };
}

export async function loadType(db: Db, key: number | string): Promise<GuestType> {
  const q = db.selectFrom('guest_types').selectAll();
  const row =
    typeof key === 'number'
      ? await q.where('id', '=', key).executeTakeFirst()
      : await q.where((eb) => eb(eb.fn('lower', ['name']), '=', key.toLowerCase())).executeTakeFirst();
  if (!row) throw notFound('guest type', key);
  return guestTypeOf(row);
}

export async function loadLifecycle(db: Db, name: string): Promise<Lifecycle & { version: number }> {
  const row = await db
    .selectFrom('guest_lifecycles')
    .select(['definition', 'version'])
    .where('name', '=', name)
    .executeTakeFirst();
  if (!row) throw notFound('guest lifecycle', name);
  return { ...(row.definition as Lifecycle), version: row.version };
}

export async function loadLifecycles(db: Db): Promise<(Lifecycle & { version: number })[]> {
  const rows = await db.selectFrom('guest_lifecycles').select(['definition', 'version']).orderBy('name').execute();
  return rows.map((r) => ({ ...(r.definition as Lifecycle), version: r.version }));
}

/**
 * Inserts the shipped lifecycles that are missing (audited, as the system); an edited one
 * is left as it is. Cheap after the first call in a process.
 */
export function defaultLifecycleInstaller(deps: WriteDeps): () => Promise<void> {
  let done = false;
  return async () => {
    if (done) return;
    const known = new Set((await deps.db.selectFrom('guest_lifecycles').select('name').execute()).map((r) => r.name));
    const missing = defaultLifecycles.filter((lc) => !known.has(lc.name));
    if (missing.length) {
      await write(deps, systemActor('guests'), async (uow) => {
        for (const lc of missing) {
          const row = await uow.db
            .insertInto('guest_lifecycles')
            .values({
              name: lc.name,
              label: lc.label,
              definition: JSON.stringify(lc),
              created_at: uow.now,
              updated_at: uow.now,
            })
            .onConflict((oc) => oc.doNothing())
            .returning('name')
            .executeTakeFirst();
          if (row)
            uow.record({
              action: 'guest.lifecycle.create',
              op: 'created',
              targetType: 'guest_lifecycle',
              targetId: lc.name,
              after: lc,
            });
        }
      });
    }
    done = true;
  };
}
