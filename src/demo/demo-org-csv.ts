import { csvDocument } from './csv.ts';
import type { DemoUnit } from './demo-institution.ts';

/**
 * The demo's org tree as the org importer's CSV (code, parent_code, kind, name,
 * abbreviation, alt_names, valid_from, valid_to, custom.<field>), parents first.
 */
export function demoOrgCsv(units: readonly DemoUnit[]): string {
  const fields = [...new Set(units.flatMap((u) => Object.keys(u.custom ?? {})))].sort();
  const header = [
    'code',
    'parent_code',
    'kind',
    'name',
    'abbreviation',
    'alt_names',
    'valid_from',
    'valid_to',
    ...fields.map((f) => `custom.${f}`),
  ];
  const rows = units.map((u) => [
    u.code,
    u.parent,
    u.kind,
    u.name,
    u.abbreviation,
    (u.altNames ?? []).join(';'),
    u.validFrom,
    u.validTo,
    ...fields.map((f) => {
      const v = u.custom?.[f];
      return v === undefined ? '' : typeof v === 'boolean' ? String(v) : (v as string | number);
    }),
  ]);
  return csvDocument(header, rows);
}
