import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCliWorld } from '../cli/cli-world.ts';
import { type FeedWorld, makeFeedWorld } from './world.ts';

describe('steward feeds against a running server', () => {
  let w: FeedWorld;
  const cli = useCliWorld({ start: '2026-09-01T09:00:00Z' });
  const { steward, dir } = cli;
  beforeAll(async () => {
    w = await makeFeedWorld(cli.t);
  });

  it('creates, lists, shows and updates a feed from a JSON file', async () => {
    const file = join(dir, 'faculty.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'faculty',
        label: 'All faculty',
        format: 'csv',
        selection: { statuses: ['Faculty'] },
        columns: ['id', 'displayName'],
      }),
    );
    const created = await steward('feeds', 'create', '--file', file);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('All faculty (feed faculty, csv, version 1)');
    expect((await steward('feeds', 'list')).stdout).toMatch(/faculty\s+All faculty\s+csv/);
    writeFileSync(
      file,
      JSON.stringify({
        label: 'All faculty',
        format: 'csv',
        selection: { statuses: ['Faculty'] },
        columns: ['id', 'username'],
      }),
    );
    const updated = await steward('feeds', 'update', 'faculty', '--file', file);
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.stdout).toContain('columns    id, username');
    writeFileSync(
      file,
      JSON.stringify({ name: 'bad', format: 'csv', selection: { statuses: ['Dean'] }, columns: ['id'] }),
    );
    const bad = await steward('feeds', 'create', '--file', file);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('/selection/statuses/0: there is no status type Dean [exists]');
  });

  it('writes the whole file and pulls the changes since the last pull', async () => {
    const target = join(dir, 'faculty.csv');
    const output = await steward('feeds', 'output', 'faculty', '-o', target);
    expect(output.code, output.stderr).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe(`id,username\n${w.person.ada},alovelace\n${w.person.dee},dmuller\n`);
    expect((await steward('feeds', 'output', 'faculty')).stdout).toBe(readFileSync(target, 'utf8'));
    const first = await steward('feeds', 'pull', 'faculty');
    expect(first.code, first.stderr).toBe(0);
    expect(
      first.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).op),
    ).toEqual(['add', 'add']);
    expect(first.stderr).toContain('2 change(s) after 0; cursor 2');
    expect((await steward('feeds', 'pull', 'faculty')).stdout).toBe('');
    expect((await steward('feeds', 'pull', 'faculty', '--since', '1')).stdout.trim().split('\n')).toHaveLength(1);
    expect((await steward('feeds', 'delete', 'faculty')).stdout).toContain('deleted feed faculty');
  });
});
