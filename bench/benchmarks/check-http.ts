import { rmSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import pino from 'pino';
import { check } from '../../src/access/decide.ts';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { openDatabase } from '../../src/platform/db/database.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { AT, buildIndex, type Probe, randomProbes, randomWorld, type World } from '../../test/access/random-grants.ts';
import { load } from './access.ts';
import { shapeFor } from './access-in-process.ts';
import { type ChildServer, freePort, startChild } from '../lib/child-server.ts';
import { onCleanup } from '../lib/cleanup.ts';
import type { Benchmark, BenchContext } from '../lib/context.ts';
import { log } from '../lib/progress.ts';
import type { BenchResult, Row } from '../lib/report.ts';
import { benchActor } from '../lib/steward.ts';
import { summarise } from '../lib/stats.ts';
import { type Engine, serverUrl } from '../lib/targets.ts';

/**
 * POST /check over HTTP on a real `steward serve` process against a bare Fastify process answering a constant, with
 * the load generator (autocannon) in the bench process, which runs neither server. The access world is the `access`
 * benchmark's largest (110,000 role assignments; BENCH_ACCESS_GRANTS' last size). Max rate of each (20 connections),
 * then p99 at 70 % of each one's own max, and the bare route at /check's 70 % rate; bare and /check alternate, three
 * rounds (`--samples`), medians reported. BENCH_CHECK_HTTP_SECONDS: seconds a run (6); BENCH_STEWARD_NODE_OPTIONS: the
 * server's NODE_OPTIONS (a CPU profile).
 */
const CONNECTIONS = 20;
const SECONDS = Number(process.env.BENCH_CHECK_HTTP_SECONDS ?? 6);

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

interface Request {
  method: 'POST';
  path: string;
  body: string;
  headers: Record<string, string>;
}

async function cannon(url: string, requests: Request[], seconds: number, overallRate?: number) {
  const r = await autocannon({
    url,
    requests,
    connections: CONNECTIONS,
    duration: seconds,
    ...(overallRate ? { overallRate } : {}),
  });
  if (r.non2xx > 0) throw new Error(`${url}: ${r.non2xx} answers were not 2xx`);
  return { rps: r.requests.average, p99: r.latency.p99, p50: r.latency.p50 };
}

/** Half allows, half denies (random questions, sorted by the in-process decision), as request bodies. */
function probeBodies(world: World, seed: number): { bodies: string[]; allows: number; denies: number } {
  const index = buildIndex(world);
  const decide = (p: Probe) =>
    check(index, {
      subject: { type: 'person', id: p.personId },
      application: p.app,
      action: p.action,
      resource: p.resource,
      scope: p.orgId,
      at: AT,
    }).decision;
  const probes = randomProbes(world, seed, 5_000);
  const allows = probes.filter((p) => decide(p) === 'allow').slice(0, 50);
  const denies = probes.filter((p) => decide(p) === 'deny').slice(0, allows.length);
  const body = (p: Probe) =>
    JSON.stringify({
      subject: { type: 'person', id: p.personId },
      application: p.app,
      action: p.action,
      resource: p.resource,
      scope: p.orgId,
      at: AT.toISOString(),
    });
  return {
    bodies: allows.flatMap((a, i) => [body(a), body(denies[i])]),
    allows: allows.length,
    denies: denies.length,
  };
}

/** A database (PostgreSQL) or data directory (PGlite) holding the world and a bearer token for the caller. */
async function prepare(ctx: BenchContext, engine: Engine, world: World) {
  const config = loadConfig({}, { dataDir: '/nonexistent', webDir: '/nonexistent', logLevel: 'silent' });
  let env: NodeJS.ProcessEnv;
  let drop: () => Promise<void>;
  let database;
  if (engine === 'postgres') {
    const name = `steward_bench_${process.pid}_check_http`;
    await admin(`create database ${name}`);
    drop = onCleanup(`database ${name}`, () => admin(`drop database if exists ${name} with (force)`));
    const url = new URL(serverUrl());
    url.pathname = `/${name}`;
    database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
    env = { DATABASE_URL: url.toString() };
  } else {
    const dir = join(ctx.workDir, 'check-http');
    drop = onCleanup(`data directory ${dir}`, async () => rmSync(dir, { recursive: true, force: true }));
    database = await openDatabase({ dataDir: dir });
    env = { STEWARD_DATA_DIR: dir };
  }
  try {
    await migrateToLatest(database.db);
    const app = createApp({ config, database, logger: pino({ level: 'silent' }) });
    await load(app.db, world);
    const user = await app.accounts.createUser(benchActor, {
      username: 'bench-pep',
      displayName: 'bench',
      password: 'correct horse battery',
      roles: [{ role: 'auditor' }],
    });
    const { token } = await app.accounts.createToken(benchActor, { name: 'bench', userId: user.id });
    return { env, token, drop };
  } finally {
    await database.close();
  }
}

async function serve(env: NodeJS.ProcessEnv): Promise<ChildServer> {
  const port = await freePort();
  return startChild('steward serve', ['bin/steward.js', 'serve', '--port', String(port)], port, {
    env: {
      ...env,
      STEWARD_SCHEDULER: 'false',
      STEWARD_LOG_LEVEL: 'warn',
      STEWARD_ADMIN_PASSWORD: 'bench pw 1234 x',
      // Say, --cpu-prof --cpu-prof-dir=/tmp/prof to profile the server under load.
      NODE_OPTIONS: process.env.BENCH_STEWARD_NODE_OPTIONS ?? '',
    },
  });
}

async function bare(): Promise<ChildServer> {
  const port = await freePort();
  return startChild('bare Fastify', ['bench/lib/children/bare-fastify.ts', String(port)], port);
}

interface Round {
  bareMax: number;
  checkMax: number;
  bareP99: number;
  checkP99: number;
  bareP99AtCheckRate: number;
}

async function rounds(
  engine: Engine,
  ours: ChildServer,
  base: ChildServer,
  bodies: string[],
  token: string,
  n: number,
) {
  const checks: Request[] = bodies.map((body) => ({
    method: 'POST',
    path: '/check',
    body,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  }));
  const plain: Request[] = bodies.map((body) => ({
    method: 'POST',
    path: '/check',
    body,
    headers: { 'content-type': 'application/json' },
  }));
  log(`check-http ${engine}: warming up both servers…`);
  await cannon(ours.url, checks, 3);
  await cannon(base.url, plain, 3);
  const out: Round[] = [];
  for (let i = 0; i < n; i++) {
    const bareMax = await cannon(base.url, plain, SECONDS);
    const checkMax = await cannon(ours.url, checks, SECONDS);
    const bare70 = await cannon(base.url, plain, SECONDS, Math.max(1, Math.floor(bareMax.rps * 0.7)));
    const check70 = await cannon(ours.url, checks, SECONDS, Math.max(1, Math.floor(checkMax.rps * 0.7)));
    const bareAtCheck = await cannon(base.url, plain, SECONDS, Math.max(1, Math.floor(checkMax.rps * 0.7)));
    out.push({
      bareMax: bareMax.rps,
      checkMax: checkMax.rps,
      bareP99: bare70.p99,
      checkP99: check70.p99,
      bareP99AtCheckRate: bareAtCheck.p99,
    });
    log(
      `check-http ${engine}: round ${i + 1}: bare ${Math.round(bareMax.rps)}/s, /check ${Math.round(checkMax.rps)}/s; p99 at 70 %: bare ${bare70.p99} ms, /check ${check70.p99} ms`,
    );
  }
  return out;
}

function rowsOf(engine: Engine, grants: number, rs: Round[]): Row[] {
  const m = (k: keyof Round) => summarise(rs.map((r) => r[k])).p50;
  const baseline = { label: 'bare Fastify process, constant answer (max)', value: m('bareMax') };
  return [
    { engine, measure: 'bare route max rate', size: grants, value: m('bareMax'), unit: 'values/s', note: 'req/s' },
    {
      engine,
      measure: 'POST /check max rate',
      size: grants,
      value: m('checkMax'),
      unit: 'values/s',
      baseline,
      ratio: m('bareMax') / m('checkMax'),
      note: `${((100 * m('checkMax')) / m('bareMax')).toFixed(0)} % of the bare route`,
    },
    {
      engine,
      measure: 'POST /check p99 at 70 % of its max',
      size: grants,
      value: m('checkP99'),
      unit: 'ms',
      baseline: { label: 'bare route p99 at the same rate', value: m('bareP99AtCheckRate') },
      ratio: m('checkP99') / Math.max(m('bareP99AtCheckRate'), 0.001),
    },
    { engine, measure: 'bare route p99 at 70 % of its max', size: grants, value: m('bareP99'), unit: 'ms' },
  ];
}

export const checkHttpBenchmark: Benchmark = {
  name: 'check-http',
  title: 'POST /check over HTTP on a steward serve process vs a bare Fastify process, load generator apart',
  async run(ctx): Promise<BenchResult> {
    const grants = Number((process.env.BENCH_ACCESS_GRANTS ?? '110000').split(',').at(-1));
    const world = randomWorld(ctx.options.seed, shapeFor(grants));
    const { bodies, allows, denies } = probeBodies(world, ctx.options.seed + 1);
    const rows: Row[] = [];
    const notes = [
      `${allows} allowing and ${denies} denying questions (random person, application, action, resource, org unit as scope, at one moment), alternating, as a policy enforcement point with a bearer token (auditor) sends them; a denial also looks its subject up in the database (does the person exist).`,
      `Each server is its own process (steward serve with STEWARD_SCHEDULER=false; a bare Fastify answering a constant decision); autocannon runs in the bench process, ${CONNECTIONS} connections, ${SECONDS} s a run, after 3 s of warm-up each; 3 alternating rounds, medians.`,
    ];
    for (const engine of ctx.options.engines) {
      log(`check-http ${engine}: loading ${grants.toLocaleString('en')} grants…`);
      const { env, token, drop } = await prepare(ctx, engine, world);
      try {
        const ours = await serve(env);
        const base = await bare();
        try {
          rows.push(
            ...rowsOf(engine, grants, await rounds(engine, ours, base, bodies, token, ctx.options.samples ?? 3)),
          );
          notes.push(`${engine}: steward RSS ${ours.rssMb().toFixed(0)} MB after the runs.`);
        } finally {
          await base.stop();
          await ours.stop();
        }
      } finally {
        await drop();
      }
    }
    return {
      name: 'check-http',
      title: this.title,
      aim: '≥ 50 % of the bare route; p99 ≤ 10 ms at 70 % of the maximum rate',
      parameters: { grants, engines: ctx.options.engines, connections: CONNECTIONS, seconds: SECONDS },
      rows,
      notes,
    };
  },
};
