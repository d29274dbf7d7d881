import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { isoDate } from '../../platform/dates.ts';
import { afterFailure } from '../retry-time.ts';
import { provisionFacts, type ProvisionFacts } from '../person-facts-query.ts';
import { type DirectoryGroup, membershipsOf, type Resolved, selectedAmong } from '../selection-query.ts';
import type { LdapTargetSettings, TargetDefinition } from '../target-definition.ts';
import { type AccountInput, desiredAccount } from './account-rules.ts';
import { type Failure, type Outcome, recordPage, syncedAccounts, takenDns } from './account-sync.ts';
import { type LdapDirectory, type LdapOp, TargetError } from './ldap-ops.ts';
import { type AccountAction, type AccountPlan, type DesiredAccount, planAccount } from './ldap-plan.ts';
import { recordUnits } from './ldap-structure.ts';
import { ouDnForPath } from './dn.ts';

/**
 * The accounts part of an LDAP pass: the due queued people a page at a time — their facts,
 * whether they are selected, their groups, what was last written — planned, written to the
 * directory person by person (a failing person goes to the error queue; the others go on),
 * and recorded in one transaction per page. A directory that cannot be reached stops the
 * pass with the directory's message; nothing is recorded as done that was not written.
 */
type Db = Kysely<DB>;
export const PAGE = 500;

export interface AccountPassDeps {
  db: Db;
  directory: LdapDirectory;
  targetId: number;
  def: TargetDefinition;
  selection: Resolved;
  groups: DirectoryGroup[];
  /** Directory group key → DN. */
  groupDns: Map<string, string>;
  now: Date;
}

export type ActionCounts = Record<AccountAction | 'failed', number>;
export const noActions = (): ActionCounts => ({
  create: 0,
  update: 0,
  move: 0,
  enable: 0,
  disable: 0,
  delete: 0,
  none: 0,
  failed: 0,
});

interface Due {
  object_id: number;
  since: Date;
  attempts: number;
}

async function duePage(db: Db, targetId: number, now: Date, after: number): Promise<Due[]> {
  const rows = await db
    .selectFrom('provision_pending')
    .select(['object_id', 'since', 'attempts'])
    .where('target_id', '=', targetId)
    .where('object_type', '=', 'person')
    .where('state', '<>', 'waiting')
    .where('next_at', '<=', now)
    .where('object_id', '>', after)
    .orderBy('object_id')
    .limit(PAGE)
    .execute();
  return rows.map((r) => ({ object_id: r.object_id, since: r.since as Date, attempts: r.attempts }));
}

export interface Desired {
  desired: DesiredAccount | null;
  error?: string;
  facts?: ProvisionFacts;
  collision?: boolean;
}

/** What each person of a page should be in the directory (null: not provisioned), or why it cannot be said. */
export async function desiredOf(
  deps: Omit<AccountPassDeps, 'directory'>,
  ids: number[],
): Promise<Map<number, Desired>> {
  const { db, def, now } = deps;
  const settings = def.settings as LdapTargetSettings;
  const today = isoDate(now);
  const facts = await provisionFacts(db, ids, today);
  const selected = await selectedAmong(db, deps.selection, ids, today, now);
  const member = await membershipsOf(db, deps.groups, ids, now);
  const out = new Map<number, Desired>();
  const first = new Map<number, AccountInput>();
  for (const id of ids) {
    const f = facts.get(id);
    if (!f || !selected.has(id)) {
      out.set(id, { desired: null });
      continue;
    }
    const keys = member.get(id) ?? new Set<string>();
    const groups = deps.groups
      .filter((g) => keys.has(g.key) && deps.groupDns.has(g.key))
      .map((g) => ({ dn: deps.groupDns.get(g.key)!, name: g.name }));
    first.set(id, {
      facts: f,
      settings,
      mappings: def.mappings,
      groups,
      unitNames: f.unitPath.map((u) => u.name),
      collision: false,
    });
  }
  const plain = new Map([...first].map(([id, input]) => [id, desiredAccount(input)]));
  const wanted = [...plain.values()].flatMap((r) => (r.ok ? [r.account.dn] : []));
  const taken = await takenDns(db, deps.targetId, wanted);
  const claimed = new Map<string, number>();
  for (const [id, result] of plain) {
    let r = result;
    if (r.ok) {
      const dn = r.account.dn.toLowerCase();
      const holder = taken.get(dn) ?? claimed.get(dn);
      if (holder !== undefined && holder !== id) r = desiredAccount({ ...first.get(id)!, collision: true });
      if (r.ok) claimed.set(r.account.dn.toLowerCase(), id);
    }
    const facts = first.get(id)!.facts;
    out.set(id, r.ok ? { desired: r.account, facts, collision: r !== result } : { desired: null, error: r.error });
  }
  return out;
}

/** Writes one person's ops; ensureOu of an OU already made in this pass is left out. */
async function applyPlan(directory: LdapDirectory, plan: AccountPlan, ensured: Set<string>): Promise<void> {
  const ops: LdapOp[] = plan.ops.filter((op) => op.op !== 'ensureOu' || !ensured.has(op.dn.toLowerCase()));
  if (ops.length) await directory.apply(ops);
  for (const op of ops) if (op.op === 'ensureOu') ensured.add(op.dn.toLowerCase());
}

const unreachable = (e: unknown) => e instanceof TargetError && e.retryable;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Runs the due queued people; returns what was done. Throws (TargetError) when the directory cannot be reached. */
export async function syncAccounts(deps: AccountPassDeps, counts: ActionCounts, ensured: Set<string>): Promise<void> {
  const { db, targetId, def, now } = deps;
  const settings = def.settings as LdapTargetSettings;
  let after = 0;
  for (;;) {
    const page = await duePage(db, targetId, now, after);
    if (page.length === 0) return;
    after = page[page.length - 1].object_id;
    const ids = page.map((p) => p.object_id);
    const desired = await desiredOf(deps, ids);
    const synced = await syncedAccounts(db, targetId, ids);
    const done: Outcome[] = [];
    const failed: Failure[] = [];
    const units: { id: number; dn: string }[] = [];
    const fail = (p: Due, error: string) => {
      const next = afterFailure(p.attempts + 1, def.maxAttempts, now);
      failed.push({ id: p.object_id, since: p.since, error, state: next.state, nextAt: next.nextAt });
      counts.failed += 1;
    };
    try {
      for (const p of page) {
        const d = desired.get(p.object_id)!;
        if (d.error) {
          fail(p, d.error);
          continue;
        }
        const plan = planAccount(d.desired, synced.get(p.object_id) ?? null, {
          objectClasses: settings.objectClasses,
          disable: settings.disable,
          lifecycle: def.lifecycle,
          now,
        });
        try {
          await applyPlan(deps.directory, plan, ensured);
        } catch (e) {
          if (unreachable(e)) throw e;
          fail(p, message(e));
          continue;
        }
        counts[plan.action] += 1;
        done.push({
          id: p.object_id,
          since: p.since,
          next: plan.next,
          collision: d.collision === true,
        });
        const path = d.facts?.unitPath ?? [];
        path.forEach((u, i) =>
          units.push({
            id: u.id,
            dn: ouDnForPath(
              path.slice(0, i + 1).map((x) => x.name),
              settings.baseDn,
            ),
          }),
        );
      }
    } finally {
      await recordPage(db, targetId, done, failed, now);
      await recordUnits(db, targetId, units, now);
    }
  }
}
