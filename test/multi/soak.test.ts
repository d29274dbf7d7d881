import { describe, expect, it } from 'vitest';
import { describeReport, soak } from '../../scripts/soak.ts';

/** The soak's short form (scripts/soak.ts, half a minute) on PostgreSQL: no request may fail. */
describe('soak, short form', () => {
  it('serves mixed load at 70 % of the maximum of the same mix for half a minute without an error', async () => {
    const report = await soak(0.5, process.env.STEWARD_TEST_DATABASE_URL!, 10);
    console.log(describeReport(report));
    expect(report.load.errorSamples).toEqual([]);
    expect(report.errors).toBe(0);
    expect(report.load.kinds.check.count).toBeGreaterThan(100);
    expect(report.load.kinds.snapshot.count).toBeGreaterThanOrEqual(2);
  });
});
