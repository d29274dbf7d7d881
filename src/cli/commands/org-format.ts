/**
 * Org units as the commands print and name them. The shapes are the server's own route
 * schemas, imported as types.
 */
import type { EffectiveOfficer, Officer, TreeNode, UnitDetail, UnitSummary } from '../../organisations/org-schemas.ts';
import type { ApiClient } from '../api-client.ts';

/** "from 2001-08-01 until 2026-09-30, ended" — empty for a unit valid forever. */
export function validity(u: Pick<UnitSummary, 'validFrom' | 'validTo' | 'current'>): string {
  const parts = [u.validFrom && `from ${u.validFrom}`, u.validTo && `until ${u.validTo}`].filter(Boolean);
  if (!u.current) parts.push('not valid today');
  return parts.join(' ');
}

/** The tree as indented lines: code, name, kind and validity; "…" marks children not loaded. */
export function treeLines(nodes: TreeNode[], depth = 0): string[] {
  return nodes.flatMap((n) => {
    const v = validity(n);
    const more = n.children.length === 0 && n.childCount > 0 ? `  … ${n.childCount} below` : '';
    return [
      `${'  '.repeat(depth)}${n.code}  ${n.name} (${n.kind})${v ? `  [${v}]` : ''}${more}`,
      ...treeLines(n.children, depth + 1),
    ];
  });
}

/** One officer on one line, with where an inherited one comes from. */
export function officerLine(o: Officer | EffectiveOfficer): string {
  const from = 'inheritedFrom' in o && o.inheritedFrom ? `  (inherited from ${o.inheritedFrom.code})` : '';
  return `#${o.id}  ${o.function.padEnd(13)} ${o.personName} (person ${o.personId}), ${o.roleName}${from}`;
}

/** A unit as `steward orgs show` prints it for people. */
export function detailLines(u: UnitDetail): string[] {
  const lines = [`${u.code}  ${u.name} (${u.kind}), id ${u.id}, version ${u.version}`];
  lines.push(`  in: ${u.ancestors.map((a) => a.code).join(' › ') || '(a root)'}`);
  if (u.abbreviation) lines.push(`  abbreviation: ${u.abbreviation}`);
  if (u.altNames.length) lines.push(`  also known as: ${u.altNames.join('; ')}`);
  lines.push(`  valid: ${validity(u) || 'always'}`);
  for (const [k, v] of Object.entries(u.custom)) lines.push(`  ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  lines.push(`  children: ${u.children.map((c) => c.code).join(', ') || 'none'}`);
  lines.push(
    `  below: ${u.counts.descendants} units (${u.counts.currentDescendants} current); ${u.counts.currentAffiliations} current affiliations of ${u.counts.currentPeople} people`,
  );
  lines.push('  officers:', ...(u.officers.length ? u.officers.map((o) => `    ${officerLine(o)}`) : ['    none']));
  return lines;
}

/** A unit's id from its code (tried first, since codes may be all digits) or from its id. */
export async function resolveUnit(api: ApiClient, ref: string): Promise<number> {
  const found = await api.get<{ items: UnitSummary[] }>('/orgs', { code: ref, limit: 1 });
  if (found.items.length) return found.items[0].id;
  if (/^\d+$/.test(ref)) return Number(ref);
  throw new Error(`no organisation has code ${ref}`);
}
