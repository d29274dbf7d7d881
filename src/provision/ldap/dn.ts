/** Placeholder until the DN helpers land (replaced by the LDAP branch). */
export function escapeRdnValue(value: string): string {
  let out = value.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`).replace(/\0/g, '\\00');
  if (out.startsWith(' ') || out.startsWith('#')) out = `\\${out}`;
  if (out.endsWith(' ') && out.length > 1) out = `${out.slice(0, -1)}\\ `;
  return out;
}
export function sameDn(a: string, b: string): boolean {
  const norm = (d: string) => d.replace(/\s*([,=])\s*/g, '$1').toLowerCase();
  return norm(a) === norm(b);
}
export function parentDn(dn: string): string {
  const i = dn.search(/(?<!\\),/);
  return i < 0 ? '' : dn.slice(i + 1);
}
export function ouDnForPath(names: string[], baseDn: string): string {
  return [...names]
    .reverse()
    .map((n) => `ou=${escapeRdnValue(n)}`)
    .concat(baseDn)
    .join(',');
}
