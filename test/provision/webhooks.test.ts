import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { queueDeliveries } from '../../src/provision/webhook/webhook-queue.ts';
import { newWebhookSecret } from '../../src/provision/webhook/webhook-signing.ts';
import { deliverDue, deliveryList, replayDead } from '../../src/provision/webhook/webhook-worker.ts';
import { startReceiver, type Receiver } from './webhook-receiver.ts';

/**
 * Webhook deliveries (issue 12) against a real HTTP receiver that verifies every Standard
 * Webhooks signature: events made by real use cases, the filter, order per subject through
 * an outage, time-outs, dead letters and replay, a paused target.
 */
let t: TestApp;
const receivers: Receiver[] = [];
const minute = 60_000;

beforeAll(async () => {
  t = await makeTestApp({ start: '2026-09-01T09:00:00Z' });
});
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(() => t.close());

const deps = () => ({ db: t.db(), clock: t.clock, log: pino({ level: 'silent' }), random: () => 0.5 });

let names = 0;
async function webhookTarget(
  events: string[],
  options: { maxAttempts?: number; state?: 'active' | 'paused'; timeoutSeconds?: number } = {},
) {
  const secret = newWebhookSecret();
  const receiver = await startReceiver(t.clock, secret);
  receivers.push(receiver);
  const head = await t
    .db()
    .selectFrom('chain_heads')
    .select('seq')
    .where('name', '=', 'changes')
    .executeTakeFirstOrThrow();
  const settings = { url: receiver.url, events, source: 'urn:steward:test', timeoutSeconds: options.timeoutSeconds };
  const row = await t
    .db()
    .insertInto('provision_targets')
    .values({
      name: `hook-${++names}`,
      kind: 'webhook',
      settings: JSON.stringify(settings),
      secrets: JSON.stringify({ secret }),
      selection: '{}',
      mappings: '{}',
      groups: '[]',
      lifecycle: '{}',
      max_attempts: options.maxAttempts ?? 8,
      state: options.state ?? 'active',
      cursor: head.seq,
      created_at: t.clock.now(),
      updated_at: t.clock.now(),
    })
    .returning(['id', 'name', 'cursor'])
    .executeTakeFirstOrThrow();
  return { ...row, receiver, secret };
}

const people = [
  ['Ada', 'Okonkwo'],
  ['Bruno', 'Lindqvist'],
  ['Chidi', 'Takahashi'],
  ['Dagny', 'Fitzgerald'],
  ['Eero', 'Moreau'],
  ['Farah', 'Kowalczyk'],
  ['Goran', 'Abernathy'],
  ['Hana', 'Vasquez'],
  ['Ilse', 'Brennan'],
  ['Jomo', 'Halvorsen'],
  ['Kirsi', 'Delacroix'],
  ['Luca', 'Ivanova'],
  ['Maeve', 'Oyelaran'],
  ['Nils', 'Quintero'],
];
async function newPerson(): Promise<number> {
  const [givenName, familyName] = people.shift()!;
  const r = await t.call(t.tokens.admin, { method: 'POST', url: '/people', payload: { givenName, familyName } });
  expect(r.statusCode).toBe(201);
  return r.json().id;
}
async function rename(id: number, version: number, preferredName: string) {
  const r = await t.call(t.tokens.admin, {
    method: 'PATCH',
    url: `/people/${id}`,
    headers: { 'if-match': `"${version}"` },
    payload: { preferredName },
  });
  expect(r.statusCode).toBe(200);
}

const deliveriesOf = (targetId: number) =>
  t.db().selectFrom('webhook_deliveries').selectAll().where('target_id', '=', targetId).orderBy('id').execute();

