import type { Actor } from '../platform/auth/actor.ts';
import { can } from '../platform/auth/policy.ts';

/** A stream's values as the caller sees them, with whether the caller may set them (the stream's office or above). */
export function withStreamAbilities<T extends { accessRole: string }>(
  actor: Actor,
  view: T,
): T & { abilities: { setValues: boolean } } {
  return { ...view, abilities: { setValues: can(actor, 'streams:manage', { office: view.accessRole }) } };
}
