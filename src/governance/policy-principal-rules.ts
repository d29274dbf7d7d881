import type { Principal } from '../platform/db/governance-tables.ts';

/**
 * Who a principal is, pure: a person, the effective members of a group, holders of a privilege on the governed
 * group, the policy's owner, the department delegates of the member's department (inherited up the org tree), or
 * the member's manager (the `approver` officer of the member's department, inherited up). The services load the
 * facts (policy-principals.ts) and ask here, so direct adders, requesters and approvers are decided by one rule.
 */
export interface PrincipalFacts {
  personId: number | null;
  /** The groups the person is an effective member of now. */
  groups: ReadonlySet<number>;
  /** The privileges the person holds on the governed group (expanded: admin gives update). */
  privileges: ReadonlySet<string>;
}

/** The parties of one (policy, member) pair: the owner, the member's department's delegates and managers. */
export interface PrincipalContext {
  ownerPersonId: number | null;
  delegatePersonIds: readonly number[];
  managerPersonIds: readonly number[];
}

export function matchesPrincipal(x: Principal, f: PrincipalFacts, c: PrincipalContext): boolean {
  switch (x.kind) {
    case 'person':
      return f.personId !== null && f.personId === x.personId;
    case 'group':
      return f.groups.has(x.groupId);
    case 'privilege':
      return f.privileges.has(x.privilege);
    case 'owner':
      return f.personId !== null && f.personId === c.ownerPersonId;
    case 'delegates':
      return f.personId !== null && c.delegatePersonIds.includes(f.personId);
    case 'manager':
      return f.personId !== null && c.managerPersonIds.includes(f.personId);
    default:
      return x satisfies never;
  }
}

export function matchesAny(list: readonly Principal[], f: PrincipalFacts, c: PrincipalContext): boolean {
  return list.some((x) => matchesPrincipal(x, f, c));
}

/** A principal in words, for refusals and views ("the members of uni:fin:team", "the policy owner"). */
export function principalText(x: Principal, groupNames: ReadonlyMap<number, string> = new Map()): string {
  switch (x.kind) {
    case 'person':
      return `person ${x.personId}`;
    case 'group':
      return `the members of ${groupNames.get(x.groupId) ?? `group ${x.groupId}`}`;
    case 'privilege':
      return `holders of the ${x.privilege} privilege on the group`;
    case 'owner':
      return 'the policy owner';
    case 'delegates':
      return "the delegates of the member's department";
    case 'manager':
      return "the member's manager";
    default:
      return x satisfies never;
  }
}
