import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { isoDate } from '../../platform/dates.ts';
import { selectedIds } from '../../feeds/feed-query.ts';
import type { Fix } from '../provision-schemas.ts';
import type { LdapTargetSettings } from '../target-definition.ts';
import { groupDn } from './account-rules.ts';
import { type Outcome, recordPage, syncedAccounts } from './account-sync.ts';
import { describeOp } from './ldap-connector.ts';
import type { LdapDirectory, LdapEntry, LdapOp } from './ldap-ops.ts';
import { type AccountPassDeps, desiredOf, PAGE } from './ldap-pass.ts';
import { type AccountPlan, planAccount, type SyncedAccount } from './ldap-plan.ts';

/**
 * A full sync of an LDAP target: read every account under the base DN and every member of
 * the directory groups, compare them with what Steward wants now, and fix the drift — an
 * account edited, disabled or deleted by hand, a stray group member, an account left in
 * place after its person left. The planner is the same as the passes', fed with what the
 * directory holds instead of what Steward last wrote. Entries Steward never wrote are
 * reported, not touched. A dry run lists the fixes and changes nothing.
 */
type Db = Kysely<DB>;

/** What a pass over accounts needs, less the group DNs (a full sync derives them itself). */
export type FullSyncInput = Omit<AccountPassDeps, 'groupDns'>;

export interface PlannedFix {
  fix: Fix;
  ops: LdapOp[];
  outcome: Outcome | null;
}

const ACCOUNT_CLASSES = ['inetorgperson', 'user', 'person', 'organizationalperson'];

function accountFilter(settings: LdapTargetSettings): string {
  const lower = settings.objectClasses.map((c) => c.toLowerCase());
  return `(objectClass=${ACCOUNT_CLASSES.find((c) => lower.includes(c)) ?? settings.objectClasses.at(-1)})`;
}

async function candidates(db: Db, input: FullSyncInput): Promise<number[]> {
  const ids = new Set<number>();
  let after = 0;
  for (;;) {
    const page = await selectedIds(db, input.selection, isoDate(input.now), after, 10_000);
    if (page.length === 0) break;
    for (const id of page) ids.add(id);
    after = page[page.length - 1];
  }
  const synced = await db
    .selectFrom('provision_objects')
    .select('object_id')
    .where('target_id', '=', input.targetId)
    .where('object_type', '=', 'person')
    .execute();
  for (const s of synced) ids.add(s.object_id);
  return [...ids].sort((a, b) => a - b);
}

/** What the directory holds for an account, in the shape of a sync row (only mapped attributes). */
function remoteAccount(
  entry: LdapEntry,
  settings: LdapTargetSettings,
  mapped: string[],
  memberOf: Map<string, string[]>,
  synced: SyncedAccount | undefined,
  now: Date,
): SyncedAccount {
  const attributes: Record<string, string[]> = {};
  for (const name of mapped) {
    const values = entry.attributes[name.toLowerCase()];
    if (values?.length) attributes[name] = values;
  }
  const disabled = (entry.attributes[settings.disable.attribute.toLowerCase()] ?? [])[0] === settings.disable.disabled;
  return {
    dn: entry.dn,
    attributes,
    groups: memberOf.get(entry.dn.toLowerCase()) ?? [],
    disabled,
    disabledAt: disabled ? (synced?.disabledAt ?? now) : null,
  };
}

function fixOf(plan: AccountPlan, id: number, dn: string): Fix {
  return { objectType: 'person', objectId: id, dn, action: plan.action, detail: plan.ops.map(describeOp).join('; ') };
}

