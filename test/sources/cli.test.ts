import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCliWorld } from '../cli/cli-world.ts';
import { csv, employees, jsonl, makeFeedWorld } from './feed-world.ts';

/**
 * `steward sources snapshot`, `steward snapshots …` and `steward sources reviews|resolve` against a listening server.
 */
const cli = useCliWorld();
const { steward, dir } = cli;
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(() => makeFeedWorld(cli.t.app));

describe('steward snapshots', () => {
  it('delivers a snapshot, holds the next one over the threshold, shows its diff and releases it', async () => {
    const first = await steward('sources', 'snapshot', 'hr', file('hr-1.csv', csv(employees(10))));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('of hr (csv): APPLIED');
    expect(first.stdout).toContain('10 added');

    const next = employees(10)
      .map((r) => (r.recordKey === 'hr-E0004-1' ? { ...r, title: 'Professor' } : r))
      .filter((r) => r.recordKey !== 'hr-E0009-1');
    const held = await steward('sources', 'snapshot', 'hr', file('hr-2.jsonl', jsonl(next)));
    expect(held.code).toBe(2);
    expect(held.stdout).toContain('of hr (jsonl): HELD');
    const id = /snapshot (\d+) of hr/.exec(held.stdout)![1];

    const list = await steward('snapshots', 'list', '--state', 'held');
    expect(list.stdout).toMatch(new RegExp(`^${id}\\s+hr\\s+held`, 'm'));
    const diff = await steward('snapshots', 'diff', id);
    expect(diff.stdout).toContain('changed  hr-E0004-1 (line 4)');
    expect(diff.stdout).toContain('title: "Technician" → "Professor"');
    expect(diff.stdout).toContain('removed  hr-E0009-1');

    const released = await steward('snapshots', 'release', id);
    expect(released.code, released.stderr).toBe(0);
    expect(released.stdout).toContain('APPLIED');
    expect(released.stdout).toContain('released by root');
  });

  it('reports errors by line, and discards; a dry run changes nothing', async () => {
    const bad = await steward(
      'sources',
      'snapshot',
      'hr',
      file(
        'bad.csv',
        'record_key,person_key,kind,org_code,valid_to\nx1,p1,employee,NOPE,\nx2,p2,employee,CHEM,2024-13-01\n',
      ),
    );
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('line 2: org_code: no organisation has code NOPE');
    expect(bad.stdout).toContain('line 3: valid_to:');
    const id = /snapshot (\d+) of hr/.exec(bad.stdout)![1];
    const refused = await steward('snapshots', 'release', id);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('cannot be applied by halves');
    const discarded = await steward('snapshots', 'discard', id, '--reason', 'wrong file');
    expect(discarded.stdout).toContain('DISCARDED');

    const dry = await steward('--json', 'sources', 'snapshot', 'hr', file('dry.csv', csv(employees(3))), '--dry-run');
    expect(JSON.parse(dry.stdout)).toMatchObject({ state: 'dry-run', removed: 6 });
  });

  it('names the CSV columns it takes in its help, required and optional', async () => {
    const help = await steward('sources', 'snapshot', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('required: record_key, person_key, kind, org_code');
    expect(help.stdout).toMatch(/optional: given_name, middle_name, family_name, birth_date, email, .*valid_to, codes/);
    expect(help.stdout).toContain('attr.<name>');
  });

  it('lists reviews and resolves one', async () => {
    const ada = (
      await cli.t.call(cli.t.tokens.admin, {
        method: 'POST',
        url: '/people',
        payload: { givenName: 'Ada', familyName: 'Lovelace', identifiers: [{ kind: 'id-number', value: 'ID-9' }] },
      })
    ).json().id;
    const put = await cli.t.call(cli.t.tokens.admin, {
      method: 'PUT',
      url: '/sources/hr/records/hr-X-1',
      payload: {
        personKey: 'X',
        givenName: 'Zed',
        familyName: 'Quux',
        idNumber: 'ID-9',
        kind: 'employee',
        orgCode: 'CHEM',
      },
    });
    expect(put.statusCode).toBe(202);
    const reviews = await steward('sources', 'reviews');
    expect(reviews.stdout).toContain('hr-X-1');
    expect(reviews.stdout).toContain(`${ada} Ada Lovelace`);
    expect(reviews.stdout).toContain('id-number ID-9'); // why she was considered
    const resolved = await steward('sources', 'resolve', String(put.json().reviewId), '--person', String(ada));
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(resolved.stdout).toContain('matched');
  });
});
