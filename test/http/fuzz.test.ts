import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_COLUMNS } from '../../src/registry/import-rows.ts';
import { SNAPSHOT_COLUMNS } from '../../src/sources/snapshot-rows.ts';
import { storageKind } from '../harness.ts';
import { edgeStrings, fromSchema, type JsonSchema, malformedPathValues, spliceRaw } from './fuzz-arbitraries.ts';
import { makeRouteFixture, type RouteFixture } from './route-fixture.ts';

/**
 * Property-based fuzzing of every route in the OpenAPI document, as the system
 * administrator: bodies, queries and path parameters derived from each route's schema,
 * well-formed and malformed (edge strings, extreme numbers, impossible dates, deep nesting,
 * a 1 MB string, bad ids). Whatever comes in: never a 5xx; every 4xx is problem+json with
 * status and title; and a refused request leaves the change-log and audit heads as they were.
 *
 * STEWARD_FUZZ_RUNS sets the generated requests per route (default 8; e.g. 500 for a long
 * run); STEWARD_FUZZ_SEED replays a run.
 */
const runs = Number(process.env.STEWARD_FUZZ_RUNS ?? 8);
const seed = Number(process.env.STEWARD_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

interface Operation {
  summary?: string;
  parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}
interface Route {
  key: string;
  method: string;
  path: string;
  op: Operation;
}

/** Routes whose body is a stream of text rather than JSON, fuzzed with random text of their content types. */
const streamed: Record<string, { types: string[]; columns: readonly string[] }> = {
  'POST /imports/people': { types: ['text/csv'], columns: IMPORT_COLUMNS },
  'POST /imports/orgs': {
    types: ['text/csv'],
    columns: ['code', 'parent_code', 'kind', 'name', 'abbreviation', 'alt_names', 'valid_from', 'valid_to', 'custom.x'],
  },
  'POST /sources/{name}/snapshots': { types: ['text/csv', 'application/x-ndjson'], columns: SNAPSHOT_COLUMNS },
};

/** Routes not fuzzed with generated requests, each with its reason; each still gets the malformed requests. */
const limited: Record<string, string> = {};

/** Routes whose errors are RFC 6749 §5.2 JSON (`{error}`), which OAuth clients read, rather than problem+json. */
const oauthErrors = new Set(['POST /oauth/token']);
const isOAuthError = (r: LightMyRequestResponse) =>
  String(r.headers['content-type'] ?? '').startsWith('application/json') && typeof r.json().error === 'string';

const counts = { sent: 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 };
const failures: string[] = [];
/** 4xx answers from the database refusing the input (the problem handler's last line), by route and SQLSTATE. */
const refusedByDatabase = new Set<string>();

const csvCell = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(...edgeStrings) },
  { weight: 1, arbitrary: fc.constantFrom('staff', 'UNI', 'FACA', '2026-09-01', 'a@b.org', '1', '') },
);
const quote = (cell: string) =>
  /[",\n\r]/.test(cell) || Math.random() < 0.5 ? `"${cell.replaceAll('"', '""')}"` : cell;

function textBody(columns: readonly string[], type: string): fc.Arbitrary<string> {
  const row = fc.array(csvCell, { minLength: 0, maxLength: columns.length + 2 });
  const rows = fc.array(row, { maxLength: 4 });
  const header = fc.subarray([...columns], { minLength: 1 });
  if (type === 'application/x-ndjson')
    return fc
      .tuple(rows, header, fc.constantFrom('', '{', 'null', '[1]', '{"record_key": 1e400}', '\u0000'))
      .map(([rs, cols, junk]) =>
        [...rs.map((r) => JSON.stringify(Object.fromEntries(cols.map((c, i) => [c, r[i] ?? null])))), junk].join('\n'),
      );
  return fc
    .tuple(header, rows, fc.boolean())
    .map(([cols, rs, crlf]) => [cols.join(','), ...rs.map((r) => r.map(quote).join(','))].join(crlf ? '\r\n' : '\n'));
}

const encode = (value: unknown) => {
  try {
    return encodeURIComponent(String(value));
  } catch {
    return '%ED%A0%80'; // a lone surrogate has no UTF-8: send the bytes it would have had
  }
};

describe(`fuzzing every route (${storageKind})`, () => {
  let fx: RouteFixture;
  let routes: Route[];
  let token: string;
  let lastError: unknown;
  let tokenRenewals = 0;
  let changed = false;

  beforeAll(async () => {
    fx = await makeRouteFixture();
    fx.t.server.addHook('onError', async (_req, _reply, error) => {
      lastError = error;
    });
    token = fx.t.tokens.admin;
    const doc = (await fx.t.server.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, method, path, op })),
    );
  });
  afterAll(() => fx.t.close());

  const heads = async () =>
    JSON.stringify(
      await fx.t
        .db()
        .selectFrom('chain_heads')
        .select(['name', 'seq'])
        .where('name', 'in', ['changes', 'audit'])
        .orderBy('name')
        .execute(),
    );

  /** Sends one request and checks the three properties; throws what broke. */
  async function send(route: Route, options: InjectOptions): Promise<LightMyRequestResponse> {
    // A fuzzed request may have revoked the administrator's own token or account: make another.
    if (changed && (await fx.t.call(token, { method: 'GET', url: '/auth/me' })).statusCode === 401)
      token = await fx.t.tokenFor(`fuzz-root-${++tokenRenewals}`, [{ role: 'sysadmin' }]);
    const before = await heads();
    lastError = undefined;
    const response = await fx.t.call(token, options);
    changed = options.method !== 'GET' && response.statusCode < 300;
    counts.sent += 1;
    const status = response.statusCode;
    counts[`${Math.floor(status / 100)}xx` as '2xx'] += 1;
    const what = `${route.key} ${options.method} ${String(options.url).slice(0, 200)} body=${String(options.payload ?? '').slice(0, 300)}`;
    const refusal = lastError as { severity?: unknown; code?: string } | undefined;
    if (refusal?.severity && status < 500) refusedByDatabase.add(`${route.key} ${refusal.code}`);
    if (status >= 500) {
      const error = lastError as { message?: string; code?: string } | undefined;
      throw new Error(`${status} for ${what}: ${error?.code ?? ''} ${error?.message ?? response.body.slice(0, 300)}`);
    }
    if (status >= 400 && oauthErrors.has(route.key) && isOAuthError(response)) return response;
    if (status >= 400) {
      const type = String(response.headers['content-type'] ?? '');
      const problem = type.startsWith('application/problem+json') ? (response.json() as Record<string, unknown>) : null;
      if (!problem || problem.status !== status || typeof problem.title !== 'string')
        throw new Error(`${status} not a problem document (${type}) for ${what}: ${response.body.slice(0, 200)}`);
      const after = await heads();
      if (after !== before) throw new Error(`${status} moved the chain heads ${before} → ${after} for ${what}`);
    }
    return response;
  }

  async function check(route: Route, options: InjectOptions) {
    try {
      await send(route, options);
    } catch (e) {
      failures.push((e as Error).message);
    }
  }

  function requestArbitrary(route: Route): fc.Arbitrary<InjectOptions> {
    const params = (route.op.parameters ?? []).filter((p) => p.in === 'path');
    const query = (route.op.parameters ?? []).filter((p) => p.in === 'query');
    const idLike = (name: string) => name === 'id' || name.endsWith('Id');
    const ids = [1, 2, 3, 4, 5, fx.person.inA, fx.org.deptA];
    const pathArb = fc.record(
      Object.fromEntries(
        params.map((p) => [
          p.name,
          fc.oneof(
            { weight: 6, arbitrary: idLike(p.name) ? fc.constantFrom(...ids) : fromSchema(p.schema) },
            { weight: 2, arbitrary: fc.constantFrom('hr', 'staff', 'UNI', 'library', 'person', 'created') },
            { weight: 2, arbitrary: fc.constantFrom(...malformedPathValues).map((v) => ({ raw: v })) },
          ),
        ]),
      ),
    );
    const queryArb = fc.record(Object.fromEntries(query.map((p) => [p.name, fromSchema(p.schema, 2)])), {
      requiredKeys: query.filter((p) => p.required).map((p) => p.name),
    });
    const jsonSchema = route.op.requestBody?.content['application/json']?.schema;
    const stream = streamed[route.key];
    const bodyArb: fc.Arbitrary<{ type?: string; payload?: string }> = stream
      ? fc
          .constantFrom(...stream.types)
          .chain((type) => textBody(stream.columns, type).map((payload) => ({ type, payload })))
      : jsonSchema
        ? fc
            .oneof(fromSchema(jsonSchema), fromSchema(jsonSchema, 2))
            .map((b) => ({ type: 'application/json', payload: spliceRaw(JSON.stringify(b) ?? 'null') }))
        : fc.constant({});
    const ifMatch = fc.constantFrom('"1"', '"1"', '"2"', '*', 'W/"1"', '"99999999999999999999"', 'nonsense', undefined);
    return fc
      .record({ path: pathArb, query: queryArb, body: bodyArb, ifMatch })
      .map(({ path, query: q, body, ifMatch: m }) => {
        const url = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
          const v = path[name] as unknown;
          return v && typeof v === 'object' && 'raw' in v ? String(v.raw) : encode(v);
        });
        const search = Object.entries(q)
          .flatMap(([k, v]) =>
            [v].flat().map((item) => `${k}=${encode(typeof item === 'object' ? JSON.stringify(item) : item)}`),
          )
          .join('&');
        const headers: Record<string, string> = {};
        if (body.type) headers['content-type'] = body.type;
        if (m) headers['if-match'] = m;
        return {
          method: route.method.toUpperCase() as 'GET',
          url: search ? `${url}?${search}` : url,
          headers,
          payload: body.payload,
        };
      });
  }

  /** The same malformed requests for every route: bad path values, and bodies no schema allows. */
  function malformedRequests(route: Route, index: number): InjectOptions[] {
    const method = route.method.toUpperCase() as 'GET';
    const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const filled = (bad: string, at: string) =>
      route.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === at ? bad : name.endsWith('d') ? '1' : 'hr'));
    const out: InjectOptions[] = [];
    for (const name of names)
      for (let i = 0; i < 4; i++)
        out.push({
          method,
          url: filled(malformedPathValues[(index * 4 + i) % malformedPathValues.length]!, name),
          headers: { 'if-match': '"1"' },
        });
    const url = filled('1', '');
    const body = (type: string, payload: string | Buffer) => ({
      method,
      url,
      headers: { 'content-type': type, 'if-match': '"1"' },
      payload,
    });
    if (route.op.requestBody || streamed[route.key]) {
      const big = 'é'.repeat(512 * 1024);
      const props = Object.keys(route.op.requestBody?.content['application/json']?.schema.properties ?? { name: 1 });
      out.push(body('application/json', JSON.stringify(Object.fromEntries(props.slice(0, 3).map((p) => [p, big])))));
      out.push(body('application/json', `{"${props[0]}":${'['.repeat(1000)}${']'.repeat(1000)}}`));
      out.push(body('application/json', '{"__proto__":{"x":1},"constructor":{"prototype":{"x":1}}}'));
      out.push(body('application/json', '{"a":'));
      out.push(body('text/csv', Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x00, 0x2c, 0xff, 0xfe, 0x0a, 0xed, 0xa0, 0x80])));
    } else out.push(body('application/json', '[1e400]'));
    return out;
  }

  it('never answers 5xx; every 4xx is problem+json and changes nothing', async () => {
    console.log(`fuzz: ${routes.length} routes, ${runs} generated requests each, seed ${seed} (${storageKind})`);
    const streamedSeen = new Set<string>();
    for (const [index, route] of routes.entries()) {
      if (/text\/csv|x-ndjson/.test(route.op.summary ?? '') && route.method !== 'get') {
        if (!streamed[route.key]) failures.push(`${route.key} takes a streamed body but has no entry in "streamed"`);
        streamedSeen.add(route.key);
      }
      for (const options of malformedRequests(route, index)) await check(route, options);
      if (limited[route.key]) continue;
      try {
        await fc.assert(
          fc.asyncProperty(requestArbitrary(route), async (options) => {
            try {
              await send(route, options);
            } catch (e) {
              failures.push((e as Error).message);
              throw e;
            }
          }),
          { numRuns: runs, seed: seed + index, endOnFailure: true },
        );
      } catch (e) {
        failures.push(`  replay with STEWARD_FUZZ_SEED=${seed}: ${(e as Error).message.split('\n')[1]}`);
      }
    }
    const limitedList = Object.entries(limited).map(([r, why]) => `${r}: ${why}`);
    console.log(
      `fuzz: sent ${counts.sent} requests: 2xx ${counts['2xx']}, 3xx ${counts['3xx']}, 4xx ${counts['4xx']}, 5xx ${counts['5xx']}; ` +
        `admin token renewed ${tokenRenewals} times; streamed routes ${[...streamedSeen].join(', ')}; limited: ${limitedList.join('; ') || 'none'}`,
    );
    console.log(
      `fuzz: refused by the database rather than a route check: ${[...refusedByDatabase].join('; ') || 'none'}`,
    );
    expect(Object.keys(streamed).filter((k) => !streamedSeen.has(k))).toEqual([]);
    expect(failures).toEqual([]);
  }, 600_000);
});
