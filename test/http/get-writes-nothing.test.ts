import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCases } from './route-cases/index.ts';
import { makeRouteFixture, type RouteFixture } from './route-fixture.ts';

/**
 * A GET never writes: every GET route, called by an account allowed to read it, leaves every table exactly as it
 * was (each table's rows digested before and after), and the change-log and audit heads with them. The public GETs
 * from the OpenAPI document are walked too. Left out of the digest: when a token or decision client was last used
 * (authentication's bookkeeping, at most once a minute, shown to administrators; not the route's doing).
 */
const bookkeeping = new Set(['api_tokens.last_used_at', 'decision_clients.last_used_at']);

describe('a GET writes nothing', () => {
  let fx: RouteFixture;
  let digestQuery: string;
  beforeAll(async () => {
    fx = await makeRouteFixture();
    const columns = await sql<{ t: string; c: string }>`
      select c.table_name as t, c.column_name as c from information_schema.columns c
      join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      order by c.table_name, c.ordinal_position`.execute(fx.t.db());
    const byTable = new Map<string, string[]>();
    for (const { t, c } of columns.rows) {
      if (bookkeeping.has(`${t}.${c}`)) continue;
      byTable.set(t, [...(byTable.get(t) ?? []), `"${c}"`]);
    }
    expect(byTable.size).toBeGreaterThan(30);
    digestQuery = [...byTable]
      .map(
        ([t, cols]) =>
          `select '${t}' as t, count(*)::text as n, md5(coalesce(string_agg(row(${cols.join(', ')})::text, '|' order by row(${cols.join(', ')})::text), '')) as d from "${t}"`,
      )
      .join(' union all ');
  });
  afterAll(() => fx.t.close());

  async function digest(): Promise<Map<string, string>> {
    const { rows } = await sql<{ t: string; n: string; d: string }>`${sql.raw(digestQuery)}`.execute(fx.t.db());
    return new Map(rows.map((r) => [r.t, `${r.n}:${r.d}`]));
  }

  function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
    return [...after].filter(([t, d]) => before.get(t) !== d).map(([t]) => t);
  }

  it('every private GET route leaves every table as it was', async () => {
    const gets = allCases.filter((c) => c.route.startsWith('GET '));
    expect(gets.length).toBeGreaterThan(50);
    // Every request's rows first (building them writes), then the calls alone: each call's digest is the
    // next one's before.
    const requests = [];
    for (const c of gets) requests.push({ c, options: await c.request(fx, c.allowed) });
    const writers: string[] = [];
    let before = await digest();
    for (const { c, options } of requests) {
      const response = await fx.call(c.allowed, options);
      expect(response.statusCode, `${c.route}: ${response.body.slice(0, 300)}`).toBeLessThan(300);
      const after = await digest();
      const changed = changedTables(before, after);
      if (changed.length) writers.push(`${c.route} wrote ${changed.join(', ')}`);
      before = after;
    }
    expect(writers).toEqual([]);
  });

  it('every public GET route in the OpenAPI document leaves every table as it was', async () => {
    const doc = (await fx.t.server.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const publicGets = Object.entries(doc.paths)
      .filter(([, ops]) => ops.get && Array.isArray(ops.get.security) && ops.get.security.length === 0)
      .filter(([path]) => !path.includes('{'))
      .map(([path]) => path);
    expect(publicGets).toContain('/health');
    const writers: string[] = [];
    let before = await digest();
    for (const path of publicGets) {
      await fx.t.server.inject({ method: 'GET', url: path });
      const after = await digest();
      const changed = changedTables(before, after);
      if (changed.length) writers.push(`GET ${path} wrote ${changed.join(', ')}`);
      before = after;
    }
    expect(writers).toEqual([]);
  });
});
