import type { TestApp } from '../harness.ts';
import { addOrg, createPerson } from '../registry/world.ts';
import { addType } from '../status/world.ts';

/**
 * A small institution for the feed tests: UNI with SCI (and MATH below it) and ART; the
 * status types Faculty, Staff and Student; a library stream whose patron_type is set per
 * status type (Staff keeps the default "none"); five people.
 *
 *   ada  Faculty in MATH (title Professor), username alovelace, email ada@nu.edu
 *   bob  Staff in ART
 *   cy   Student in SCI until 2026-12-31
 *   dee  Faculty in ART and Student in MATH (primary Faculty)
 *   eve  no affiliation
 */
export interface FeedWorld {
  org: Record<'uni' | 'sci' | 'math' | 'art', number>;
  type: Record<'faculty' | 'staff' | 'student', number>;
  person: Record<'ada' | 'bob' | 'cy' | 'dee' | 'eve', number>;
}

export async function makeFeedWorld(t: TestApp): Promise<FeedWorld> {
  const uni = await addOrg(t, 'UNI');
  const sci = await addOrg(t, 'SCI', uni);
  const math = await addOrg(t, 'MATH', sci);
  const art = await addOrg(t, 'ART', uni);
  const faculty = (
    await addType(t, {
      name: 'Faculty',
      rank: 900,
      cardLabel: 'FACULTY',
      directory: 'Y',
      match: { kinds: ['faculty'] },
    })
  ).id;
  const staff = (
    await addType(t, { name: 'Staff', rank: 700, cardLabel: 'STAFF', directory: 'Y', match: { kinds: ['staff'] } })
  ).id;
  const student = (
    await addType(t, { name: 'Student', rank: 500, category: 'student', directory: 'O', match: { kinds: ['student'] } })
  ).id;
  const stream = await t.call(t.tokens.admin, {
    method: 'POST',
    url: '/streams',
    payload: {
      name: 'library',
      accessRole: 'library',
      fields: [{ name: 'patron_type', type: 'enum', options: ['none', 'faculty', 'student'], default: 'none' }],
    },
  });
  if (stream.statusCode !== 201) throw new Error(stream.body);
  const values = await t.call(t.tokens.admin, {
    method: 'PUT',
    url: '/streams/library/values',
    headers: { 'if-match': String(stream.headers.etag) },
    payload: { values: { [faculty]: { patron_type: 'faculty' }, [student]: { patron_type: 'student' } } },
  });
  if (values.statusCode !== 200) throw new Error(values.body);
  const ada = (
    await createPerson(t, {
      givenName: 'Ada',
      familyName: 'Lovelace',
      emails: [{ address: 'ada@nu.edu' }],
      identifiers: [{ kind: 'username', value: 'alovelace' }],
      affiliation: { orgId: math, kind: 'faculty', title: 'Professor', validFrom: '2020-01-01' },
    })
  ).id;
  const bob = (
    await createPerson(t, {
      givenName: 'Bob',
      familyName: 'Baker',
      affiliation: { orgId: art, kind: 'staff', validFrom: '2020-01-01' },
    })
  ).id;
  const cy = (
    await createPerson(t, {
      givenName: 'Cy',
      familyName: 'Young',
      identifiers: [{ kind: 'username', value: 'cyoung' }],
      affiliation: { orgId: sci, kind: 'student', validFrom: '2025-09-01', validTo: '2026-12-31' },
    })
  ).id;
  const dee = (
    await createPerson(t, {
      givenName: 'Dee',
      familyName: 'Müller',
      identifiers: [{ kind: 'username', value: 'dmuller' }],
      affiliation: { orgId: art, kind: 'faculty', validFrom: '2019-01-01' },
    })
  ).id;
  const second = await t.call(t.tokens.admin, {
    method: 'POST',
    url: `/people/${dee}/affiliations`,
    payload: { orgId: math, kind: 'student', validFrom: '2024-09-01' },
  });
  if (second.statusCode !== 201) throw new Error(second.body);
  const eve = (await createPerson(t, { givenName: 'Eve', familyName: 'Nobody' })).id;
  return { org: { uni, sci, math, art }, type: { faculty, staff, student }, person: { ada, bob, cy, dee, eve } };
}

export async function defineFeed(t: TestApp, body: Record<string, unknown>) {
  const r = await t.call(t.tokens.admin, { method: 'POST', url: '/feeds', payload: body });
  if (r.statusCode !== 201) throw new Error(`feed ${JSON.stringify(body)}: ${r.body}`);
  return r.json() as { name: string; version: number };
}

export async function outputOf(t: TestApp, name: string, token = t.tokens.auditor) {
  const r = await t.call(token, { method: 'GET', url: `/feeds/${name}/output` });
  if (r.statusCode !== 200) throw new Error(`output of ${name}: ${r.body}`);
  return { type: String(r.headers['content-type']), body: r.body };
}

export async function pull(t: TestApp, name: string, token = t.tokens.auditor, body: Record<string, unknown> = {}) {
  const r = await t.call(token, { method: 'POST', url: `/feeds/${name}/pulls`, payload: body });
  if (r.statusCode !== 200) throw new Error(`pull of ${name}: ${r.body}`);
  return r.json() as {
    after: number;
    cursor: number;
    more: boolean;
    changes: { seq: number; personId: number; op: string; row: Record<string, string> }[];
  };
}
