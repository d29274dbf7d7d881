import type { Actor } from '../platform/auth/actor.ts';
import { authorise, can } from '../platform/auth/policy.ts';
import { forbidden } from '../platform/errors.ts';
import { parentPathOf } from './org-tree.ts';

/**
 * Who may change an existing unit. An organisation administrator works strictly inside
 * their scope: they may change, move and end the units below their scope unit, but not
 * the scope unit itself (its name, place and end are decided one level up, or they could
 * move their own scope out from under its parent's administrators). Put another way: the
 * unit's parent must lie in their subtree. Pure.
 */
export function authoriseUnitChange(actor: Actor, unit: { code: string; path: string }): void {
  if (can(actor, 'orgs:write', { orgPaths: [parentPathOf(unit.path)] })) return;
  if (can(actor, 'orgs:write', { orgPaths: [unit.path] })) {
    throw forbidden(
      `${actor.name} may not change ${unit.code}: it is the root of their scope; a system administrator (or an administrator of its parent) can`,
    );
  }
  authorise(actor, 'orgs:write', { orgPaths: [unit.path] });
}
