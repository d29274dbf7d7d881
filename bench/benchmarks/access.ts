import autocannon from 'autocannon';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { accessRoutes } from '../../src/access/access-routes.ts';
import { installProblemHandlers } from '../../src/platform/http/problem.ts';
import { Problem } from '../../src/platform/http/schemas.ts';
import { buildServer } from '../../src/server/build-server.ts';
import { AT, randomProbes, randomWorld, type World } from '../../test/access/random-grants.ts';
import { inProcess, shapeFor } from './access-in-process.ts';
import type { Benchmark, BenchContext } from '../lib/context.ts';
import { log } from '../lib/progress.ts';
import type { BenchResult, Row } from '../lib/report.ts';
import { benchActor } from '../lib/steward.ts';
import { type Engine, openTarget } from '../lib/targets.ts';

/**
 * The decision point: in process (access-in-process.ts: µs per check against casbin and a floor of Map.get calls, on
 * about 1,100 / 11,000 / 110,000 role assignments; 10 applications × 4 roles × 5 permissions, 3,000 org units as
 * scopes), and HTTP POST /check against a bare Fastify route answering a constant, with p99 at 70 % of the maximum
 * rate (skipped with BENCH_ACCESS_HTTP=0).
 */

/** Writes a world's grants into a fresh database, with its units, people and affiliations. */
export async function load(
  db: import('kysely').Kysely<import('../../src/platform/db/schema.ts').DB>,
  w: World,
): Promise<void> {
  const now = new Date('2026-09-01T00:00:00Z');
  await db
    .insertInto('org_kinds')
    .values({ kind: 'unit', label: 'Unit', fields: '[]', created_at: now, updated_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const parent = (path: string) => {
    const parts = path.split('/').filter(Boolean);
    return parts.length > 1 ? Number(parts[parts.length - 2]) : null;
  };
  await sql`insert into org_units (id, code, kind, name, alt_names, parent_id, path, custom, created_at, updated_at)
    select t.id, t.code, 'unit', t.code, '[]', t.parent, t.path, '{}', ${now}, ${now} from unnest(${w.orgs.map((o) => o.id)}::bigint[], ${w.orgs.map((o) => o.code)}::text[], ${w.orgs.map((o) => parent(o.path))}::bigint[], ${w.orgs.map((o) => o.path)}::text[]) as t(id, code, parent, path)`.execute(
    db,
  );
  await sql`insert into people (id, given_name, family_name, search_name, emails, phones, created_at, updated_at)
    select i, 'P', 'N' || i, 'p n' || i, '[]', '[]', ${now}, ${now} from unnest(${w.people}::bigint[]) as i`.execute(
    db,
  );
  const affs = [...w.affiliations].flatMap(([p, list]) => list.map((f) => ({ p, ...f })));
  await sql`insert into affiliations (person_id, org_id, kind, valid_from, valid_to, attributes, created_at, updated_at)
    select t.p, t.o, t.k, t.f::date, t.u::date, '{}', ${now}, ${now} from unnest(${affs.map((a) => a.p)}::bigint[], ${affs.map((a) => a.orgId)}::bigint[], ${affs.map((a) => a.kind)}::text[], ${affs.map((a) => a.validFrom)}::text[], ${affs.map((a) => a.validTo)}::text[]) as t(p, o, k, f, u)`.execute(
    db,
  );
  for (const a of w.apps)
    await db
      .insertInto('access_applications')
      .values({
        id: a.id,
        name: a.name,
        label: a.name,
        implications: JSON.stringify(a.implications),
        created_at: now,
        updated_at: now,
      })
      .execute();
  for (const r of w.resources)
    await db
      .insertInto('access_resources')
      .values({
        id: r.id,
        application_id: r.appId,
        name: r.name,
        label: r.name,
        parent_id: r.parentId,
        created_at: now,
        updated_at: now,
      })
      .execute();
  for (const r of w.roles) {
    await db
      .insertInto('access_roles')
      .values({ id: r.id, application_id: r.appId, name: r.name, label: r.name, created_at: now, updated_at: now })
      .execute();
    if (r.permissions.length)
      await db
        .insertInto('access_permissions')
        .values(
          r.permissions.map((p) => ({
            id: p.id,
            role_id: r.id,
            action: p.action,
            resource_id: p.resourceId,
            limits: '[]',
            created_at: now,
          })),
        )
        .execute();
  }
  const as = w.assignments;
  const ts = (x: number | null) => (x === null ? null : new Date(x).toISOString());
  await sql`insert into access_assignments (id, role_id, subject_type, subject_id, scope_kind, org_id, affiliation_kind, enabled_from, enabled_until, limits, created_by, created_at, updated_at)
    select t.id, t.role, t.st, t.sid, t.sk, t.org, t.ak, t.f::timestamptz, t.u::timestamptz, '[]', 'bench', ${now}, ${now}
    from unnest(${as.map((a) => a.id)}::bigint[], ${as.map((a) => a.roleId)}::bigint[], ${as.map((a) => a.subjectType)}::text[], ${as.map((a) => a.subjectId)}::bigint[], ${as.map((a) => a.scopeKind)}::text[],
                ${as.map((a) => a.orgId)}::bigint[], ${as.map((a) => a.affiliationKind)}::text[], ${as.map((a) => ts(a.from))}::text[], ${as.map((a) => ts(a.until))}::text[]) as t(id, role, st, sid, sk, org, ak, f, u)`.execute(
    db,
  );
}

async function cannon(
  url: string,
  body: string,
  headers: Record<string, string>,
  overallRate?: number,
): Promise<{ rps: number; p99: number }> {
  const r = await autocannon({
    url,
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
    connections: 20,
    duration: 6,
    ...(overallRate ? { overallRate } : {}),
  });
  return { rps: r.requests.average, p99: r.latency.p99 };
}

async function overHttp(engine: Engine, world: World, grants: number, notes: string[]): Promise<Row[]> {
  const target = await openTarget(engine, 'access');
  const bare = Fastify();
  bare.post('/check', async () => ({ decision: 'allow', reasons: [] }));
  try {
    log(`${engine}: loading ${grants.toLocaleString('en')} grants for HTTP…`);
    await load(target.app.db, world);
    const user = await target.app.accounts.createUser(benchActor, {
      username: 'bench-pep',
      displayName: 'bench',
      password: 'correct horse battery',
      roles: [{ role: 'auditor' }],
    });
    const { token } = await target.app.accounts.createToken(benchActor, { name: 'bench', userId: user.id });
    const server = await buildServer(target.app);
    const url = await server.listen({ port: 0, host: '127.0.0.1' });
    // The same route and schemas with the caller resolved in memory: what the route costs without the authentication
    // hook.
    const lean = Fastify();
    lean.addSchema(Problem);
    installProblemHandlers(lean);
    lean.decorateRequest('actor', null);
    lean.addHook('onRequest', async (req) => {
      req.actor = benchActor;
    });
    await lean.register(accessRoutes(target.app));
    const leanUrl = await lean.listen({ port: 0, host: '127.0.0.1' });
    const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
    const p = randomProbes(world, 99, 1)[0];
    const body = JSON.stringify({
      subject: { type: 'person', id: p.personId },
      application: p.app,
      action: p.action,
      resource: p.resource,
      scope: p.orgId,
      at: AT.toISOString(),
    });
    const auth = { authorization: `Bearer ${token}` };
    const warm = await fetch(`${url}/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body,
    });
    if (warm.status !== 200) throw new Error(`POST /check answered ${warm.status}: ${await warm.text()}`);
    log(`${engine}: autocannon…`);
    const baseMax = await cannon(`${bareUrl}/check`, body, {});
    const ourMax = await cannon(`${url}/check`, body, auth);
    const at70 = await cannon(`${url}/check`, body, auth, Math.max(1, Math.floor(ourMax.rps * 0.7)));
    const baseAt70 = await cannon(`${bareUrl}/check`, body, {}, Math.max(1, Math.floor(ourMax.rps * 0.7)));
    const leanMax = await cannon(`${leanUrl}/check`, body, {});
    const leanAt70 = await cannon(`${leanUrl}/check`, body, {}, Math.max(1, Math.floor(leanMax.rps * 0.7)));
    const bareAtLean70 = await cannon(`${bareUrl}/check`, body, {}, Math.max(1, Math.floor(leanMax.rps * 0.7)));
    await lean.close();
    await server.close();
    notes.push(
      `${engine}: POST /check with a bearer token (the authentication hook reads the token and the account from the database once per STEWARD_AUTH_CACHE_MS, 1 s by default), 20 connections, 6 s each; autocannon runs in the same process as both servers.`,
    );
    const baseline = { label: 'bare Fastify constant route', value: baseMax.rps };
    return [
      { engine, measure: 'HTTP bare route (max)', size: grants, value: baseMax.rps, unit: 'values/s', note: 'req/s' },
      {
        engine,
        measure: 'HTTP POST /check (max)',
        size: grants,
        value: ourMax.rps,
        unit: 'values/s',
        baseline,
        ratio: baseMax.rps / ourMax.rps,
        note: `${((100 * ourMax.rps) / baseMax.rps).toFixed(0)} % of the bare route`,
      },
      {
        engine,
        measure: 'HTTP POST /check p99 at 70 % of max',
        size: grants,
        value: at70.p99,
        unit: 'ms',
        baseline: { label: 'bare route p99 at the same rate', value: baseAt70.p99 },
        ratio: at70.p99 / Math.max(baseAt70.p99, 0.001),
      },
      {
        engine,
        measure: 'HTTP POST /check, caller in memory (max)',
        size: grants,
        value: leanMax.rps,
        unit: 'values/s',
        baseline,
        ratio: baseMax.rps / leanMax.rps,
        note: `${((100 * leanMax.rps) / baseMax.rps).toFixed(0)} % of the bare route`,
      },
      {
        engine,
        measure: 'HTTP POST /check, caller in memory, p99 at 70 % of its max',
        size: grants,
        value: leanAt70.p99,
        unit: 'ms',
        baseline: { label: 'bare route p99 at the same rate', value: bareAtLean70.p99 },
        ratio: leanAt70.p99 / Math.max(bareAtLean70.p99, 0.001),
      },
    ];
  } finally {
    await bare.close();
    await target.close();
  }
}

export const accessBenchmark: Benchmark = {
  name: 'access',
  title:
    'decision point: µs per in-process check vs casbin and a Map.get floor, index memory, HTTP POST /check vs a bare route',
  async run(ctx: BenchContext): Promise<BenchResult> {
    const sizes = (process.env.BENCH_ACCESS_GRANTS ?? '1100,11000,110000').split(',').map(Number);
    const notes: string[] = [];
    const rows: Row[] = [];
    const engine = ctx.options.engines[0];
    for (const grants of sizes) {
      log(`access: ${grants.toLocaleString('en')} grants in process…`);
      rows.push(...(await inProcess(grants, ctx.options.seed, engine, notes)));
    }
    notes.push(
      'In-process rows do not touch a database (the engine column only names the run); both sides answer the same random questions (person, application, action, resource, org unit) at one moment.',
    );
    // BENCH_ACCESS_HTTP=0: the in-process rows only.
    const last: World = randomWorld(ctx.options.seed, shapeFor(sizes[sizes.length - 1]));
    if (process.env.BENCH_ACCESS_HTTP !== '0')
      for (const e of ctx.options.engines) rows.push(...(await overHttp(e, last, sizes[sizes.length - 1], notes)));
    return {
      name: 'access',
      title: this.title,
      aim: 'in process ≤ 2 µs p50 and flat (≤ 1.5× from 1,100 to 110,000 grants); HTTP ≥ 50 % of a bare route',
      parameters: { sizes, seed: ctx.options.seed, engines: ctx.options.engines },
      rows,
      notes,
    };
  },
};
