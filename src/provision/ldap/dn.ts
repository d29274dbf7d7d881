/**
 * Distinguished names as strings (RFC 4514), pure: escaping an RDN value, the parent and
 * the first RDN of a DN, comparing two DNs, and the DN of an OU path. The split respects
 * backslash escapes, so `cn=Smith\, John,ou=x` has the parent `ou=x`.
 */

const special = new Set([',', '+', '"', '\\', '<', '>', ';', '=']);

/** Escapes a value for use in an RDN: `,+"\<>;=`, a leading space or `#`, a trailing space, NUL. */
export function escapeRdnValue(value: string): string {
  const chars = [...value];
  return chars
    .map((char, index) => {
      if (char === '\0') return '\\00';
      const edgeSpace = char === ' ' && (index === 0 || index === chars.length - 1);
      const leadingHash = char === '#' && index === 0;
      return special.has(char) || edgeSpace || leadingHash ? `\\${char}` : char;
    })
    .join('');
}

/** `part` without spaces around it, keeping an escaped trailing space (`a\\ `). */
function trimPart(part: string): string {
  let text = part.trimStart();
  while (text.endsWith(' ')) {
    const slashes = /\\*$/.exec(text.slice(0, -1))![0].length;
    if (slashes % 2 === 1) break;
    text = text.slice(0, -1);
  }
  return text;
}

/** `text` cut at each unescaped `separator`, each part trimmed, escapes kept. */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (let index = 0; index < text.length; index++) {
    if (text[index] === '\\') index++;
    else if (text[index] === separator) {
      parts.push(trimPart(text.slice(from, index)));
      from = index + 1;
    }
  }
  parts.push(trimPart(text.slice(from)));
  return parts;
}

/** The RDNs of a DN, each trimmed, escapes kept. */
export function splitDn(dn: string): string[] {
  return dn.trim() === '' ? [] : splitUnescaped(dn, ',');
}

/** The first RDN of a DN (`uid=x` of `uid=x,ou=a,dc=b`). */
export function rdnOf(dn: string): string {
  return splitDn(dn)[0] ?? '';
}

/** The DN above `dn`, or '' for a single RDN. */
export function parentDn(dn: string): string {
  return splitDn(dn).slice(1).join(',');
}

/** An attribute value of an RDN unescaped: `a\,b` → `a,b`, `\c3\a9` → `é`. */
export function unescapeRdnValue(raw: string): string {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let index = 0; index < raw.length; index++) {
    const char = raw[index];
    const hex = raw.slice(index + 1, index + 3);
    if (char === '\\' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      index += 2;
    } else if (char === '\\' && index + 1 < raw.length) {
      bytes.push(...encoder.encode(raw[++index]));
    } else {
      bytes.push(...encoder.encode(char));
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** The value of a single-valued RDN, unescaped (`ou=a\,b` → `a,b`). */
export function rdnValue(rdn: string): string {
  return unescapeRdnValue(trimPart(rdn.slice(rdn.indexOf('=') + 1)));
}

/** An RDN in one spelling: types and values lower-cased and unescaped, parts of a multi-valued RDN sorted. */
function normalRdn(rdn: string): string {
  return splitUnescaped(rdn, '+')
    .map((part) => `${part.slice(0, part.indexOf('=')).trim()}=${rdnValue(part)}`.toLowerCase())
    .sort()
    .join('+');
}

/** Whether two DNs name the same entry: case-insensitive, spaces around `=` and `,` ignored. */
export function sameDn(a: string, b: string): boolean {
  const left = splitDn(a);
  const right = splitDn(b);
  return left.length === right.length && left.every((rdn, index) => normalRdn(rdn) === normalRdn(right[index]));
}

/** The DN of the OU path `names` (root first) under `baseDn`: `ou=leaf,…,ou=root,<baseDn>`. */
export function ouDnForPath(names: string[], baseDn: string): string {
  const rdns = names.map((name) => `ou=${escapeRdnValue(name)}`).reverse();
  return [...rdns, baseDn].filter((part) => part !== '').join(',');
}
