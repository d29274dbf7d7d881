import { csvSnapshot } from '../src/sources/snapshot-files.ts';
import type { AffiliationRecord } from '../src/sources/snapshot-rows.ts';
import type { SoakWorld } from './soak-world.ts';

/**
 * The soak's load generator, a process of its own (started by scripts/soak.ts with the
 * world as JSON on stdin): open-loop mixed load at `rate` requests a second for `seconds`
 * — decisions, people searches, guest requests each approved by a second administrator —
 * and an HR snapshot upload every `snapshotEvery` seconds. Prints one JSON report line.
 */
export type Kind = 'check' | 'search' | 'guest-request' | 'guest-approve' | 'snapshot';
export interface LoadReport {
  seconds: number;
  sent: number;
  kinds: Record<string, { count: number; errors: number; p50: number; p99: number; max: number }>;
  errorSamples: string[];
}

const [rate, seconds, snapshotEvery] = process.argv.slice(2).map(Number);
const world = JSON.parse(await new Response(process.stdin as never).text()) as SoakWorld;
const latencies = new Map<Kind, number[]>();
const errors = new Map<Kind, number>();
const errorSamples: string[] = [];
const MAX_IN_FLIGHT = 256;
let inFlight = 0;
let sent = 0;

async function timed(kind: Kind, path: string, init: RequestInit, token = world.adminToken): Promise<Response | null> {
  const started = performance.now();
  inFlight += 1;
  try {
    const r = await fetch(`${world.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
    });
    const text = await r.text();
    if (!latencies.has(kind)) latencies.set(kind, []);
    latencies.get(kind)!.push(performance.now() - started);
    if (r.status >= 300) {
      errors.set(kind, (errors.get(kind) ?? 0) + 1);
      if (errorSamples.length < 10) errorSamples.push(`${kind} ${r.status} ${text.slice(0, 300)}`);
      return null;
    }
    return new Response(text, { status: r.status });
  } catch (e) {
    errors.set(kind, (errors.get(kind) ?? 0) + 1);
    if (errorSamples.length < 10) errorSamples.push(`${kind} ${(e as Error).message}`);
    return null;
  } finally {
    inFlight -= 1;
  }
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

function check(): Promise<unknown> {
  return timed(
    'check',
    '/check',
    json({
      subject: { type: 'person', id: pick(world.people) },
      application: 'lms',
      action: pick(['read', 'edit']),
      resource: 'course',
    }),
  );
}

function search(): Promise<unknown> {
  return timed('search', `/people?q=${encodeURIComponent(pick(world.searchTerms))}&limit=20`, { method: 'GET' });
}

let guests = 0;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
async function guestRequest(): Promise<void> {
  guests += 1;
  const n = `${process.pid}x${guests}`;
  const made = await timed(
    'guest-request',
    '/guests/requests',
    json({
      type: 'Visitor',
      hostOrgId: world.physics,
      guarantorId: world.guarantor,
      givenName: 'Vera',
      familyName: `Visitor${n.replace(/\d/g, (d) => 'abcdefghij'[Number(d)])}`,
      email: `visitor${n}@visitor.example`,
      reason: 'Research visit',
      services: ['it-account'],
      validFrom: day(7),
      validTo: day(60),
    }),
  );
  if (!made) return;
  const { id, version } = (await made.json()) as { id: number; version: number };
  await timed(
    'guest-approve',
    `/guests/requests/${id}/approve`,
    { ...json({}), headers: { 'content-type': 'application/json', 'if-match': `"${version}"` } },
    world.approverToken,
  );
}

let snapshots = 0;
function snapshot(): Promise<unknown> {
  snapshots += 1;
  // Mostly the same records, a few of them changed each time (a large change would be held for an administrator).
  const size = 200 + (snapshots % 3);
  const records: AffiliationRecord[] = Array.from({ length: size }, (_, i) => ({
    recordKey: `hr-E${i}-1`,
    personKey: `E${i}`,
    givenName: `Hr${String.fromCharCode(97 + (i % 26))}`,
    familyName: `Employee${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}${String.fromCharCode(97 + (i % 7))}`,
    kind: 'employee',
    orgCode: ['PHYS', 'CHEM', 'ART'][i % 3],
    title: i === snapshots % 200 ? `Lecturer ${snapshots}` : 'Technician',
    codes: [],
    validFrom: '2020-01-01',
    attributes: {},
  }));
  return timed('snapshot', '/sources/hr/snapshots', {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: csvSnapshot(records),
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const started = performance.now();
const pending = new Set<Promise<unknown>>();
const track = (p: Promise<unknown>) => {
  pending.add(p);
  void p.finally(() => pending.delete(p));
};
const mixed = (): Promise<unknown> => {
  sent += 1;
  const r = Math.random();
  return r < 0.85 ? check() : r < 0.97 ? search() : guestRequest();
};
let nextSnapshot = 0;
// One upload at a time: a source takes the next snapshot only when the last has been applied.
let uploading = false;
const maybeSnapshot = (elapsed: number) => {
  if (elapsed >= nextSnapshot && !uploading) {
    uploading = true;
    track(snapshot().finally(() => (uploading = false)));
    nextSnapshot += snapshotEvery;
  }
};
if (rate === 0) {
  // The probe: the same mix, closed loop with 16 workers, as fast as the server answers.
  const worker = async () => {
    while (performance.now() - started < seconds * 1000) {
      maybeSnapshot((performance.now() - started) / 1000);
      await mixed();
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
} else {
  while (performance.now() - started < seconds * 1000) {
    const elapsed = (performance.now() - started) / 1000;
    maybeSnapshot(elapsed);
    while (sent < rate * elapsed && inFlight < MAX_IN_FLIGHT) track(mixed());
    await new Promise((r) => setTimeout(r, 5));
  }
}
await Promise.all(pending);
const report: LoadReport = {
  seconds: (performance.now() - started) / 1000,
  sent,
  kinds: Object.fromEntries(
    [...latencies].map(([kind, values]) => {
      const sorted = values.sort((a, b) => a - b);
      const round = (v: number) => Math.round(v * 10) / 10;
      return [
        kind,
        {
          count: sorted.length,
          errors: errors.get(kind) ?? 0,
          p50: round(percentile(sorted, 50)),
          p99: round(percentile(sorted, 99)),
          max: round(sorted[sorted.length - 1] ?? 0),
        },
      ];
    }),
  ),
  errorSamples,
};
for (const [kind, count] of errors)
  if (!latencies.has(kind)) report.kinds[kind] = { count, errors: count, p50: 0, p99: 0, max: 0 };
process.stdout.write(`${JSON.stringify(report)}\n`);
