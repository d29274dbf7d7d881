import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Filter } from 'scim2-parse-filter';
import { stringify } from 'scim2-parse-filter';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { matchesFilter, sortRows } from '../../src/scim/scim-filter-eval.ts';
import type { ScimPersonRow } from '../../src/scim/scim-person-row.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg } from '../registry/world.ts';

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
  const { id: studentType } = await db
    .insertInto('status_types')
    .values({
      name: 'Student',
      rank: 2,
      category: 'student',
      directory: 'Y',
      match: '{}',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const top = await addOrg(t, 'ab', null, { name: 'Ab College' });
  const units = [top, await addOrg(t, 'ABC', top, { name: 'abc' }), await addOrg(t, 'ca', null, { name: 'Ca' })];
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
    if (rand() < 0.3)
      await db
        .insertInto('identifiers')
        .values({
          kind: pick(['source-key', 'ab']),
          scope: pick(['', 'hr', 'ab']),
          value: `${word()}${i}`,
          person_id: id,
          created_at: now,
        })
        .execute();
    let affiliatedNow = false;
    for (let n = Math.floor(rand() * 3); n > 0; n--) {
      const when = pick(['current', 'past', 'future', 'open'] as const);
      if (when === 'current' || when === 'open') affiliatedNow = true;
      await db
        .insertInto('affiliations')
        .values({
          person_id: id,
          org_id: pick(units),
          kind: pick(['staff', 'student', 'Staff']),
          title: rand() < 0.5 ? null : word(),
          valid_from: when === 'future' ? pick(['2026-09-02', '2026-10-01']) : pick([null, '2025-03-01', '2026-01-01']),
          valid_to: when === 'past' ? '2026-08-31' : when === 'current' ? '2026-12-31' : null,
          attributes: '{}',
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    const student = rand() < 0.3;
    if (student)
      await db
        .insertInto('person_statuses')
        .values({
          person_id: id,
          status_type_id: studentType,
          start_date: '2026-02-01',
          end_date: null,
          because: '[]',
          created_at: now,
          updated_at: now,
        })
        .execute();
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
      active: student || status === 'current' || status === 'open' || affiliatedNow,
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
  // The Steward extension as the service shows it: what the rule reads department, schemas and the extension from.
  const extras = await t.app.scim.extrasOf(people.map((p) => p.id));
  for (const p of people) p.extras = extras.get(p.id)!;
});
afterAll(() => t.close());

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const STEWARD = 'urn:ietf:params:scim:schemas:extension:steward:2.0:Person';
const SCHEMA_VALUES = [
  'urn:ietf:params:scim:schemas:core:2.0:User',
  ENTERPRISE,
  `${ENTERPRISE.toUpperCase()}`,
  STEWARD,
  'urn:',
];
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
  'schemas',
  `${ENTERPRISE}:department`,
  `${ENTERPRISE}:organization`,
  `${STEWARD}:statuses.name`,
  `${STEWARD}:statuses.start`,
  `${STEWARD}:statuses.end`,
  `${STEWARD}:primaryOrgUnit`,
  `${STEWARD}:affiliations.kind`,
  `${STEWARD}:affiliations.title`,
  `${STEWARD}:affiliations.orgCode`,
  `${STEWARD}:affiliations.orgName`,
  `${STEWARD}:affiliations.validFrom`,
  `${STEWARD}:affiliations.validTo`,
  `${STEWARD}:identifiers`,
  `${STEWARD}:identifiers.kind`,
  `${STEWARD}:identifiers.scope`,
] as const;
/** Values that exercise the index narrowing (three characters or more, LIKE wildcards) and the extension. */
const LONG_VALUES = [
  'abc',
  'ABC@',
  '@ab.org',
  'b@x.org',
  'a%b',
  'a_c',
  'x.org',
  'Ab College',
  'staff',
  '2026-0',
  'Student',
];

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
  if (r < 0.46) {
    const affiliations = rand() < 0.5;
    const inner: Filter = {
      op: 'and',
      filters: [
        { op: pick(STRING_OPS), attrPath: 'kind', compValue: pick(['staff', 'username', 'Student', 'ab']) },
        { op: pick(STRING_OPS), attrPath: affiliations ? 'orgCode' : pick(['value', 'scope']), compValue: pick(WORDS) },
      ],
    };
    return { op: '[]', attrPath: `${STEWARD}:${affiliations ? 'affiliations' : 'identifiers'}`, valFilter: inner };
  }
  if (r < 0.52) {
    const p = pick(people);
    const own = pick([
      p.userName,
      `person-${p.id}`,
      `PERSON-${p.id}`,
      `person-0${p.id}`,
      p.emails[0]?.address ?? 'abc',
    ]);
    return {
      op: pick(['eq', 'co', 'ew', 'sw'] as const),
      attrPath: pick(['userName', 'emails', 'emails.value']),
      compValue: own,
    };
  }
  const attrPath = pick(STRING_ATTRS);
  const compValue =
    attrPath === 'id'
      ? String(pick(people).id)
      : attrPath === 'schemas'
        ? pick(SCHEMA_VALUES)
        : rand() < 0.3
          ? pick(LONG_VALUES)
          : pick(WORDS);
  return { op: pick(STRING_OPS), attrPath, compValue };
}

function randomFilter(depth: number): Filter {
  const r = rand();
  if (depth <= 0 || r < 0.45) return atom();
  if (r < 0.6) return { op: 'not', filter: randomFilter(depth - 1) };
  return { op: pick(['and', 'or'] as const), filters: [randomFilter(depth - 1), randomFilter(depth - 1)] };
}

describe('the filter compiler agrees with the in-memory rule', () => {
  it('matches the same people for 600 random filters over every operator and attribute', async () => {
    const actor = systemActor('test');
    let nonTrivial = 0;
    for (let i = 0; i < 600; i++) {
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
      // A short page counts apart (a full page, or one past the end, cannot tell the total).
      const start = 1 + Math.floor(rand() * 4);
      const short = await t.app.scim.searchUsers(actor, {
        filter: text,
        sortOrder: 'ascending',
        startIndex: start,
        count: 3,
      });
      expect(short.total, `${text} (short page)`).toBe(expected.length);
      expect(
        short.rows.map((r) => r.id),
        `${text} (short page)`,
      ).toEqual(expected.slice(start - 1, start + 2));
      if (expected.length > 0 && expected.length < people.length) nonTrivial++;
    }
    expect(nonTrivial).toBeGreaterThan(200);
  });
  it('orders by every sortable attribute as the in-memory rule does, both ways', async () => {
    const actor = systemActor('test');
    for (const sortBy of [
      ...STRING_ATTRS.filter((a) => !a.endsWith(':identifiers')),
      'active',
      'meta.created',
      'meta.lastModified',
      'emails.type',
    ])
      for (const sortOrder of ['ascending', 'descending'] as const) {
        const got = await t.app.scim.searchUsers(actor, { sortBy, sortOrder, startIndex: 1, count: 200 });
        expect(
          got.rows.map((r) => r.id),
          `${sortBy} ${sortOrder}`,
        ).toEqual(sortRows(people, sortBy, sortOrder).map((p) => p.id));
      }
  });
});
