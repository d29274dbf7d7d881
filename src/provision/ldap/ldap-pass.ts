import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { isoDate } from '../../platform/dates.ts';
import { afterFailure } from '../retry-time.ts';
import { provisionFacts, type ProvisionFacts } from '../person-facts-query.ts';
import { type DirectoryGroup, membershipsOf, type Resolved, selectedAmong } from '../selection-query.ts';
import type { LdapTargetSettings, TargetDefinition } from '../target-definition.ts';
import { type AccountInput, desiredAccount } from './account-rules.ts';
import { type Failure, type Outcome, recordJoins, recordPage, syncedAccounts, takenDns } from './account-sync.ts';
import { type LdapDirectory, type LdapOp, TargetError } from './ldap-ops.ts';
import {
  type AccountAction,
  type AccountPlan,
  type DesiredAccount,
  planAccount,
  type SyncedAccount,
} from './ldap-plan.ts';
import { recordUnits } from './ldap-structure.ts';
import { ouDnForPath } from './dn.ts';
import pLimit from 'p-limit';

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

/** Writes one person's own ops; ensureOu of an OU already made in this pass is left out. */
async function applyOwn(directory: LdapDirectory, ops: LdapOp[], ensured: Set<string>): Promise<void> {
  const todo = ops.filter((op) => op.op !== 'ensureOu' || !ensured.has(op.dn.toLowerCase()));
  if (todo.length) await directory.apply(todo);
  for (const op of todo) if (op.op === 'ensureOu') ensured.add(op.dn.toLowerCase());
}

/** A plan's own ops, and the group joins at its end (written for the whole page, one modify per group). */
export function splitJoins(ops: LdapOp[]): { own: LdapOp[]; joins: { group: string; member: string }[] } {
  let cut = ops.length;
  while (cut > 0 && ops[cut - 1].op === 'addMembers') cut -= 1;
  const joins = ops
    .slice(cut)
    .flatMap((op) => (op.op === 'addMembers' ? op.members.map((member) => ({ group: op.group, member })) : []));
  return { own: ops.slice(0, cut), joins };
}

const unreachable = (e: unknown) => e instanceof TargetError && e.retryable;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** People (and groups) written at once over the one connection; slapd and AD work on several requests together. */
const PARALLEL = 8;

interface Planned {
  due: Due;
  plan: AccountPlan;
  desired: Desired;
}

/**
 * Writes each person's own ops (leave, move, change), several people at a time. Returns those
 * written, and the first "unreachable" error, after which the pass stops.
 */
async function writeOwn(
  directory: LdapDirectory,
  planned: Planned[],
  ensured: Set<string>,
  fail: (p: Due, error: string) => void,
): Promise<{ wrote: Planned[]; abort: unknown }> {
  const limit = pLimit(PARALLEL);
  let abort: unknown = null;
  const wrote: Planned[] = [];
  await Promise.all(
    planned.map((x) =>
      limit(async () => {
        if (abort) return;
        try {
          await applyOwn(directory, splitJoins(x.plan.ops).own, ensured);
          wrote.push(x);
        } catch (e) {
          if (unreachable(e)) abort ??= e;
          else fail(x.due, message(e));
        }
      }),
    ),
  );
  return { wrote, abort };
}

/**
 * The pass's group joins, written at its end: one modify per group with every member that
 * joins it, instead of one per person. Until then the people stay queued and their sync rows
 * leave those groups out, so a crash before the joins plans them again.
 */
class Joins {
  readonly #groups = new Map<string, { group: string; members: string[]; people: Planned[] }>();
  readonly #people = new Map<Planned, number>();

  add(x: Planned): boolean {
    const joins = splitJoins(x.plan.ops).joins;
    for (const j of joins) {
      const key = j.group.toLowerCase();
      const g = this.#groups.get(key) ?? { group: j.group, members: [], people: [] };
      g.members.push(j.member);
      g.people.push(x);
      this.#groups.set(key, g);
    }
    if (joins.length) this.#people.set(x, joins.length);
    return joins.length > 0;
  }

