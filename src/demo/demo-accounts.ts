import type { App } from '../app.ts';
import type { Actor } from '../platform/auth/actor.ts';
import type { RoleName } from '../platform/db/schema.ts';

/**
 * The demo's sign-in accounts besides admin: an auditor, and the Science & Engineering
 * faculty's administrator (an orgadmin of that subtree, linked to the faculty manager's
 * person record). Accounts that already exist are left alone.
 */
export interface DemoAccount {
  username: string;
  displayName: string;
  role: RoleName;
  /** Org unit code for orgadmin. */
  unit?: string;
  /** Demo person key the account belongs to. */
  person?: string;
}

export const demoAccounts: DemoAccount[] = [
  { username: 'auditor', displayName: 'Internal Audit (demo)', role: 'auditor' },
  {
    username: 'sci-admin',
    displayName: 'Ruth Okafor, Science & Engineering',
    role: 'orgadmin',
    unit: 'FSE',
    person: 'sci-manager',
  },
];

export async function createDemoAccounts(
  app: App,
  actor: Actor,
  password: string | null,
  lookup: { orgId(code: string): number; personId(key: string): number; email(key: string): string | null },
): Promise<string[]> {
  const existing = new Set((await app.accounts.listUsers(actor)).map((u) => u.username));
  const created: string[] = [];
  for (const a of demoAccounts) {
    if (existing.has(a.username)) continue;
    await app.accounts.createUser(actor, {
      username: a.username,
      displayName: a.displayName,
      password,
      email: a.person ? lookup.email(a.person) : null,
      personId: a.person ? lookup.personId(a.person) : null,
      roles: [{ role: a.role, orgId: a.unit ? lookup.orgId(a.unit) : null }],
    });
    created.push(a.username);
  }
  return created;
}
