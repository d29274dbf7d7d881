import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Filter } from 'scim2-parse-filter';
import { stringify } from 'scim2-parse-filter';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { matchesFilter, sortRows } from '../../src/scim/scim-filter-eval.ts';
import type { ScimPersonRow } from '../../src/scim/scim-person-row.ts';
import { makeTestApp, type TestApp } from '../harness.ts';

/**
 * The filter compiler (scim-filter-sql.ts) against the in-memory meaning of the same filter (scim-filter-eval.ts):
 * random people written straight to the tables, random filters over every operator and attribute, the same people
 * must match; and `sortBy` must give the same order.
 */
let t: TestApp;
let seed = 20261206;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const WORDS = ['a', 'A', 'ab', 'Ab', 'b', 'ba', 'abc', 'ABC', 'c', 'ca', 'bc', ''] as const;
const word = () => pick(WORDS.filter(Boolean));
const people: ScimPersonRow[] = [];
const TODAY = '2026-09-01';

beforeAll(async () => {
  t = await makeTestApp({ start: `${TODAY}T09:00:00Z` });
  const db = t.db();
  const now = t.clock.now();
  const { id: typeId } = await db
    .insertInto('status_types')
    .values({
      name: 'staff',
      rank: 1,
      category: 'staff',
      directory: 'Y',
      match: '{}',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let i = 0; i < 70; i++) {
    const created = new Date(Date.UTC(2020, 0, 1) + Math.floor(rand() * 5e10));
    const updated = new Date(created.getTime() + Math.floor(rand() * 1e9));
    const emails = Array.from({ length: Math.floor(rand() * 3) }, () => ({
      address: `${word()}@${pick(['x.org', 'Y.com', 'ab.org'])}`,
      ...(rand() < 0.7 ? { label: pick(['work', 'home', 'Work']) } : {}),
    }));
    const phones = Array.from({ length: Math.floor(rand() * 2) }, () => ({ number: `+1 ${word()}`, label: 'work' }));
    const row = {
      given_name: word(),
      family_name: rand() < 0.1 ? '' : word(),
      middle_name: rand() < 0.5 ? null : word(),
      preferred_name: rand() < 0.7 ? null : word(),
    };
    const { id } = await db
      .insertInto('people')
      .values({
        ...row,
        emails: JSON.stringify(emails),
        phones: JSON.stringify(phones),
        search_name: 'x',
        created_at: created,
        updated_at: updated,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const userName = rand() < 0.6 ? `${word()}${i}` : null;
    if (userName)
      await db
        .insertInto('identifiers')
        .values({ kind: 'username', value: userName, person_id: id, created_at: now })
        .execute();
    const employeeNumber = rand() < 0.4 ? `E${word()}` : null;
    if (employeeNumber)
      await db
        .insertInto('identifiers')
        .values({ kind: 'employee-number', value: `${employeeNumber}`, person_id: id, created_at: now })
        .onConflict((oc) => oc.doNothing())
        .execute();
    const status = pick(['none', 'current', 'past', 'future', 'open'] as const);
    const dates = {
      current: ['2026-01-01', '2026-12-31'],
      past: ['2025-01-01', '2026-08-31'],
      future: ['2026-09-02', null],
      open: [null, null],
    } as const;
    if (status !== 'none')
      await db
        .insertInto('person_statuses')
        .values({
          person_id: id,
          status_type_id: typeId,
          start_date: dates[status][0],
          end_date: dates[status][1],
          because: '[]',
          created_at: now,
          updated_at: now,
        })
        .execute();
    people.push({
      id: Number(id),
      userName: userName ?? `person-${id}`,
      givenName: row.given_name,
      middleName: row.middle_name,
      familyName: row.family_name,
      preferredName: row.preferred_name,
      emails,
      phones,
      active: status === 'current' || status === 'open',
      created,
      lastModified: updated,
      version: 1,
      employeeNumber: null,
    });
  }
  // Employee numbers may have collided (doNothing): read back who holds which, as the rule's input.
  const held = await db
    .selectFrom('identifiers')
    .select(['person_id', 'value'])
    .where('kind', '=', 'employee-number')
    .execute();
  for (const h of held) people.find((p) => p.id === Number(h.person_id))!.employeeNumber = h.value;
});
afterAll(() => t.close());

const STRING_ATTRS = [
  'userName',
  'name.givenName',
  'Name.FamilyName',
  'name.middleName',
  'name.formatted',
  'displayName',
  'id',
  'emails',
  'emails.value',
  'emails.type',
  'phoneNumbers.value',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
  'urn:ietf:params:scim:schemas:core:2.0:User:userName',
] as const;
const STRING_OPS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const;
const DATE_OPS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const;

function atom(): Filter {
  const r = rand();
  if (r < 0.08) return { op: 'pr', attrPath: pick([...STRING_ATTRS, 'emails', 'phoneNumbers', 'active']) };
  if (r < 0.16)
    return { op: pick(['eq', 'ne'] as const), attrPath: pick(['active', 'emails.primary']), compValue: rand() < 0.5 };
  if (r < 0.24) {
    const at = pick(people).lastModified;
    return { op: pick(DATE_OPS), attrPath: pick(['meta.lastModified', 'meta.created']), compValue: at.toISOString() };
  }
  if (r < 0.3) return { op: pick(['eq', 'ne'] as const), attrPath: 'name.middleName', compValue: null };
  if (r < 0.4) {
    const inner: Filter = {
      op: pick(['and', 'or'] as const),
      filters: [
        { op: pick(STRING_OPS), attrPath: 'type', compValue: pick(['work', 'WORK', 'home', 'w']) },
        { op: pick(STRING_OPS), attrPath: 'value', compValue: word() },
      ],
    };
    return {
      op: '[]',
      attrPath: pick(['emails', 'phoneNumbers']),
      valFilter: rand() < 0.3 ? { op: 'not', filter: inner } : inner,
    };
  }
  const attrPath = pick(STRING_ATTRS);
  const compValue = attrPath === 'id' ? String(pick(people).id) : pick(WORDS);
  return { op: pick(STRING_OPS), attrPath, compValue };
}

function randomFilter(depth: number): Filter {
  const r = rand();
  if (depth <= 0 || r < 0.45) return atom();
  if (r < 0.6) return { op: 'not', filter: randomFilter(depth - 1) };
  return { op: pick(['and', 'or'] as const), filters: [randomFilter(depth - 1), randomFilter(depth - 1)] };
}

describe('the filter compiler agrees with the in-memory rule', () => {
  it('matches the same people for 300 random filters over every operator and attribute', async () => {
    const actor = systemActor('test');
    let nonTrivial = 0;
    for (let i = 0; i < 300; i++) {
      const filter = randomFilter(3);
      const text = stringify(filter);
      const expected = people.filter((p) => matchesFilter(filter, p)).map((p) => p.id);
      const got = await t.app.scim.searchUsers(actor, {
        filter: text,
        sortOrder: 'ascending',
        startIndex: 1,
        count: 200,
      });
      expect(
        got.rows.map((r) => r.id),
        text,
      ).toEqual(expected);
      expect(got.total, text).toBe(expected.length);
      if (expected.length > 0 && expected.length < people.length) nonTrivial++;
    }
    expect(nonTrivial).toBeGreaterThan(100);
  });
  it('orders by every sortable attribute as the in-memory rule does, both ways', async () => {
    const actor = systemActor('test');
    for (const sortBy of [...STRING_ATTRS, 'active', 'meta.created', 'meta.lastModified', 'emails.type'])
      for (const sortOrder of ['ascending', 'descending'] as const) {
        const got = await t.app.scim.searchUsers(actor, { sortBy, sortOrder, startIndex: 1, count: 200 });
        expect(
          got.rows.map((r) => r.id),
          `${sortBy} ${sortOrder}`,
        ).toEqual(sortRows(people, sortBy, sortOrder).map((p) => p.id));
      }
  });
});