  /** The sync row to record now: the groups joined later left out. */
  static recordedNow(x: Planned): SyncedAccount | null {
    const later = new Set(splitJoins(x.plan.ops).joins.map((j) => j.group.toLowerCase()));
    const next = x.plan.next;
    return next && { ...next, groups: next.groups.filter((g) => !later.has(g.toLowerCase())) };
  }

  /** Writes the joins; returns the people all of whose joins were written, and an "unreachable" error. */
  async write(directory: LdapDirectory, fail: (x: Planned, error: string) => void) {
    const limit = pLimit(PARALLEL);
    let abort: unknown = null;
    const refused = new Set<Planned>();
    const left = new Map(this.#people);
    await Promise.all(
      [...this.#groups.values()].map((g) =>
        limit(async () => {
          if (abort) return;
          try {
            await directory.apply([{ op: 'addMembers', group: g.group, members: g.members }]);
            for (const x of g.people) left.set(x, left.get(x)! - 1);
          } catch (e) {
            if (unreachable(e)) abort ??= e;
            else
              for (const x of g.people)
                if (!refused.has(x)) {
                  refused.add(x);
                  fail(x, message(e));
                }
          }
        }),
      ),
    );
    const joined = abort ? [] : [...left].filter(([x, n]) => n === 0 && !refused.has(x)).map(([x]) => x);
    return { joined, abort };
  }
}

/** Runs the due queued people; returns what was done. Throws (TargetError) when the directory cannot be reached. */
export async function syncAccounts(deps: AccountPassDeps, counts: ActionCounts, ensured: Set<string>): Promise<void> {
  const { db, targetId, def, now } = deps;
  const settings = def.settings as LdapTargetSettings;
  const options = { objectClasses: settings.objectClasses, disable: settings.disable, lifecycle: def.lifecycle, now };
  const joins = new Joins();
  const failure = (p: Due, error: string): Failure => {
    const next = afterFailure(p.attempts + 1, def.maxAttempts, now);
    counts.failed += 1;
    return { id: p.object_id, since: p.since, error, state: next.state, nextAt: next.nextAt };
  };
  let after = 0;
  for (;;) {
    const page = await duePage(db, targetId, now, after);
    if (page.length === 0) break;
    after = page[page.length - 1].object_id;
    const ids = page.map((p) => p.object_id);
    const desired = await desiredOf(deps, ids);
    const synced = await syncedAccounts(db, targetId, ids);
    const failed: Failure[] = [];
    const planned: Planned[] = [];
    for (const due of page) {
      const d = desired.get(due.object_id)!;
      if (d.error) failed.push(failure(due, d.error));
      else planned.push({ due, desired: d, plan: planAccount(d.desired, synced.get(due.object_id) ?? null, options) });
    }
    const { wrote, abort } = await writeOwn(deps.directory, planned, ensured, (p, e) => failed.push(failure(p, e)));
    for (const x of wrote) counts[x.plan.action] += 1;
    const outcomes: Outcome[] = wrote.map((x) => ({
      id: x.due.object_id,
      since: x.due.since,
      next: Joins.recordedNow(x),
      collision: x.desired.collision === true,
      joinsPending: joins.add(x),
    }));
    await recordPage(db, targetId, outcomes, failed, now);
    await recordUnits(db, targetId, unitsOf(wrote, settings.baseDn), now);
    if (abort) throw abort;
  }
  const refused: Failure[] = [];
  const { joined, abort } = await joins.write(deps.directory, (x, e) => refused.push(failure(x.due, e)));
  await recordPage(db, targetId, [], refused, now);
  await recordJoins(
    db,
    targetId,
    joined.map((x) => ({ id: x.due.object_id, since: x.due.since, groups: x.plan.next?.groups ?? [] })),
  );
  if (abort) throw abort;
}

/** The OUs of the people written, each prefix of their unit path with its DN. */
function unitsOf(done: Planned[], baseDn: string): { id: number; dn: string }[] {
  const out = new Map<number, string>();
  for (const x of done) {
    const path = x.desired.facts?.unitPath ?? [];
    path.forEach((u, i) =>
      out.set(
        u.id,
        ouDnForPath(
          path.slice(0, i + 1).map((p) => p.name),
          baseDn,
        ),
      ),
    );
  }
  return [...out].map(([id, dn]) => ({ id, dn }));
}
