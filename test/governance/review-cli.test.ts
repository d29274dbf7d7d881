import { describe, expect, it } from 'vitest';
import { useCliWorld } from '../cli/cli-world.ts';
import { makeReviewWorld } from './review-world.ts';

describe('steward review against a running server', () => {
  const cli = useCliWorld();
  const { steward } = cli;

  it('creates, lists, shows, reviews items, decides one and in bulk, closes, reports; sets attestation', async () => {
    const w = await makeReviewWorld(cli.t);
    const ann = (await w.person('ann', w.org.phy, 'Lab Manager')).id;
    const bob = (await w.person('bob', w.org.phy)).id;
    const olga = (await w.person('olga', w.org.uni)).id;
    const rita = (await w.person('rita', w.org.phy)).id;
    await w.grant(w.groups.clerks, ann, { ticket: 'HR-7' });
    await w.grant(w.groups.clerks, bob);
    const code = (
      await cli.t.db().selectFrom('org_units').select('code').where('id', '=', w.org.phy).executeTakeFirstOrThrow()
    ).code;
    const group = (
      await cli.t.db().selectFrom('groups').select('name').where('id', '=', w.groups.clerks).executeTakeFirstOrThrow()
    ).name;
    const created = await steward(
      'review',
      'create',
      'cli-review',
      '--group',
      group,
      '--deadline',
      '2026-10-01T00:00:00Z',
      '--split',
      'department',
      '--reviewer',
      `${code}=${rita}`,
      '--owner',
      String(olga),
      '--undecided',
      'remove',
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('cli-review');
    expect(created.stdout).toContain('0 of 2 decided');
    const id = /review (\d+) cli-review/.exec(created.stdout)![1];
    expect((await steward('review', 'list')).stdout).toContain('cli-review');
    expect((await steward('review', 'show', id)).stdout).toContain(`reviewer    ${code}:`);
    const items = await steward('review', 'items', id, '--reviewer', 'all');
    expect(items.stdout).toContain('2 items (0 decided, 2 undecided)');
    expect(items.stdout).toContain('Lab Manager');
    const page = JSON.parse(
      (await steward('--json', 'review', 'items', id, '--reviewer', 'all', '--sort', 'person')).stdout,
    );
    const annItem = page.items.find((i: { person: { personId: number } }) => i.person.personId === ann);
    const noComment = await steward('review', 'decide', id, String(annItem.id), 'remove');
    expect(noComment.code).toBe(1);
    expect(noComment.stderr).toContain('[required]');
    const decided = await steward('review', 'decide', id, String(annItem.id), 'end-date', '--end-date', '2026-12-31');
    expect(decided.code, decided.stderr).toBe(0);
    expect(decided.stdout).toContain('end-date 2026-12-31');
    const bulk = await steward('review', 'bulk', id, 'keep', '--reviewer', 'all', '--undecided');
    expect(bulk.stdout).toContain('1 items decided: keep');
    const closed = await steward('review', 'close', id);
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stdout).toContain('kept 1, removed 0, end-dated 1');
    expect((await steward('review', 'report', id)).stdout).toContain('outcomes: kept 1, removed 0, end-dated 1');
    const csv = await steward('review', 'report', id, '--csv');
    expect(csv.stdout.split('\n')[0]).toContain('item,reviewer,person_id');
    const attest = await steward('review', 'attest', group, '--every', '90');
    expect(attest.code, attest.stderr).toBe(0);
    expect(attest.stdout).toContain('every 90 days');
    expect((await steward('review', 'due')).code).toBe(0);
  });
});
