import { describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { useCliWorld } from './cli-world.ts';

describe('steward decision-clients against a running server', () => {
  const world = useCliWorld();
  const { steward } = world;

  it('creates a client (printing its secret once), lists it without the secret, rotates the secret and revokes it', async () => {
    await world.t.app.access.config.createApp(systemActor('test'), { name: 'lms', label: 'LMS' });
    const made = await steward(
      'decision-clients',
      'create',
      'lms-gw',
      '--label',
      'LMS gateway',
      '--application',
      'lms',
    );
    expect(made.code, made.stderr).toBe(0);
    const secret = /client secret\s+(\S+)/.exec(made.stdout)?.[1];
    expect(secret).toMatch(/^scs_/);
    const list = await steward('decision-clients', 'list');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/lms-gw\s+LMS gateway\s+lms/);
    expect(list.stdout).not.toContain(secret);
    const rotated = await steward('decision-clients', 'rotate', 'lms-gw');
    expect(rotated.code, rotated.stderr).toBe(0);
    const fresh = /client secret\s+(\S+)/.exec(rotated.stdout)?.[1];
    expect(fresh).toMatch(/^scs_/);
    expect(fresh).not.toBe(secret);
    const revoked = await steward('decision-clients', 'revoke', 'lms-gw');
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain('revoked lms-gw');
    const again = await steward('decision-clients', 'revoke', 'lms-gw');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already revoked');
  });
});
