import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliWorld } from '../cli/cli-world.ts';
import { approved, deliver, queue, useMailWorld } from './world.ts';

describe('steward mail against a running server', () => {
  const w = useMailWorld();
  const { steward, dir } = useCliWorld({ app: () => w.t });

  it('lists, shows and changes templates, refusing one that does not render by field', async () => {
    const list = await steward('mail', 'templates', 'list');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/approval-needed\s+default\s+may wait\s+Approval needed: \{\{request.type\}\}/);
    const file = join(dir, 'renewal.txt');
    writeFileSync(file, 'Renewed until {{to}}.\n');
    const set = await steward(
      'mail',
      'templates',
      'set',
      'renewal',
      '--subject',
      'Renewed: {{visitor}}',
      '--text-file',
      file,
    );
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('renewal (version 1)');
    expect(set.stdout).toContain('Renewed until {{to}}.');
    const bad = await steward('mail', 'templates', 'set', 'renewal', '--subject', 'Renewed {{#visitor}}');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('/subject: does not render');
    expect((await steward('mail', 'templates', 'show', 'renewal')).stdout).toContain('subject: Renewed: {{visitor}}');
  });

  it('lists the outbox by state and retries a dead mail', async () => {
    const [mail] = await queue(w.t, approved(5));
    w.smtp.reject(550, 'no such user');
    await deliver(w.t);
    const dead = await steward('mail', 'outbox', '--state', 'dead');
    expect(dead.code, dead.stderr).toBe(0);
    expect(dead.stdout).toMatch(
      new RegExp(`${mail!.id}\\s+dead\\s+approved\\s+bea@uni.example\\s+1\\s+Approved: Visitor 5`),
    );
    const retry = await steward('mail', 'retry', String(mail!.id), '--reason', 'address fixed');
    expect(retry.code, retry.stderr).toBe(0);
    expect(retry.stdout).toContain(`mail ${mail!.id}: queued, approved to bea@uni.example`);
    expect((await steward('mail', 'retry', String(mail!.id))).stderr).toContain(
      'only a dead mail or one waiting for a check can be retried',
    );
  });
});
