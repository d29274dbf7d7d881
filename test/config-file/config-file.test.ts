import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../cli/run-cli.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addSciencePark, loadDemoConfiguration } from './config-world.ts';

let demo: TestApp;
let fresh: TestApp;

async function changeHead(t: TestApp): Promise<number> {
  const row = await t
    .db()
    .selectFrom('chain_heads')
    .select('seq')
    .where('name', '=', 'changes')
    .executeTakeFirstOrThrow();
  return Number(row.seq);
}

async function exported(t: TestApp, format: 'json' | 'yaml' = 'json') {
  const res = await t.call(t.tokens.auditor, { method: 'GET', url: `/config/export?format=${format}` });
  expect(res.statusCode, res.body).toBe(200);
  return res;
}

beforeAll(async () => {
  demo = await makeTestApp();
  fresh = await makeTestApp();
  await loadDemoConfiguration(demo);
  await addSciencePark(fresh);
}, 300_000);
afterAll(async () => {
  await demo?.close();
  await fresh?.close();
});

describe('the configuration as a file', () => {
  it('exports the demo, applies it to a fresh instance, and exports the same document there', async () => {
    const doc = (await exported(demo)).json();
    expect(JSON.stringify(doc)).not.toMatch(/"id":|"version":/);
    expect(doc.notCovered).toContain('calendars');
    const applied = await fresh.call(fresh.tokens.admin, { method: 'POST', url: '/config/apply', payload: doc });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().applications.added).toEqual(['housing']);
    expect((await exported(fresh)).body).toBe((await exported(demo)).body);
    expect((await exported(fresh, 'yaml')).body).toBe((await exported(demo, 'yaml')).body);
  });

  it('shows exactly an edit as its diff, changes nothing, and applies only that edit', async () => {
    const doc = (await exported(demo)).json();
    const before = doc.guestTypes[0].maxDays as number | null;
    doc.guestTypes[0].maxDays = (before ?? 100) + 1;
    doc.applications[0].roles.find((r: { name: string }) => r.name === 'warden').label = 'Hall warden';
    const head = await changeHead(demo);
    const res = await demo.call(demo.tokens.auditor, { method: 'POST', url: '/config/diff', payload: doc });
    expect(res.statusCode, res.body).toBe(200);
    const diff = res.json() as Record<string, { added: string[]; changed: unknown[]; removed: string[] }>;
    const touched = Object.entries(diff).filter(([, d]) => d.added.length + d.changed.length + d.removed.length > 0);
    expect(touched.map(([section]) => section)).toEqual(['guestTypes', 'applications']);
    expect(diff.guestTypes.changed).toEqual([
      { key: doc.guestTypes[0].name, fields: [{ field: '/maxDays', before, after: (before ?? 100) + 1 }] },
    ]);
    expect(diff.applications.changed).toEqual([
      { key: 'housing', fields: [{ field: '/roles/warden/label', before: 'Warden', after: 'Hall warden' }] },
    ]);
    expect(await changeHead(demo)).toBe(head);

    const applied = await demo.call(demo.tokens.admin, { method: 'POST', url: '/config/apply', payload: doc });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toEqual(diff);
    expect(await changeHead(demo)).toBe(head + 2);
    const again = await demo.call(demo.tokens.admin, { method: 'POST', url: '/config/diff', payload: doc });
    expect(
      Object.values(again.json()).every((d) => JSON.stringify(d) === '{"added":[],"changed":[],"removed":[]}'),
    ).toBe(true);
  });

  it('lets an auditor export and diff but only an administrator apply', async () => {
    const doc = (await exported(demo)).json();
    const res = await demo.call(demo.tokens.auditor, { method: 'POST', url: '/config/apply', payload: doc });
    expect(res.statusCode).toBe(403);
    const anonymous = await demo.call(null, { method: 'GET', url: '/config/export' });
    expect(anonymous.statusCode).toBe(401);
    const unknown = await demo.call(demo.tokens.auditor, { method: 'GET', url: '/config/export?as=yaml' });
    expect(unknown.statusCode).toBe(400);
  });

  it('refuses a dangling reference or a cycle with its path and line, changing nothing', async () => {
    const yaml = (await exported(demo, 'yaml')).body;
    const head = await changeHead(demo);
    const doc = parse(yaml);
    doc.orgKinds.push({ kind: 'annex', label: 'Annex', fields: [] });
    const i = doc.guestTypes.length - 1;
    doc.guestTypes[i].lifecycle = 'nowhere';
    const resources = doc.applications[0].resources;
    resources.find((r: { name: string }) => r.name === 'campus').parent = 'dorm-a';
    const { stringify } = await import('yaml');
    const text = stringify(doc, { lineWidth: 0 });
    const res = await demo.call(demo.tokens.admin, {
      method: 'POST',
      url: '/config/apply',
      payload: text,
      headers: { 'content-type': 'application/yaml' },
    });
    expect(res.statusCode, res.body).toBe(400);
    const errors = res.json().errors as { field: string; rule: string; message: string }[];
    const lines = text.split('\n');
    const lifecycle = errors.find((e) => e.rule === 'known-reference')!;
    expect(lifecycle.field).toBe(`/guestTypes/${i}/lifecycle`);
    const line = Number(/^line (\d+):/.exec(lifecycle.message)![1]);
    expect(lines[line - 1]).toMatch(/lifecycle: nowhere/);
    const cycle = errors.find((e) => e.rule === 'no-cycle')!;
    expect(cycle.field).toMatch(/^\/applications\/0\/resources\/\d+\/parent$/);
    expect(cycle.message).toMatch(/cycle: .*campus/);
    expect(await changeHead(demo)).toBe(head);
    expect((await exported(demo, 'yaml')).body).toBe(yaml);
  });

  it('rolls every section back when a use case refuses an item, naming the item', async () => {
    const doc = (await exported(demo)).json();
    const head = await changeHead(demo);
    doc.orgKinds.push({ kind: 'annex', label: 'Annex', fields: [] });
    doc.statusTypes.push({ ...doc.statusTypes[0], name: 'Broken', match: {} });
    const res = await demo.call(demo.tokens.admin, { method: 'POST', url: '/config/apply', payload: doc });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors[0].field).toMatch(new RegExp(`^/statusTypes/${doc.statusTypes.length - 1}/match`));
    expect(await changeHead(demo)).toBe(head);
    expect((await exported(demo)).json().orgKinds.map((k: { kind: string }) => k.kind)).not.toContain('annex');
  });

  it('round-trips through the CLI: export --yaml, diff, apply', async () => {
    const other = await makeTestApp();
    try {
      await addSciencePark(other);
      const dir = mkdtempSync(join(tmpdir(), 'steward-config-'));
      const env = async (t: TestApp, token: string) => ({
        STEWARD_URL: await t.server.listen({ host: '127.0.0.1', port: 0 }),
        STEWARD_TOKEN: token,
        STEWARD_CREDENTIALS: join(dir, 'none.json'),
      });
      const from = await env(demo, demo.tokens.auditor);
      const to = await env(other, other.tokens.admin);
      const exportedYaml = await runCli(['config', 'export', '--yaml'], from);
      expect(exportedYaml.code, exportedYaml.stderr).toBe(0);
      const file = join(dir, 'steward.yaml');
      // A shipped lifecycle, never stored on the new instance, edited in the file: updated there in the same apply.
      const label = 'label: Visitor (requested by a guarantor, renewable)';
      expect(exportedYaml.stdout).toContain(label);
      const edited = exportedYaml.stdout.replace(label, 'label: Visitor (edited in the file)');
      writeFileSync(file, edited);

      const diff = await runCli(['config', 'diff', file], to);
      expect(diff.code, diff.stderr).toBe(0);
      expect(diff.stdout).toMatch(/^applications: 1 added, 0 changed, 0 removed$/m);
      expect(diff.stdout).toMatch(/^ {2}\+ housing$/m);
      expect(diff.stdout).toMatch(
        /^ {2}~ visitor\n {6}\/label: "Visitor \(requested.*" → "Visitor \(edited in the file\)"$/m,
      );
      const applied = await runCli(['config', 'apply', file, '--json'], to);
      expect(applied.code, applied.stderr).toBe(0);
      expect(JSON.parse(applied.stdout).applications.added).toEqual(['housing']);
      const again = await runCli(['config', 'diff', file], to);
      expect(again.stdout).toMatch(/^No changes/);
      const back = await runCli(['config', 'export', '--yaml'], { ...to, STEWARD_TOKEN: other.tokens.auditor });
      expect(back.stdout).toBe(edited);

      writeFileSync(file, edited.replace(/lifecycle: visitor/, 'lifecycle: nowhere'));
      const refused = await runCli(['config', 'apply', file], to);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/\/guestTypes\/\d+\/lifecycle: line \d+: there is no lifecycle nowhere/);
    } finally {
      await other.close();
    }
  });
});
