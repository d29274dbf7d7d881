import { invalidValue } from './scim-errors.ts';

/**
 * `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9) applied to a resource: names are case-insensitive,
 * may carry their schema's URN (`urn:…:enterprise:2.0:User:department`) and may name a sub-attribute
 * (`name.givenName`). `id` and `schemas` (returned: always) are kept whatever is asked; `meta` is kept on
 * `excludedAttributes` unless named.
 */
export function projectResource(
  resource: Record<string, unknown>,
  options: { attributes?: string[]; excluded?: string[]; extensions: string[]; always?: string[] },
): Record<string, unknown> {
  const always = new Set(['id', 'schemas', ...(options.always ?? [])].map((a) => a.toLowerCase()));
  if (options.attributes?.length) {
    const paths = options.attributes.map((a) => splitPath(a, options.extensions));
    return pick(resource, paths, always);
  }
  if (options.excluded?.length) {
    const paths = options.excluded.map((a) => splitPath(a, options.extensions));
    return drop(resource, paths, always);
  }
  return resource;
}

/** A path as [container key or null, attribute, sub-attribute?] all lowercased. */
type Path = { ext: string | null; attr: string; sub: string | null };

export function splitPath(raw: string, extensions: string[]): Path {
  const text = raw.trim().toLowerCase();
  if (!text) throw invalidValue('an attribute name is empty');
  let ext: string | null = null;
  let rest = text;
  for (const urn of extensions) {
    const u = urn.toLowerCase();
    if (text === u) return { ext: null, attr: u, sub: null };
    if (text.startsWith(`${u}:`)) {
      ext = u;
      rest = text.slice(u.length + 1);
    }
  }
  if (!ext && rest.startsWith('urn:')) {
    const core = 'urn:ietf:params:scim:schemas:core:2.0:';
    const at = rest.lastIndexOf(':');
    if (!rest.startsWith(core)) return { ext: null, attr: rest, sub: null };
    rest = rest.slice(at + 1);
  }
  const [attr, sub] = rest.split('.', 2) as [string, string | undefined];
  return { ext, attr, sub: sub ?? null };
}

const keyOf = (obj: Record<string, unknown>, lower: string) => Object.keys(obj).find((k) => k.toLowerCase() === lower);

function pickIn(obj: Record<string, unknown>, paths: Path[], always: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    const k = key.toLowerCase();
    if (always.has(k)) out[key] = value;
    const mine = paths.filter((p) => p.attr === k);
    if (!mine.length) continue;
    if (mine.some((p) => p.sub === null)) out[key] = value;
    else out[key] = subset(value, new Set(mine.map((p) => p.sub!)));
  }
  return out;
}

function subset(value: unknown, subs: Set<string>): unknown {
  const one = (v: unknown) =>
    v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => subs.has(k.toLowerCase()))) : v;
  return Array.isArray(value) ? value.map(one) : one(value);
}

function pick(resource: Record<string, unknown>, paths: Path[], always: Set<string>): Record<string, unknown> {
  const out = pickIn(
    resource,
    paths.filter((p) => p.ext === null),
    always,
  );
  for (const ext of new Set(paths.map((p) => p.ext).filter((e): e is string => e !== null))) {
    const key = keyOf(resource, ext);
    if (key)
      out[key] = pickIn(
        resource[key] as Record<string, unknown>,
        paths.filter((p) => p.ext === ext),
        new Set(),
      );
  }
  return out;
}

function dropIn(obj: Record<string, unknown>, paths: Path[], always: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    const k = key.toLowerCase();
    const mine = paths.filter((p) => p.attr === k);
    if (always.has(k) || !mine.length) out[key] = value;
    else if (mine.every((p) => p.sub !== null)) {
      const subs = new Set(mine.map((p) => p.sub!));
      const keep = (v: unknown) =>
        v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).filter(([s]) => !subs.has(s.toLowerCase())))
          : v;
      out[key] = Array.isArray(value) ? value.map(keep) : keep(value);
    }
  }
  return out;
}

function drop(resource: Record<string, unknown>, paths: Path[], always: Set<string>): Record<string, unknown> {
  const out = dropIn(
    resource,
    paths.filter((p) => p.ext === null),
    always,
  );
  for (const ext of new Set(paths.map((p) => p.ext).filter((e): e is string => e !== null))) {
    const key = keyOf(out, ext);
    if (key)
      out[key] = dropIn(
        out[key] as Record<string, unknown>,
        paths.filter((p) => p.ext === ext),
        new Set(),
      );
  }
  return out;
}