describe('signed CloudEvents', () => {
  it('delivers each change as a CloudEvent whose signature verifies, and a tampered body does not', async () => {
    const target = await webhookTarget(['person.*']);
    const id = await newPerson();
    const log = await t.db().selectFrom('change_log').selectAll().orderBy('position', 'desc').executeTakeFirstOrThrow();
    expect(await queueDeliveries(t.db(), target, t.clock.now())).toMatchObject({ queued: 1, cursor: log.position });
    expect(await deliverDue(deps(), target)).toEqual({ delivered: 1, failed: 0, dead: 0 });

    const [request] = target.receiver.requests;
    expect(request.answer).toBe(204);
    expect(request.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
    expect(request.headers['webhook-id']).toBe(`steward-${log.position}`);
    expect(request.headers['webhook-timestamp']).toBe(String(t.clock.now().getTime() / 1000));
    expect(target.receiver.accepted).toEqual([
      {
        specversion: '1.0',
        id: `steward-${log.position}`,
        source: 'urn:steward:test',
        type: 'edu.steward.person.created',
        subject: `person/${id}`,
        time: t.clock.now().toISOString(),
        datacontenttype: 'application/json',
        stewardtarget: target.name,
        data: { ...(log.data as object), position: log.position },
      },
    ]);
    expect(() =>
      target.receiver.verify(request.body.replace('person.created', 'person.deleted'), request.headers),
    ).toThrow(/signature/i);
    const [row] = await deliveriesOf(target.id);
    expect(row).toMatchObject({ state: 'delivered', attempts: 1, last_error: null, delivered_at: t.clock.now() });
  });
});

describe('the events filter', () => {
  it('delivers only the kinds asked for, while the cursor moves past every change', async () => {
    const target = await webhookTarget(['person.updated']);
    const a = await newPerson();
    await rename(a, 1, 'Annie');
    const folder = await t.call(t.tokens.admin, { method: 'POST', url: '/folders', payload: { extension: 'hooks' } });
    expect(folder.statusCode).toBe(201);
    const head = await t
      .db()
      .selectFrom('chain_heads')
      .select('seq')
      .where('name', '=', 'changes')
      .executeTakeFirstOrThrow();
    const kinds = await t
      .db()
      .selectFrom('change_log')
      .select(['entity_type', 'op'])
      .where('position', '>', target.cursor)
      .execute();
    expect(kinds).toEqual(
      expect.arrayContaining([
        { entity_type: 'person', op: 'created' },
        { entity_type: 'person', op: 'updated' },
        { entity_type: 'group_folder', op: 'created' },
      ]),
    );
    expect(await queueDeliveries(t.db(), target, t.clock.now())).toMatchObject({ queued: 1, cursor: head.seq });
    expect(await queueDeliveries(t.db(), target, t.clock.now())).toMatchObject({ queued: 0, scanned: 0 });
    await deliverDue(deps(), target);
    expect(target.receiver.accepted.map((e) => [e.type, e.subject])).toEqual([
      ['edu.steward.person.updated', `person/${a}`],
    ]);
    const stored = await t
      .db()
      .selectFrom('provision_targets')
      .select('cursor')
      .where('id', '=', target.id)
      .executeTakeFirstOrThrow();
    expect(stored.cursor).toBe(head.seq);
  });

  it('reads the log in pages and never queues an entry twice, even when two queue at once', async () => {
    const target = await webhookTarget(['person.*']);
    for (let i = 0; i < 3; i++) await newPerson();
    const runs = await Promise.all([1, 2, 3].map(() => queueDeliveries(t.db(), target, t.clock.now(), 1)));
    expect(runs.reduce((sum, r) => sum + r.queued, 0)).toBe(3);
    const rows = await deliveriesOf(target.id);
    expect(new Set(rows.map((r) => r.position)).size).toBe(3);
  });
});

/** Calls deliverDue once a minute of the clock, `minutes` times, adding up the counts. */
async function runFor(target: { id: number }, minutes: number, until?: () => boolean) {
  const total = { delivered: 0, failed: 0, dead: 0 };
  for (let i = 0; i < minutes && !until?.(); i++) {
    t.clock.advance(minute);
    const counts = await deliverDue(deps(), target);
    for (const key of ['delivered', 'failed', 'dead'] as const) total[key] += counts[key];
  }
  return total;
}

describe('order and outages', () => {
  it('gets every event through a failing and then a dead receiver exactly once, in order per person', async () => {
    const target = await webhookTarget(['person.*']);
    const receiver = target.receiver;
    const ids = [await newPerson(), await newPerson(), await newPerson()];
    for (const id of ids) await rename(id, 1, 'First');
    for (const id of ids) await rename(id, 2, 'Second');
    expect((await queueDeliveries(t.db(), target, t.clock.now())).queued).toBe(9);

    receiver.mode = 'fail';
    expect(await deliverDue(deps(), target)).toEqual({ delivered: 0, failed: 3, dead: 0 });
    await runFor(target, 2);
    // While a person's first event fails, that person's later events are not even tried.
    expect(new Set(receiver.requests.map((r) => r.event.data.position)).size).toBe(3);
    expect(receiver.requests.every((r) => r.event.type === 'edu.steward.person.created')).toBe(true);
    const failing = await deliveriesOf(target.id);
    expect(failing[0].last_error).toBe(`HTTP 500 from ${receiver.url}: database is down`);

    await receiver.down();
    await runFor(target, 60);
    const refused = await deliveriesOf(target.id);
    expect(refused.filter((d) => d.last_error === `connection refused (${receiver.url})`)).toHaveLength(3);
    expect(refused.every((d) => d.state === 'pending')).toBe(true);
    // Backing off (5 s, 30 s, 2 min, 10 min, 30 min, …): six tries of each first event in the
    // first hour and two minutes, not one a minute; the later events wait untried.
    expect(refused.map((d) => d.attempts).sort()).toEqual([0, 0, 0, 0, 0, 0, 6, 6, 6]);

    receiver.mode = 'ok';
    await receiver.up();
    await runFor(target, 120, () => receiver.accepted.length === 9);
    const events = receiver.accepted;
    expect(events).toHaveLength(9);
    expect(new Set(events.map((e) => e.id)).size).toBe(9);
    for (const id of ids) {
      const mine = events.filter((e) => e.subject === `person/${id}`);
      expect(mine.map((e) => e.type)).toEqual([
        'edu.steward.person.created',
        'edu.steward.person.updated',
        'edu.steward.person.updated',
      ]);
      const positions = mine.map((e) => e.data.position as number);
      expect(positions).toEqual([...positions].sort((x, y) => x - y));
    }
    const done = await deliveriesOf(target.id);
    expect(done.every((d) => d.state === 'delivered' && d.delivered_at !== null)).toBe(true);
    expect(await runFor(target, 5)).toEqual({ delivered: 0, failed: 0, dead: 0 });
  });

  it('records a receiver that does not answer in time as a failure to retry', async () => {
    const target = await webhookTarget(['person.created'], { timeoutSeconds: 1 });
    target.receiver.mode = 'hang';
    await newPerson();
    await queueDeliveries(t.db(), target, t.clock.now());
    expect(await deliverDue(deps(), target)).toEqual({ delivered: 0, failed: 1, dead: 0 });
    const [row] = await deliveriesOf(target.id);
    expect(row).toMatchObject({
      state: 'pending',
      attempts: 1,
      last_error: `no answer within 1 s (${target.receiver.url})`,
    });
    expect(row.next_at).toEqual(new Date(t.clock.now().getTime() + 5000));
  });
});

describe('dead letters', () => {
  it('dead-letters after max_attempts, lets the next events go on, and delivers them when replayed', async () => {
    const target = await webhookTarget(['person.*'], { maxAttempts: 2 });
    target.receiver.mode = 'fail';
    const id = await newPerson();
    await rename(id, 1, 'Once');
    await queueDeliveries(t.db(), target, t.clock.now());
    expect(await deliverDue(deps(), target)).toEqual({ delivered: 0, failed: 1, dead: 0 });
    expect(await runFor(target, 3)).toEqual({ delivered: 0, failed: 1, dead: 2 });

    const dead = await deliveryList(t.db(), target.id, { state: 'dead', limit: 10 });
    expect(dead.map((d) => [d.subject, d.type, d.attempts, d.lastError])).toEqual([
      [`person/${id}`, 'edu.steward.person.created', 2, `HTTP 500 from ${target.receiver.url}: database is down`],
      [`person/${id}`, 'edu.steward.person.updated', 2, `HTTP 500 from ${target.receiver.url}: database is down`],
    ]);
    expect(await runFor(target, 120)).toEqual({ delivered: 0, failed: 0, dead: 0 });

    target.receiver.mode = 'ok';
    expect(await replayDead(t.db(), target.id, { ids: [dead[1].id] }, t.clock.now())).toBe(1);
    expect(await replayDead(t.db(), target.id, {}, t.clock.now())).toBe(1);
    expect(await replayDead(t.db(), target.id, {}, t.clock.now())).toBe(0);
    expect(await deliverDue(deps(), target)).toEqual({ delivered: 2, failed: 0, dead: 0 });
    expect(target.receiver.accepted.map((e) => e.type)).toEqual([
      'edu.steward.person.created',
      'edu.steward.person.updated',
    ]);
    const listed = await deliveryList(t.db(), target.id, { limit: 1 });
    expect(listed).toHaveLength(1);
    expect(await deliveryList(t.db(), target.id, { limit: 10, after: listed[0].id })).toMatchObject([
      { state: 'delivered', attempts: 1, lastError: null, nextAt: null },
    ]);
  });
});

describe('a paused target', () => {
  it('keeps queueing but delivers nothing', async () => {
    const target = await webhookTarget(['*'], { state: 'paused' });
    await newPerson();
    expect((await queueDeliveries(t.db(), target, t.clock.now())).queued).toBeGreaterThan(0);
    expect(await runFor(target, 10)).toEqual({ delivered: 0, failed: 0, dead: 0 });
    expect(target.receiver.requests).toEqual([]);
    expect((await deliveryList(t.db(), target.id, { state: 'pending', limit: 10 })).length).toBeGreaterThan(0);
  });
});
