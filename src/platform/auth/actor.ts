import type { RoleName } from '../db/schema.ts';

/** A role held by an account; an organisation administrator's role carries its subtree. */
export interface RoleGrant {
  role: RoleName;
  orgId: number | null;
  /** Materialised path of the scope unit ("/1/4/"), loaded with the actor. */
  orgPath: string | null;
  /** The office an `office` role names ("library"): it manages the streams of that office. */
  office?: string | null;
}

/**
 * Whoever performs an action: a signed-in user, an API token's user, Steward itself, or a decision client (a program
 * that may only ask the decision point; its `id` is null and it holds no roles).
 */
export interface Actor {
  kind: 'user' | 'system' | 'client';
  id: number | null;
  name: string;
  roles: RoleGrant[];
  /** A decision client's applications: it may ask decisions about these only (null: every application). */
  applications?: string[] | null;
  /** When the API token or session this actor signed in with expires (null: never; absent: no credential). */
  credentialExpiresAt?: Date | null;
}

/** Steward acting on its own behalf (start-up, demo data, scheduled jobs). */
export function systemActor(name = 'system'): Actor {
  return { kind: 'system', id: null, name, roles: [{ role: 'sysadmin', orgId: null, orgPath: null }] };
}

/** A decision client: asks decisions (`access:check`) about its applications and nothing else. */
export function clientActor(name: string, applications: string[] | null): Actor {
  return { kind: 'client', id: null, name: `client:${name}`, roles: [], applications };
}
