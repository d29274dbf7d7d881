import { forbidden } from '../errors.ts';
import type { Actor } from './actor.ts';

/** Every permission, in one list: the type below is read from it, and `abilitiesOf` answers each. */
export const permissions = [
  'people:read',
  'people:create',
  'people:update',
  'people:merge',
  'people:mint',
  'orgs:read',
  'orgs:write',
  'orgs:configure',
  'imports:run',
  'audit:read',
  'changes:read',
  'accounts:manage',
  'settings:read',
  'settings:write',
  'sources:read',
  'sources:configure',
  'sources:feed',
  'status:read',
  'status:configure',
  'streams:read',
  'streams:manage',
  'streams:configure',
  'feeds:read',
  'feeds:configure',
  'feeds:pull',
  'schedule:read',
  'schedule:configure',
  'mail:read',
  'mail:configure',
  'guests:read',
  'guests:manage',
  // Groups (C6): read every group and folder (auditors), manage them all (system administrators); other accounts act
  // through group privileges.
  'groups:read',
  'groups:manage',
  'guests:configure',
  // Self-service: any signed-in account may ask for a guest and decide the requests it approves (the use case checks
  // the account's person and desk).
  'guests:request',
  'access:read',
  'access:check',
  'access:assign',
  'access:configure',
  'loans:read',
  'loans:manage',
  'loans:configure',
  // Provisioning (C9): read targets, their queues and deliveries (auditors); define and operate them (system
  // administrators).
  'provision:read',
  'provision:configure',
  // Prometheus metrics (GET /metrics): system administrators and auditors, or a scraper with STEWARD_METRICS_TOKEN.
  'ops:metrics',
  // SCIM (C9): read people and groups at /scim/v2 (roles `scim`, `scim-writer`, system administrators); write them as
  // a source of record (`scim-writer`, system administrators).
  'scim:read',
  'scim:write',
  // Long jobs (GET /jobs): every job, whoever started it (system administrators, auditors); an account always follows
  // the jobs it started.
  'jobs:read',
  // The configuration as a file (issue 16): export it and see what a document would change (auditors, system
  // administrators); apply a document (system administrators only).
  'config:export',
  'config:apply',
] as const;
export type Permission = (typeof permissions)[number];

const readable: ReadonlySet<Permission> = new Set([
  'people:read',
  'orgs:read',
  'settings:read',
  'sources:read',
  'status:read',
  'streams:read',
  'guests:read',
  'access:read',
  'access:check',
]);
/** The offices that register and manage guests anywhere (the campus card desk, the IT service desk). */
export const guestDesks: ReadonlySet<string> = new Set(['card-desk', 'it-desk']);
/** Feeds carry personal data in bulk: only system administrators and auditors read or pull them. */
const auditorOnly: ReadonlySet<Permission> = new Set([
  'audit:read',
  'changes:read',
  'feeds:read',
  'feeds:pull',
  'schedule:read',
  'mail:read',
  'groups:read',
  'loans:read',
  'provision:read',
  'ops:metrics',
  'jobs:read',
  'config:export',
]);
/**
 * Permissions an organisation administrator holds within the subtree of their scope (loans too: who had which account
 * is read only there).
 */
const scoped: ReadonlySet<Permission> = new Set([
  'people:create',
  'people:update',
  'people:mint',
  'orgs:write',
  'guests:manage',
  'access:assign',
  'loans:read',
  'loans:manage',
]);

export interface Target {
  /** Paths of the org units the target belongs to; a scoped grant must cover one of them. */
  orgPaths?: string[];
  /** The office a stream belongs to; an office grant must name it. */
  office?: string;
  /** The application a decision is asked about; a decision client must be limited to none or name it. */
  application?: string;
}

/** True if `path` lies in the subtree rooted at `scopePath` (both materialised paths). */
export function inSubtree(path: string, scopePath: string): boolean {
  return path.startsWith(scopePath);
}

/**
 * What each role may do. Pure: the caller loads the facts (which org paths a target sits
 * in) and asks. System administrators may do everything; auditors may read everything and
 * change nothing; organisation administrators read the registry and change only what lies
 * in their subtree. An office (a role naming it, e.g. "library") reads what an
 * organisation administrator reads and manages the values of its own auxiliary streams.
 */
export function can(actor: Actor, permission: Permission, target: Target = {}): boolean {
  if (actor.kind === 'client') return clientMay(actor, permission, target);
  if (permission === 'guests:request' && actor.kind === 'user') return true;
  for (const grant of actor.roles) {
    if (grant.role === 'sysadmin') return true;
    if (grant.role === 'scim' && permission === 'scim:read') return true;
    if (grant.role === 'scim-writer' && (permission === 'scim:read' || permission === 'scim:write')) return true;
    if (grant.role === 'auditor' && (readable.has(permission) || auditorOnly.has(permission))) return true;
    if (grant.role === 'orgadmin') {
      if (readable.has(permission)) return true;
      if (scoped.has(permission) && grant.orgPath) {
        const paths = target.orgPaths;
        if (paths === undefined) return true; // asked in general, before a target is known
        if (paths.some((p) => inSubtree(p, grant.orgPath!))) return true;
      }
    }
    if (grant.role === 'office') {
      if (readable.has(permission)) return true;
      if (
        permission === 'streams:manage' &&
        grant.office &&
        (target.office === undefined || target.office === grant.office)
      )
        return true;
      if (permission === 'guests:manage' && grant.office && guestDesks.has(grant.office)) return true;
    }
  }
  return false;
}

/** A decision client asks decisions (about its own applications, when it is limited to some) and does nothing else. */
function clientMay(actor: Actor, permission: Permission, target: Target): boolean {
  if (permission !== 'access:check') return false;
  const apps = actor.applications ?? null;
  return apps === null || target.application === undefined || apps.includes(target.application);
}

/** Throws 403 naming the permission when the actor lacks it. */
export function authorise(actor: Actor, permission: Permission, target: Target = {}): void {
  if (!can(actor, permission, target)) {
    const where = target.orgPaths
      ? ' for this organisation'
      : target.office !== undefined
        ? ` for the office ${target.office}`
        : target.application !== undefined
          ? ` for the application ${target.application}`
          : '';
    throw forbidden(`${actor.name} may not ${permission.replace(':', ' ')}${where}`);
  }
}

/** The subtree paths within which an actor holds a scoped permission; null means everywhere. */
export function scopesFor(actor: Actor, permission: Permission): string[] | null {
  if (actor.roles.some((g) => g.role === 'sysadmin')) return null;
  if (!scoped.has(permission)) return can(actor, permission) ? null : [];
  return actor.roles.filter((g) => g.role === 'orgadmin' && g.orgPath).map((g) => g.orgPath!);
}

/** For each permission, whether the actor holds it somewhere (in at least one unit or office). */
export type Abilities = Record<Permission, boolean>;

/**
 * What the signed-in account may do somewhere, so the web shows only the actions it may take: a scoped permission
 * counts when it is held in any unit, an office's stream permission in its own office.
 */
export function abilitiesOf(actor: Actor): Abilities {
  return Object.fromEntries(permissions.map((p) => [p, can(actor, p)])) as Abilities;
}
