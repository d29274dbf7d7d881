import { ScimError } from './scim-errors.ts';
import { displayNameOf, externalIdOf, memberIds } from './scim-group-patch-rules.ts';
import { CORE_GROUP } from './scim-schemas-doc.ts';

/**
 * What a SCIM client writes as a Group (POST, PUT) and where it lands. Pure. A client's groups are basic groups in its
 * own top-level folder: the displayName "Engineering" is the group `scim-<client>:Engineering`; the displayName as
 * given is kept as the group's display name (what the client reads back). A displayName that starts with the folder's
 * name and a colon (the full name other readers see) is read without that prefix.
 */
export interface GroupResource {
  displayName: string;
  members: number[];
  /** The client's own identifier for the group (kept per client; absent or null: none). */
  externalId: string | null;
}

/** Attributes a Group body may hold: `id` and `meta` (read-only) are accepted and ignored. */
const GROUP_KEYS = new Set(['schemas', 'id', 'externalId', 'displayName', 'members', 'meta']);

export function groupResource(body: unknown): GroupResource {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ScimError(400, 'the body is a Group resource', 'invalidSyntax');
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.schemas) || !b.schemas.includes(CORE_GROUP))
    throw new ScimError(400, `schemas must hold ${CORE_GROUP}`, 'invalidSyntax');
  const extra = Object.keys(b).find((k) => !GROUP_KEYS.has(k));
  if (extra) throw new ScimError(400, `a Group has no attribute ${extra}`, 'invalidValue');
  if (b.displayName === undefined) throw new ScimError(400, 'displayName is required', 'invalidValue');
  const members = b.members === undefined || b.members === null ? [] : memberIds(b.members, 'members');
  return {
    displayName: displayNameOf(b.displayName, 'displayName'),
    members: [...new Set(members)],
    externalId: b.externalId === undefined ? null : externalIdOf(b.externalId, 'externalId'),
  };
}

/** The displayName without the client's folder prefix, when the client sent the full name back. */
export function localName(displayName: string, folder: string): string {
  return displayName.startsWith(`${folder}:`) ? displayName.slice(folder.length + 1) : displayName;
}

/**
 * The group extension for a displayName: letters, digits, `_`, `-` and `.` kept, accents dropped, every other run
 * of characters one `_`, at most 100. Two displayNames may fold to the same extension ("A B", "A_B"): the second
 * is refused as not unique.
 */
export function extensionFor(displayName: string): string {
  const folded = displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .slice(0, 100);
  return folded === '' || /^[_.]+$/.test(folded) ? 'group' : folded;
}

/** Whether the group with this full name lies in the client's folder (at any depth). */
export function inFolder(groupName: string, folder: string): boolean {
  return groupName.startsWith(`${folder}:`);
}

/**
 * `If-Match`: absent or `*` passes; otherwise one of its entity tags must name the version (weak or strong form).
 */
export function ifMatchHolds(header: string | undefined, version: number): boolean {
  if (header === undefined || header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === `"${version}"`);
}
