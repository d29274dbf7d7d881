import { describe, expect, it } from 'vitest';
import { useCliWorld } from '../cli/cli-world.ts';
import { storageKind } from '../harness.ts';
import { addPerson, makeWorld } from './world.ts';

/** `steward orgs end --dry-run` and `steward changes held …` against a running server (issue 16). */
describe(`steward changes held, and dry runs of guarded commands (${storageKind})`, () => {
  const cli = useCliWorld();
  const { steward } = cli;

  it('previews, holds, lists, shows, discards and releases an end of a unit with cascade', async () => {
    const w = await makeWorld(cli.t);
    for (const [given, family] of [
      ['Ada', 'Lovelace'],
      ['Marie', 'Curie'],
    ])
      await addPerson(cli.t, given, family, w.chem);
    expect((await steward('changes', 'threshold', '1')).stdout).toContain('more than 1 people is held');

    const end = ['orgs', 'end', 'SCI', '--valid-to', '2026-12-31', '--reason', 'merged', '--cascade'];
    const dry = await steward(...end, '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('dry run: affects 2 people, over the threshold of 1 person');
    expect(dry.stdout).toContain('Ada Lovelace');
    expect(dry.stdout).toContain('- affiliation staff at CHEM: ends 2026-12-31');

    const held = await steward(...end);
    expect(held.code, held.stderr).toBe(0);
    const id = /held as change (\d+)/.exec(held.stdout)?.[1];
    expect(id).toBeDefined();
    const list = await steward('changes', 'held', 'list', '--state', 'held');
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+org.end\\s+held\\s+2`));
    const show = await steward('changes', 'held', 'show', id!);
    expect(show.stdout).toContain('2 people affected: 0 gained, 2 lost');
    expect(show.stdout).toContain('Marie Curie');

    const discarded = await steward('changes', 'held', 'discard', id!, '--reason', 'wrong date');
    expect(discarded.stdout).toContain(`discarded held change ${id} (org.end)`);
    const sci = (await cli.t.call(cli.t.tokens.admin, { method: 'GET', url: `/orgs/${w.sci}` })).json();
    expect(sci.validTo).toBeNull();

    const again = /held as change (\d+)/.exec((await steward(...end)).stdout)?.[1];
    const released = await steward('changes', 'held', 'release', again!);
    expect(released.code, released.stderr).toBe(0);
    const ended = (await cli.t.call(cli.t.tokens.admin, { method: 'GET', url: `/orgs/${w.sci}` })).json();
    expect(ended.validTo).toBe('2026-12-31');
    const twice = await steward('changes', 'held', 'release', again!);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('[held]');
  });
});
