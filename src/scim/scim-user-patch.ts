import { ScimError as PatchError, scimPatch, type ScimPatchOperation, type ScimResource } from 'scim-patch';
import { ScimError, type ScimType } from './scim-errors.ts';
import { readPatch } from './scim-patch-rules.ts';

const MULTI_VALUED = [
  'emails',
  'phoneNumbers',
  'addresses',
  'ims',
  'photos',
  'roles',
  'entitlements',
  'x509Certificates',
];
const PATCH_TYPES: readonly string[] = ['invalidPath', 'noTarget', 'invalidValue', 'invalidSyntax', 'mutability'];

/**
 * A PATCH request applied to a User as GET shows it (RFC 7644 §3.5.2), with `scim-patch`: the operations normalised
 * first (`scim-patch-rules.ts`), the result a full User for the PUT path to write. Nothing is written here; a bad
 * operation is the RFC's 400 with its `scimType`.
 */
export function applyUserPatch(current: Record<string, unknown>, body: unknown): Record<string, unknown> {
  const operations = readPatch(body) as ScimPatchOperation[];
  // Multi-valued attributes the User lacks are empty arrays, so value filters on them find nothing (and add) rather
  // than fail as filters on a single value.
  const copy = { ...Object.fromEntries(MULTI_VALUED.map((a) => [a, []])), ...structuredClone(current) };
  try {
    return scimPatch(copy as unknown as ScimResource, operations, {
      mutateDocument: true,
      treatMissingAsAdd: true,
    }) as unknown as Record<string, unknown>;
  } catch (e) {
    if (!(e instanceof PatchError)) throw e;
    const code = e.scimCode && PATCH_TYPES.includes(e.scimCode) ? (e.scimCode as ScimType) : 'invalidValue';
    throw new ScimError(400, e.message, code);
  }
}
