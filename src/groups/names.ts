import type { FieldProblem } from '../platform/errors.ts';

/**
 * Folder and group names: an extension is one segment (letters, digits, `_`, `-`, `.`; no
 * colon), and a full name is the folder's name + ':' + the extension. Pure.
 */
const EXTENSION = /^[A-Za-z0-9_.-]{1,100}$/;

export function extensionProblems(extension: unknown, field = '/extension'): FieldProblem[] {
  if (typeof extension !== 'string' || extension.length === 0)
    return [{ field, rule: 'required', message: 'an extension is required' }];
  if (extension.includes(':'))
    return [{ field, rule: 'no-colon', message: 'an extension is one segment of the name: it may not contain ":"' }];
  if (!EXTENSION.test(extension))
    return [{ field, rule: 'pattern', message: 'use letters, digits, "_", "-" or "." (at most 100)' }];
  return [];
}

export function fullName(parentName: string | null, extension: string): string {
  return parentName === null ? extension : `${parentName}:${extension}`;
}

/** The names of a folder and its ancestors, root first: "a:b:c" → ["a", "a:b", "a:b:c"]. */
export function folderChain(name: string): string[] {
  const parts = name.split(':');
  return parts.map((_, i) => parts.slice(0, i + 1).join(':'));
}

/** The folder part of a group's full name: "a:b:g" → "a:b". */
export function parentName(name: string): string | null {
  const i = name.lastIndexOf(':');
  return i < 0 ? null : name.slice(0, i);
}
