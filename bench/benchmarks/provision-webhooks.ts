import { Agent, request } from 'node:http';
import { sql } from 'kysely';
import { newWebhookSecret, signatureHeaders } from '../../src/provision/webhook/webhook-signing.ts';
import type { Benchmark, BenchContext } from '../lib/context.ts';
import { log, progress } from '../lib/progress.ts';
import type { BenchResult, Row } from '../lib/report.ts';
import { summarise, timed } from '../lib/stats.ts';
import { benchActor } from '../lib/steward.ts';
import { type Engine, openTarget, type Target } from '../lib/targets.ts';
import { type Arrival, type Receiver, startReceiver, wallClock } from '../lib/webhook-receiver.ts';

/**
 * Webhook delivery (issue 12) to a receiver in its own process that verifies every
 * signature (bench/lib/webhook-receiver.ts). K person updates are made through the person
 * use case with the target in place (not timed); then passes of the target
 * (`runner.runTarget`: queue the change-log entries as deliveries, send them, 8 at a time)
 * run until the receiver has all K; timed from the first pass's start to the receiver's
 * last arrival. Baseline in the same run: the bench process POSTing the same K event bodies,
 * freshly signed, to the same receiver over keep-alive connections (node:http Agent, 8 plain
 * loops: the engine's concurrency), after a warm-up of 500. Then, with the runner started as
 * a server runs it, single updates one at a time: from the use case's return (its commit) to
 * the receiver's arrival; baseline: one signed POST's round trip from the bench process.
 */
const NAME = 'bench-hooks';
const WORKERS = 8;
const WARM_UP = 500;

function post(agent: Agent, url: URL, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function signedPost(agent: Agent, url: URL, secret: string, body: string, id: string): Promise<number> {
  return post(agent, url, body, {
    'content-type': 'application/cloudevents+json; charset=utf-8',
    ...signatureHeaders(secret, id, new Date(), body),
  });
}

/** K person updates through the use case, four people at a time. */
async function makeUpdates(target: Target, events: number): Promise<number> {
  const db = target.app.db;
  const people = Math.min(events, 2000);
  const now = new Date();
  await sql`insert into people (given_name, family_name, search_name, emails, phones, created_at, updated_at)
    select 'Hook', 'Person ' || i, 'hook person ' || i, '[]', '[]', ${now}::timestamptz, ${now}::timestamptz from generate_series(1, ${people}) as i`.execute(
    db,
  );
  const ids = (await db.selectFrom('people').select(['id', 'version']).orderBy('id').execute()).map((r) => ({
    id: r.id,
    version: r.version,
  }));
  const bar = progress(`${target.engine}: person updates through the use case`, events);
  let done = 0;
  const worker = async (lane: number) => {
    for (let k = lane; k < events; k += 4) {
      const p = ids[k % people];
      const updated = await target.app.people.update(benchActor, p.id, p.version, { preferredName: `Pref ${k}` });
      p.version = updated.version;
      bar.update(++done);
    }
  };
  await Promise.all([0, 1, 2, 3].map(worker));
  bar.done();
  return events;
}

async function enginePasses(target: Target, receiver: Receiver, events: number): Promise<number> {
  const bar = progress(`${target.engine}: passes delivering`, events);
  const start = wallClock();
  let delivered = 0;
  while (delivered < events) {
    const r = await target.app.provision.runner.runTarget(NAME);
    if (r.error) throw new Error(`webhook pass failed: ${r.error}`);
    if (r.deliveries.delivered === 0 && r.queued === 0) break;
    delivered += r.deliveries.delivered;
    bar.update(delivered);
  }
  await receiver.until(events);
  bar.done();
  return receiver.arrivals[events - 1].at - start;
}

async function baselineLoop(bodies: { id: string; body: string }[], receiver: Receiver, url: URL, secret: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: WORKERS });
  try {
    const send = async (list: typeof bodies) => {
      let next = 0;
      const loop = async () => {
        while (next < list.length) {
          const b = list[next++];
          const code = await signedPost(agent, url, secret, b.body, b.id);
          if (code !== 204) throw new Error(`the receiver answered ${code}`);
        }
      };
      await Promise.all(Array.from({ length: WORKERS }, loop));
    };
    const warm = bodies.slice(0, WARM_UP);
    const earlier = receiver.arrivals.length;
    await send(warm);
    await receiver.until(earlier + warm.length);
    const before = receiver.arrivals.length;
    const start = wallClock();
    await send(bodies);
    await receiver.until(before + bodies.length);
    const ms = receiver.arrivals[before + bodies.length - 1].at - start;
    const one: number[] = [];
    for (const b of bodies.slice(0, 200))
      one.push((await timed(() => signedPost(agent, url, secret, b.body, b.id))).ms);
    return { ms, one: summarise(one) };
  } finally {
    agent.destroy();
  }
}