/** Reads the directory and plans every fix (nothing is written). */
export async function planFullSync(input: FullSyncInput): Promise<PlannedFix[]> {
  const { db, def, directory, now } = input;
  const settings = def.settings as LdapTargetSettings;
  const mapped = Object.keys(def.mappings);
  const entries = await directory.search(settings.baseDn, accountFilter(settings), [
    ...mapped,
    settings.disable.attribute,
  ]);
  const byDn = new Map(entries.map((e) => [e.dn.toLowerCase(), e]));
  const groupDns = new Map(input.groups.map((g) => [g.key, groupDn(g.name, settings)]));
  const managed = new Set([...groupDns.values()].map((d) => d.toLowerCase()));
  const groupEntries = (await directory.search(settings.groupsDn, '(objectClass=*)', ['member'])).filter((g) =>
    managed.has(g.dn.toLowerCase()),
  );
  const memberOf = new Map<string, string[]>();
  for (const g of groupEntries)
    for (const m of g.attributes.member ?? [])
      memberOf.set(m.toLowerCase(), [...(memberOf.get(m.toLowerCase()) ?? []), g.dn]);
  const out: PlannedFix[] = [];
  const seen = new Set<string>();
  const wantedMembers = new Map<string, Set<string>>([...managed].map((g) => [g, new Set<string>()]));
  const ids = await candidates(db, input);
  for (let i = 0; i < ids.length; i += PAGE) {
    const page = ids.slice(i, i + PAGE);
    const desired = await desiredOf({ ...input, groupDns }, page);
    const synced = await syncedAccounts(db, input.targetId, page);
    for (const id of page) {
      const d = desired.get(id)!;
      const s = synced.get(id);
      const entry =
        (s && byDn.get(s.dn.toLowerCase())) ?? (d.desired ? byDn.get(d.desired.dn.toLowerCase()) : undefined);
      if (entry) seen.add(entry.dn.toLowerCase());
      for (const g of d.desired?.groups ?? []) wantedMembers.get(g.toLowerCase())?.add(d.desired!.dn.toLowerCase());
      if (d.error) {
        out.push({
          fix: { objectType: 'person', objectId: id, dn: s?.dn ?? '', action: 'failed', detail: d.error },
          ops: [],
          outcome: null,
        });
        continue;
      }
      const remote = entry ? remoteAccount(entry, settings, mapped, memberOf, s, now) : null;
      const plan = planAccount(d.desired, remote, {
        objectClasses: settings.objectClasses,
        disable: settings.disable,
        lifecycle: def.lifecycle,
        now,
      });
      const outcome = { id, since: now, next: plan.next, collision: d.collision === true };
      if (plan.ops.length) out.push({ fix: fixOf(plan, id, entry?.dn ?? d.desired?.dn ?? ''), ops: plan.ops, outcome });
      else if (s && (!plan.next || plan.next.dn !== s.dn)) out.push({ fix: fixOf(plan, id, s.dn), ops: [], outcome });
    }
  }
  for (const g of groupEntries) {
    const wanted = wantedMembers.get(g.dn.toLowerCase())!;
    // Members that are accounts of people were compared with the person; the rest do not belong.
    const stray = (g.attributes.member ?? []).filter((m) => !wanted.has(m.toLowerCase()) && !seen.has(m.toLowerCase()));
    if (stray.length)
      out.push({
        fix: {
          objectType: 'group',
          objectId: null,
          dn: g.dn,
          action: 'remove-members',
          detail: `stray members: ${stray.join('; ')}`,
        },
        ops: [{ op: 'removeMembers', group: g.dn, members: stray }],
        outcome: null,
      });
  }
  for (const e of entries)
    if (!seen.has(e.dn.toLowerCase()))
      out.push({
        fix: {
          objectType: 'entry',
          objectId: null,
          dn: e.dn,
          action: 'unmanaged',
          detail: 'an account Steward did not write; left as it is',
        },
        ops: [],
        outcome: null,
      });
  return out;
}

/** Carries out planned fixes in order and records each account's new sync row. Returns how many failed. */
/** Called (and awaited) after each page of fixes is recorded: fixes walked so far, and how many of them failed. */
export type SyncProgress = (done: number, failed: number) => Promise<void>;

export async function applyFixes(
  db: Db,
  directory: LdapDirectory,
  targetId: number,
  fixes: PlannedFix[],
  now: Date,
  onProgress?: SyncProgress,
) {
  let failed = 0;
  const done: Outcome[] = [];
  for (const [i, f] of fixes.entries()) {
    try {
      if (f.ops.length) await directory.apply(f.ops);
      if (f.outcome) done.push(f.outcome);
    } catch (e) {
      failed += 1;
      f.fix.detail = `${f.fix.detail} — failed: ${e instanceof Error ? e.message : String(e)}`;
      f.fix.action = `${f.fix.action} (failed)`;
    }
    if (done.length >= PAGE) {
      await recordPage(db, targetId, done.splice(0), [], now);
      await onProgress?.(i + 1, failed);
    }
  }
  await recordPage(db, targetId, done, [], now);
  return failed;
}
