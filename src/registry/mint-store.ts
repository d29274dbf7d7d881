import { sql } from 'kysely';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import { formatIdNumber, type IdNumberFormat, maxCounter } from './id-number.ts';
import { Allocation, candidatesFor, lookupsFor } from './minting.ts';
import type { NamePatternPlan } from './minting-settings.ts';
import { nameTokens } from './username-patterns.ts';
import type { PersonName } from './names.ts';
import { conflict } from '../platform/errors.ts';

/**
 * The storage side of minting, set-based so a batch of thousands costs a handful of
 * queries. A value is issued only when its row in reserved_identifiers is inserted by this
 * transaction (INSERT … ON CONFLICT DO NOTHING RETURNING): a concurrent minter that wins a
 * value makes this one pick again, so two people can never be issued the same value.
 */
export interface MintTarget extends PersonName {
  id: number;
}

const MAX_ROUNDS = 20;
/** Advisory lock class of name-based minting (the second key is the kind). */
const MINT_LOCK = 73_011_980;

/**
 * Inserts reservations in value order (so concurrent batches lock alike) and returns the values this transaction won.
 */
async function reserveMany(
  uow: UnitOfWork,
  kind: string,
  wanted: { value: string; personId: number }[],
): Promise<Set<string>> {
  if (wanted.length === 0) return new Set();
  const sorted = [...wanted].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const { rows } = await sql<{ value: string }>`
    insert into reserved_identifiers (kind, value, person_id, reserved_at)
    select ${kind}::text, v.value, v.person_id, ${uow.now}::timestamptz from unnest(${sorted.map((w) => w.value)}::text[], ${sorted.map((w) => w.personId)}::bigint[]) with ordinality as v(value, person_id, n)
    order by v.n
    on conflict do nothing returning value`.execute(uow.db);
  return new Set(rows.map((r) => r.value));
}

/** Values of a kind already reserved among exact candidates and numbered-stem prefix ranges. */
async function takenValues(uow: UnitOfWork, kind: string, values: string[], prefixes: string[]): Promise<string[]> {
  const { rows } = await sql<{ value: string }>`
    select value from reserved_identifiers where kind = ${kind} and value = any(${values}::text[])
    union all
    select r.value from unnest(${prefixes}::text[]) as p(prefix)
    cross join lateral (select value from reserved_identifiers r where r.kind = ${kind} and r.value >= p.prefix and r.value < p.prefix || ':' offset 0) r`.execute(
    uow.db,
  );
  return rows.map((r) => r.value);
}

/** Of the given email addresses, those some person already lists as a contact address. */
async function contactAddresses(uow: UnitOfWork, addresses: string[]): Promise<string[]> {
  if (addresses.length === 0) return [];
  const { rows } = await sql<{ address: string }>`
    select a.address from unnest(${addresses}::text[]) as a(address)
    where exists (select 1 from people p where p.emails @> jsonb_build_array(jsonb_build_object('address', a.address)))`.execute(
    uow.db,
  );
  return rows.map((r) => r.address);
}

/**
 * Usernames or email addresses for many people from the name patterns; returns person id →
 * value (people whose candidates are all used up are missing from the map).
 */
export async function mintFromNames(
  uow: UnitOfWork,
  kind: 'username' | 'email',
  plan: NamePatternPlan,
  people: MintTarget[],
): Promise<Map<number, string>> {
  const issued = new Map<number, string>();
  // Minters of one kind take turns (until commit): namesakes minting at the same moment
  // would otherwise all reach for the same next free value, round after round.
  await sql`select pg_advisory_xact_lock(${MINT_LOCK}, hashtext(${kind}))`.execute(uow.db);
  let pending = people.map((p) => ({ id: p.id, candidates: candidatesFor(plan, nameTokens(p)) }));
  let allocation: Allocation | null = null;
  for (let round = 0; round < MAX_ROUNDS && pending.length; round += 1) {
    const lookups = lookupsFor(
      plan,
      pending.map((p) => p.candidates),
    );
    const taken = await takenValues(uow, kind, lookups.values, lookups.prefixes);
    if (!allocation) allocation = new Allocation(plan, taken);
    else for (const v of taken) allocation.take(v);
    let choices = pending.map((p) => ({ ...p, value: allocation!.choose(p.candidates) }));
    if (kind === 'email') {
      // An address someone already lists as their contact email is not issued to another person.
      for (let check = 0; check < MAX_ROUNDS; check += 1) {
        const clash = new Set(
          await contactAddresses(
            uow,
            choices.filter((c) => c.value).map((c) => c.value!),
          ),
        );
        if (clash.size === 0) break;
        choices = choices.map((c) =>
          c.value && clash.has(c.value)
            ? { ...c, value: (allocation!.take(c.value), allocation!.choose(c.candidates)) }
            : c,
        );
      }
    }
    const won = await reserveMany(
      uow,
      kind,
      choices.filter((c) => c.value).map((c) => ({ value: c.value!, personId: c.id })),
    );
    for (const c of choices) if (c.value && won.has(c.value)) issued.set(c.id, c.value);
    pending = choices.filter((c) => c.value && !won.has(c.value));
  }
  if (pending.length)
    throw conflict(
      `could not mint a ${kind} for ${pending.length} people after ${MAX_ROUNDS} rounds of concurrent collisions; try again`,
    );
  return issued;
}

/** ID numbers for many people from the counter; values reserved by other means are skipped. */
export async function mintIdNumbers(
  uow: UnitOfWork,
  format: IdNumberFormat,
  personIds: number[],
): Promise<Map<number, string>> {
  const issued = new Map<number, string>();
  await sql`insert into mint_counters (name, next_value) values ('id-number', ${format.start}) on conflict (name) do nothing`.execute(
    uow.db,
  );
  let pending = [...personIds];
  while (pending.length) {
    const { rows } = await sql<{ first: number }>`
      update mint_counters set next_value = greatest(next_value, ${format.start}) + ${pending.length}
      where name = 'id-number' returning next_value - ${pending.length} as first`.execute(uow.db);
    const first = rows[0].first;
    if (first + pending.length - 1 > maxCounter(format))
      throw conflict(
        `the ID number counter has run out of ${format.digits}-digit numbers; widen the format in the minting settings`,
      );
    const wanted = pending.map((personId, i) => ({ personId, value: formatIdNumber(format, first + i) }));
    const won = await reserveMany(uow, 'id-number', wanted);
    for (const w of wanted) if (won.has(w.value)) issued.set(w.personId, w.value);
    pending = wanted.filter((w) => !won.has(w.value)).map((w) => w.personId);
  }
  return issued;
}

/** Attaches issued values as identifiers, one multi-row insert. */
export async function insertIdentifiers(uow: UnitOfWork, kind: string, issued: Map<number, string>): Promise<void> {
  if (issued.size === 0) return;
  const ids = [...issued.keys()];
  await sql`
    insert into identifiers (kind, scope, value, person_id, created_at)
    select ${kind}::text, '', v.value, v.person_id, ${uow.now}::timestamptz from unnest(${ids.map((id) => issued.get(id)!)}::text[], ${ids}::bigint[]) as v(value, person_id)`.execute(
    uow.db,
  );
}
