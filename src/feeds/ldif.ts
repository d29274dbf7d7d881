/**
 * LDIF content records (RFC 2849), written by hand. A value that is not a SAFE-STRING
 * (non-ASCII, control characters, a leading space, colon or "<", a trailing space) is
 * written base64-encoded after "::"; lines longer than 76 characters are folded: the rest
 * continues on lines that start with one space. DN attribute values are escaped per
 * RFC 4514. Pure.
 */
const WIDTH = 76;

export function isSafeString(value: string): boolean {
  if (value === '') return true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0 || c === 10 || c === 13 || c > 127) return false;
  }
  if (/^[ :<]/.test(value)) return false;
  return !value.endsWith(' ');
}

/** Folds one logical line into physical lines of at most 76 characters. */
export function fold(line: string): string {
  if (line.length <= WIDTH) return line;
  const parts = [line.slice(0, WIDTH)];
  for (let i = WIDTH; i < line.length; i += WIDTH - 1) parts.push(` ${line.slice(i, i + WIDTH - 1)}`);
  return parts.join('\n');
}

/** `attr: value`, or `attr:: base64` when the value is not safe; folded. */
export function attributeLine(attribute: string, value: string): string {
  return fold(
    isSafeString(value) ? `${attribute}: ${value}` : `${attribute}:: ${Buffer.from(value, 'utf8').toString('base64')}`,
  );
}

/** Escapes an attribute value for use in a DN (RFC 4514 section 2.4). */
export function escapeDnValue(value: string): string {
  let out = value.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`).replace(/\0/g, '\\00');
  if (out.startsWith('#') || out.startsWith(' ')) out = `\\${out}`;
  if (out.endsWith(' ') && out.length > 1) out = `${out.slice(0, -1)}\\ `;
  return out;
}

export interface LdifEntry {
  dn: string;
  objectClasses: string[];
  /** Attribute → values, in the order written; empty values are left out. */
  attributes: [string, string][];
}

/** One entry, ending with the blank line that separates records. */
export function ldifEntry(entry: LdifEntry): string {
  const lines = [attributeLine('dn', entry.dn)];
  for (const oc of entry.objectClasses) lines.push(attributeLine('objectClass', oc));
  for (const [attr, value] of entry.attributes) if (value !== '') lines.push(attributeLine(attr, value));
  return `${lines.join('\n')}\n\n`;
}

export const LDIF_HEADER = 'version: 1\n\n';
