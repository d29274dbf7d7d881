import type { App } from '../app.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { AD_MAPPINGS, type TargetInput } from '../provision/target-definition.ts';
import { DEMO_DOMAIN } from './demo-institution.ts';

/**
 * The demo's example LDAP target: the campus directory in Active Directory's shape, for
 * faculty, staff and students, paused until it is given a real address and password (the
 * README's "Provisioning into a directory" says how). Created once; left alone after.
 */
const mappings = Object.fromEntries(
  Object.entries(AD_MAPPINGS).map(([attribute, template]) => [attribute, template.replace('example.edu', DEMO_DOMAIN)]),
);

export const demoDirectoryTarget: TargetInput = {
  name: 'campus-directory',
  label: 'Campus directory (example; paused until an address is given)',
  kind: 'ldap',
  settings: {
    url: 'ldap://directory.northbridge.example',
    bindDn: 'cn=steward,ou=service,dc=northbridge,dc=example',
    baseDn: 'ou=people,dc=northbridge,dc=example',
    groupsDn: 'ou=groups,ou=people,dc=northbridge,dc=example',
  },
  selection: {
    statuses: ['Faculty', 'Exempt employee', 'Non-exempt employee', 'Undergraduate, science', 'Graduate, science'],
  },
  mappings,
  lifecycle: { disable: true, deleteAfterDays: 90 },
  paused: true,
};

export async function loadDemoProvisioning(app: App, actor: Actor): Promise<number> {
  const existing = await app.provision.targets.list(actor);
  if (existing.some((t) => t.name === demoDirectoryTarget.name)) return 0;
  await app.provision.targets.create(actor, demoDirectoryTarget);
  return 1;
}
