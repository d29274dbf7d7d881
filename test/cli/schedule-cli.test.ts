import { describe, expect, it } from 'vitest';
import { useCliWorld } from './cli-world.ts';

describe('steward schedule against a running server', () => {
  const { steward } = useCliWorld({ start: '2026-12-01T10:00:00Z' });

  it('lists jobs, changes a schedule, refuses a bad one by field, and runs a job now', async () => {
    const list = await steward('schedule', 'list');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/status-recompute\s+30 2 \* \* \* UTC\s+yes\s+2026-12-02 02:30 UTC\s+never/);

    const set = await steward(
      'schedule',
      'set',
      'status-recompute',
      '--cron',
      '0 4 * * *',
      '--time-zone',
      'Europe/Helsinki',
    );
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('schedule    0 4 * * * (Europe/Helsinki)');
    expect(set.stdout).toContain('next run    2026-12-02 02:00 UTC');

    const bad = await steward('schedule', 'set', 'status-recompute', '--cron', 'every day');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('/cron');
    expect((await steward('schedule', 'show', 'status-recompute')).stdout).toContain('0 4 * * * (Europe/Helsinki)');

    const run = await steward('schedule', 'run', 'status-recompute');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('status-recompute: succeeded');
    expect((await steward('schedule', 'show', 'status-recompute')).stdout).toMatch(
      /last run {4}succeeded at 2026-12-01 10:00 UTC/,
    );
  });
});
