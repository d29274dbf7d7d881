import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliWorld } from '../cli/cli-world.ts';
import { storageKind } from '../harness.ts';
import { autumn, institution, spring } from './calendar-fixtures.ts';

describe(`steward calendars against a running server (${storageKind})`, () => {
  const world = useCliWorld({ start: '2026-12-01T09:00:00Z' });

  it('sets, lists, shows and resolves; an overlapping term is refused with its field and rule', async () => {
    const { steward, dir } = world;
    const file = join(dir, 'calendar.json');
    writeFileSync(file, JSON.stringify({ label: institution.label, definition: institution.definition }));
    const set = await steward('calendars', 'set', 'institution', file);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('created calendar institution (version 1)');
    const list = await steward('calendars', 'list');
    expect(list.stdout).toMatch(/institution\s+University calendar\s+\(institution\)\s+2\s+2/);
    const show = await steward('calendars', 'show', 'institution');
    expect(show.stdout).toContain('working days  Mon Tue Wed Thu Fri');
    expect(show.stdout).toContain('holiday       2026-12-25  Christmas Day');
    expect(show.stdout).toContain('term          2027-01-11 to 2027-03-26  Spring 2027');

    const resolve = await steward(
      'calendars',
      'resolve',
      '--from',
      '2026-12-24',
      '--amount',
      '1',
      '--unit',
      'working-days',
    );
    expect(resolve.stdout.trim()).toBe('2026-12-29  (1 working-days from 2026-12-24 on institution)');
    const term = await steward(
      'calendars',
      'resolve',
      '--from',
      '2026-10-01',
      '--amount',
      '0',
      '--unit',
      'end-of-term',
      '--calendar',
      'institution',
    );
    expect(term.stdout).toContain('2026-12-18');

    const overlap = { name: 'Overlap', start: '2026-12-10', end: '2027-01-20', breaks: [] };
    writeFileSync(
      file,
      JSON.stringify({ label: 'x', definition: { ...institution.definition, terms: [autumn, spring, overlap] } }),
    );
    const refused = await steward('calendars', 'set', 'institution', file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('/definition/terms/2/start');
    expect(refused.stderr).toContain('[no-overlap]');
    expect((await steward('calendars', 'show', 'institution')).stdout).toContain('version 1');
  });
});
