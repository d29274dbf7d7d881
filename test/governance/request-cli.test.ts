import { beforeAll, describe, expect, it } from 'vitest';
import { useCliWorld } from '../cli/cli-world.ts';
import { governanceWorld, type GovernanceWorld } from './add-world.ts';

describe('steward governance policy|request and steward inbox against a running server', () => {
  const cli = useCliWorld();
  const { steward } = cli;
  let w: GovernanceWorld;
  beforeAll(async () => {
    w = await governanceWorld(cli.t, 'CL');
  });

  it('makes a policy, asks, approves in two stages, and shows the inbox', async () => {
    const created = await steward(
      'governance',
      'policy',
      'create',
      'cl-pay',
      '--group',
      'cl:pay:approve',
      '--level',
      'high',
      '--owner',
      String(w.people.ola),
      '--stage',
      'manager',
      '--stage',
      'owner',
      '--checks',
      JSON.stringify({ supportingGroupIds: [w.groups.staff.id] }),
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('policy 1 cl-pay (version 1) on group cl:pay:approve');
    expect(created.stdout).toContain('grace job 14, department 5, leaving 0, requirement 5 days');
    const bad = await steward(
      'governance',
      'policy',
      'create',
      'cl-bad',
      '--group',
      'cl:pay:submit',
      '--level',
      'custom',
      '--grace',
      '{"job":-1,"department":1,"leaving":0,"requirement":1}',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('/grace/job');
    expect((await steward('governance', 'policy', 'list')).stdout).toContain('cl-pay');

    // a requester may not see the group: it is named by id
    const bo = cli.as(w.tokens.bo);
    const group = String(w.groups.approve.id);
    const refused = await bo(
      'governance',
      'request',
      'create',
      group,
      '--person',
      String(w.people.cy),
      '--reason',
      'help',
      '--days',
      '10',
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('[supporting-group]');
    const asked = await bo(
      'governance',
      'request',
      'create',
      group,
      '--person',
      String(w.people.ann),
      '--ticket',
      'FIN-9',
      '--days',
      '30',
    );
    expect(asked.code, asked.stderr).toBe(0);
    expect(asked.stdout).toContain('request 1 (version 1): Ann CLPerson (person');
    expect(asked.stdout).toContain('stage 1 of 2');

    const mo = cli.as(w.tokens.mo);
    const inbox = await mo('inbox');
    expect(inbox.stdout).toContain('membership-request');
    expect(inbox.stdout).toContain('Ann CLPerson in cl:pay:approve');
    expect((await mo('governance', 'request', 'approve', '1', '--comment', 'ok')).stdout).toContain('stage 2 of 2');
    const twice = await mo('governance', 'request', 'approve', '1');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('[approve-twice]');
    const done = await cli.as(w.tokens.ola)('governance', 'request', 'approve', '1');
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('— approved');
    expect(done.stdout).toMatch(/membership {2}\d+/);
    expect((await bo('governance', 'request', 'list')).stdout).toContain('approved');
    expect((await mo('inbox')).stdout).toContain('nothing waits for you');

    await w.api.add(w.groups.staff.id, { personId: w.people.mo });
    const second = await bo(
      'governance',
      'request',
      'create',
      group,
      '--person',
      String(w.people.mo),
      '--reason',
      'backup',
      '--days',
      '5',
    );
    expect(second.code, second.stderr).toBe(0);
    const withdrawn = await bo('governance', 'request', 'withdraw', '2');
    expect(withdrawn.stdout).toContain('— withdrawn');
    expect((await steward('governance', 'request', 'show', '2', '--json')).stdout).toContain('"state": "withdrawn"');
  });
});
