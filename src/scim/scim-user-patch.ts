import { ScimError as PatchError, scimPatch, type ScimPatchOperation, type ScimResource } from 'scim-patch';
import { ScimError, type ScimType } from './scim-errors.ts';
import { readPatch } from './scim-patch-rules.ts';

const PATCH_TYPES: readonly string[] = ['invalidPath', 'noTarget', 'invalidValue', 'invalidSyntax', 'mutability'];

/**
 * A PATCH request applied to a User as GET shows it (RFC 7644 §3.5.2), with `scim-patch`: the operations normalised
 * first (`scim-patch-rules.ts`), the result a full User for the PUT path to write. Nothing is written here; a bad
 * operation is the RFC's 400 with its `scimType`.
 */
export function applyUserPatch(current: Record<string, unknown>, body: unknown): Record<string, unknown> {
  const operations = readPatch(body) as ScimPatchOperation[];
  const copy = structuredClone(current) as unknown as ScimResource;
  try {
    return scimPatch(copy, operations, { mutateDocument: true, treatMissingAsAdd: true }) as unknown as Record<
      string,
      unknown
    >;
  } catch (e) {
    if (!(e instanceof PatchError)) throw e;
    const code = e.scimCode && PATCH_TYPES.includes(e.scimCode) ? (e.scimCode as ScimType) : 'invalidValue';
    throw new ScimError(400, e.message, code);
  }
}
