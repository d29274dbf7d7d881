import type { FollowChanges } from '../access/index-follower.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { openLdapDirectory } from './ldap/ldap-connector.ts';
import type { LdapTargetSettings } from './target-definition.ts';
import type { LdapDirectory } from './ldap/ldap-ops.ts';
import { personTargets } from './person-panel.ts';
import { createProvisionOpsService } from './provision-ops-service.ts';
import { createProvisionRunner } from './provision-runner.ts';
import { createTargetService } from './target-service.ts';

/** Provisioning's use cases and its runner, wired once (app.ts). */
export function createProvisionServices(
  deps: ServiceDeps & {
    followChanges?: FollowChanges;
    openDirectory?: (settings: LdapTargetSettings, password: string) => LdapDirectory;
  },
) {
  const pass = {
    db: deps.db,
    clock: deps.clock,
    log: deps.log,
    openDirectory: deps.openDirectory ?? openLdapDirectory,
  };
  const runner = createProvisionRunner({ ...pass, followChanges: deps.followChanges });
  return {
    runner,
    targets: createTargetService(deps),
    ops: createProvisionOpsService({ ...deps, runner, pass }),
    personTargets: (actor: Actor, personId: number) => personTargets(deps, actor, personId),
  };
}