async function latency(target: Target, receiver: Receiver, samples: number) {
  const db = target.app.db;
  const people = await db.selectFrom('people').select(['id', 'version']).orderBy('id').limit(samples).execute();
  const useCase: number[] = [];
  const visible: number[] = [];
  await target.app.provision.runner.start();
  try {
    for (let i = 0; i < samples; i += 1) {
      const p = people[i % people.length];
      const before = receiver.arrivals.length;
      const r = await timed(() =>
        target.app.people.update(benchActor, p.id, p.version, { preferredName: `Live ${i}` }),
      );
      const committed = wallClock();
      p.version = r.value.version;
      let a: Arrival | undefined;
      for (let seen = before; !a; seen = receiver.arrivals.length) {
        await receiver.until(seen + 1, 30_000);
        a = receiver.arrivals.slice(before).find((x) => x.subject === `person/${p.id}`);
      }
      useCase.push(r.ms);
      visible.push(a.at - committed);
      if ((i + 1) % 50 === 0) log(`  ${target.engine}: ${i + 1}/${samples} live updates delivered`);
    }
  } finally {
    await target.app.provision.runner.stop();
  }
  return { useCase: summarise(useCase), visible: summarise(visible) };
}

async function runEngine(engine: Engine, ctx: BenchContext, notes: string[]): Promise<Row[]> {
  const events = ctx.options.events;
  const samples = ctx.options.samples ?? 200;
  const target = await openTarget(engine, 'provision_webhooks');
  const secret = newWebhookSecret();
  const receiver = await startReceiver(secret);
  try {
    await target.app.provision.targets.create(benchActor, {
      name: NAME,
      kind: 'webhook',
      settings: { url: receiver.url, events: ['person.*'] },
      secrets: { secret },
    });
    await makeUpdates(target, events);
    const engineMs = await enginePasses(target, receiver, events);
    const bad = receiver.arrivals.filter((a) => !a.ok).length;
    const rows = await target.app.db
      .selectFrom('webhook_deliveries')
      .select(['event', sql<string>`event->>'id'`.as('id')])
      .orderBy('id')
      .execute();
    const bodies = rows.map((r) => ({ id: r.id, body: JSON.stringify(r.event) }));
    log(`${engine}: baseline: POSTing the same ${bodies.length.toLocaleString('en')} events…`);
    const base = await baselineLoop(bodies, receiver, new URL(receiver.url), secret);
    log(`${engine}: ${samples} live updates with the runner started…`);
    const live = await latency(target, receiver, samples);
    const rate = (events * 1000) / engineMs;
    const baseRate = (bodies.length * 1000) / base.ms;
    notes.push(
      `${engine}: ${events.toLocaleString('en')} person.updated events queued as ${rows.length.toLocaleString('en')} deliveries; the receiver verified ${(receiver.arrivals.length - bad).toLocaleString('en')} of ${receiver.arrivals.length.toLocaleString('en')} requests (baseline and warm-up included). Engine: ${(engineMs / 1000).toFixed(2)} s, baseline ${(base.ms / 1000).toFixed(2)} s.`,
    );
    const visible = (p: 'p50' | 'p99' | 'max') => ({
      engine,
      measure: `runner started: commit → receiver, ${p}`,
      size: live.visible.count,
      value: live.visible[p],
      unit: 'ms' as const,
      ...(p !== 'max'
        ? { baseline: { label: `one signed POST ${p}`, value: base.one[p] }, ratio: live.visible[p] / base.one[p] }
        : {}),
    });
    return [
      { engine, measure: 'baseline: plain keep-alive POST loop', size: bodies.length, value: baseRate, unit: 'rows/s' },
      {
        engine,
        measure: 'passes: queue + sign + deliver, events/s',
        size: events,
        value: rate,
        unit: 'rows/s',
        baseline: { label: 'POST loop', value: baseRate },
        ratio: baseRate / rate,
      },
      visible('p50'),
      visible('p99'),
      visible('max'),
      {
        engine,
        measure: 'person update use case p50',
        size: live.useCase.count,
        value: live.useCase.p50,
        unit: 'ms',
        note: `p99 ${live.useCase.p99.toFixed(1)} ms`,
      },
    ];
  } finally {
    await receiver.close();
    await target.close();
  }
}

export const provisionWebhooksBenchmark: Benchmark = {
  name: 'provision-webhooks',
  title: 'webhook delivery: events/s vs a plain POST loop, commit → delivery latency',
  async run(ctx): Promise<BenchResult> {
    const notes: string[] = [
      `Receiver: node:http in a child process, standardwebhooks verification of every request, arrival times reported over IPC (wall clock shared by both processes). Rate = events / (first pass start → last arrival). Baseline = ${WORKERS} plain loops POSTing the same bodies over one keep-alive node:http Agent, signatures made per request, after ${WARM_UP} warm-up POSTs.`,
    ];
    const rows: Row[] = [];
    for (const engine of ctx.options.engines) rows.push(...(await runEngine(engine, ctx, notes)));
    return {
      name: 'provision-webhooks',
      title: this.title,
      aim: 'rate near the plain POST loop; commit → delivery p99 in the order of the runner’s wake-up',
      parameters: { events: ctx.options.events, samples: ctx.options.samples ?? 200, engines: ctx.options.engines },
      rows,
      notes,
    };
  },
};
