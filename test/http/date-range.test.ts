import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageKind } from '../harness.ts';
import type { JsonSchema } from './fuzz-arbitraries.ts';
import { makeRouteFixture, type RouteFixture } from './route-fixture.ts';

/**
 * Dates out of their sane range, by kind, on every route (issue 13): each date and date-time field of every request
 * body and query in the OpenAPI document is sent a day before 1900, a day the calendar has not and (date-times) an
 * instant past 9999-12-31 or a leap second (23:59:60, which no stored timestamp holds); each must be a 400 naming
 * that field with the rule `date-range`, and change nothing.
 */
interface Parameter {
  in: string;
  name: string;
  schema: JsonSchema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}
type Kind = 'date' | 'date-time';

const BAD: Record<Kind, string[]> = {
  date: ['1899-12-31', '2026-02-30', '0000-01-01'],
  'date-time': ['1899-12-31T12:00:00Z', '2026-02-30T10:00:00Z', '9999-12-31T23:00:00-02:00', '2026-09-01T23:59:60Z'],
};

/** Every date or date-time inside a schema, as the JSON pointer of a value that reaches it (array items at 0). */
function datesIn(schema: JsonSchema | undefined, pointer = ''): { pointer: string; kind: Kind }[] {
  if (!schema || typeof schema !== 'object') return [];
  const s = schema as JsonSchema & { anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; allOf?: JsonSchema[] };
  if (s.format === 'date' || s.format === 'date-time') return [{ pointer, kind: s.format }];
  const found: { pointer: string; kind: Kind }[] = [];
  for (const branch of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])])
    found.push(...datesIn(branch, pointer));
  for (const [name, sub] of Object.entries(s.properties ?? {})) found.push(...datesIn(sub, `${pointer}/${name}`));
  if (s.items && !Array.isArray(s.items)) found.push(...datesIn(s.items as JsonSchema, `${pointer}/0`));
  // One pointer per field, whichever branch of a union reached it.
  return found.filter((f, i) => found.findIndex((g) => g.pointer === f.pointer) === i);
}

/** A value holding `leaf` at `pointer` and nothing else. */
function holding(pointer: string, leaf: string): unknown {
  const keys = pointer.split('/').slice(1);
  const build = (i: number): unknown => {
    if (i === keys.length) return leaf;
    return keys[i] === '0' ? [build(i + 1)] : { [keys[i]!]: build(i + 1) };
  };
  return build(0);
}

describe(`dates out of range are refused naming the field, on every route (${storageKind})`, () => {
  let fx: RouteFixture;
  let paths: Record<string, Record<string, Operation>>;
  beforeAll(async () => {
    fx = await makeRouteFixture();
    paths = (await fx.t.server.inject({ method: 'GET', url: '/openapi.json' })).json().paths;
  });
  afterAll(() => fx.t.close());

  const heads = async () =>
    JSON.stringify(await fx.t.db().selectFrom('chain_heads').select(['name', 'seq']).orderBy('name').execute());

  it('answers 400 with the field and the rule date-range, and changes nothing', async () => {
    const failures: string[] = [];
    const fields = new Set<string>();
    for (const [path, methods] of Object.entries(paths))
      for (const [method, op] of Object.entries(methods)) {
        const url = path.replace(/\{(\w+)\}/g, (_, name: string) =>
          name === 'id' || name.endsWith('Id') ? String(fx.person.inA) : 'hr',
        );
        const query = (op.parameters ?? []).filter((p) => p.in === 'query');
        const body = op.requestBody?.content['application/json']?.schema;
        const cases = [
          ...query.flatMap((p) =>
            datesIn(p.schema).map((d) => ({ part: 'querystring', name: p.name, pointer: `/${p.name}`, kind: d.kind })),
          ),
          ...datesIn(body).map((d) => ({ part: 'body', name: d.pointer, pointer: d.pointer, kind: d.kind })),
        ];
        for (const c of cases) {
          const key = `${method.toUpperCase()} ${path} ${c.part}${c.pointer}`;
          fields.add(key);
          for (const bad of BAD[c.kind]) {
            const before = await heads();
            const response = await fx.t.call(fx.t.tokens.admin, {
              method: method.toUpperCase() as 'POST',
              url: c.part === 'querystring' ? `${url}?${c.name}=${encodeURIComponent(bad)}` : url,
              headers: { 'if-match': '"1"' },
              ...(c.part === 'body' ? { payload: holding(c.pointer, bad) as object } : {}),
            });
            const problem = String(response.headers['content-type']).startsWith('application/problem+json')
              ? (response.json() as { errors?: { field: string; rule: string }[] })
              : {};
            // The field's one problem is the range (not its format, nor "must be null" of a nullable date).
            const atField = (problem.errors ?? []).filter((e) => e.field === `${c.part}${c.pointer}`);
            if (response.statusCode !== 400 || atField.length === 0 || atField.some((e) => e.rule !== 'date-range'))
              failures.push(`${key} = ${bad}: ${response.statusCode} ${response.body.slice(0, 300)}`);
            if ((await heads()) !== before) failures.push(`${key} = ${bad}: the chain heads moved`);
          }
        }
      }
    console.log(`date-range: ${fields.size} date fields checked (${storageKind})`);
    expect(failures).toEqual([]);
    expect(fields.size).toBeGreaterThan(20);
  }, 300_000);

  it('refuses the same in a single record from a system of record, and in a CSV import', async () => {
    const source = await fx.call('admin', {
      method: 'POST',
      url: '/sources',
      payload: { name: 'hr', label: 'HR', kinds: ['staff'] },
    });
    expect(source.statusCode, source.body).toBeLessThan(300);
    const record = await fx.call('admin', {
      method: 'PUT',
      url: '/sources/hr/records/E1',
      payload: {
        personKey: 'P1',
        givenName: 'Old',
        familyName: 'Timer',
        birthDate: '1850-03-01',
        kind: 'staff',
        orgCode: 'DEPA',
      },
    });
    expect(record.statusCode, record.body).toBe(400);
    expect(record.json().errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'date-range', message: 'must be on or after 1900-01-01' }),
      ]),
    );
    const csv = await fx.call('admin', {
      method: 'POST',
      url: '/imports/people?source=hr&dryRun=true',
      headers: { 'content-type': 'text/csv' },
      payload: 'source_key,family_name,birth_date\nk1,Old,1850-03-01\n',
    });
    expect(csv.statusCode, csv.body).toBeLessThan(500);
    expect(csv.body).toContain('"rule":"date-range"');
  });
});
