import type { App } from '../app.ts';
import type { Actor } from '../platform/auth/actor.ts';

/**
 * Temporary accounts for the demo: small pools for Computer Science and Physics (the
 * departments that lend most for conferences) and a global pool of six, so History, which
 * has none, draws from it. Accounts already there are skipped. Returns how many were added.
 */
const pools: { org: string | null; prefix: string; count: number }[] = [
  { org: 'COMP', prefix: 'temp-comp', count: 3 },
  { org: 'PHYS', prefix: 'temp-phys', count: 2 },
  { org: null, prefix: 'temp-guest', count: 6 },
];

export async function loadDemoTempAccounts(app: App, actor: Actor, orgId: (code: string) => number): Promise<number> {
  const existing = new Set((await app.loans.pools.listAccounts(actor)).map((a) => a.username));
  let added = 0;
  for (const pool of pools) {
    for (let i = 1; i <= pool.count; i += 1) {
      const username = `${pool.prefix}-${String(i).padStart(2, '0')}`;
      if (existing.has(username)) continue;
      await app.loans.pools.addAccount(actor, { username, orgId: pool.org === null ? null : orgId(pool.org) });
      added += 1;
    }
  }
  return added;
}
