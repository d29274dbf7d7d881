import type { Target, TargetInput } from '../api/provision-types.ts';

/** The target form's state and its conversion to and from the API's definition. Pure. */
export interface MappingRow {
  attribute: string;
  template: string;
}

export interface TargetDraft {
  name: string;
  label: string;
  kind: 'ldap' | 'webhook';
  url: string;
  bindDn: string;
  /** Write-only: empty keeps the stored password. */
  password: string;
  baseDn: string;
  groupsDn: string;
  /** Comma separated lists, as typed. */
  statuses: string;
  orgUnits: string;
  selectionGroups: string;
  mappings: MappingRow[];
  /** Steward group names (or application/role) written as directory groups, comma separated. */
  directoryGroups: string;
  disable: boolean;
  deleteAfterDays: string;
  thresholdPercent: string;
  events: string;
  /** Write-only: empty keeps the stored secret (or, on a new webhook target, has Steward make one). */
  secret: string;
  /** Which secrets the target has already (shown as "set"). */
  secretsSet: string[];
  /** What the form does not edit, sent back as it was. */
  keptSettings: Record<string, unknown>;
  keptSelection: Record<string, unknown>;
  keptGroupNames: Record<string, string>;
}

export const emptyDraft: TargetDraft = {
  name: '',
  label: '',
  kind: 'ldap',
  url: '',
  bindDn: '',
  password: '',
  baseDn: '',
  groupsDn: '',
  statuses: '',
  orgUnits: '',
  selectionGroups: '',
  mappings: [],
  directoryGroups: '',
  disable: true,
  deleteAfterDays: '90',
  thresholdPercent: '10',
  events: 'person.*',
  secret: '',
  secretsSet: [],
  keptSettings: {},
  keptSelection: {},
  keptGroupNames: {},
};

const FORM_SETTINGS = ['url', 'bindDn', 'baseDn', 'groupsDn', 'events'];
const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const text = (v: unknown) => (typeof v === 'string' ? v : '');
const joined = (v: unknown) => (Array.isArray(v) ? v.join(', ') : '');
const numberOf = (v: string) => (v.trim() === '' ? undefined : Number(v));

export function draftOf(t: Target): TargetDraft {
  const s = t.settings;
  const { statuses, orgUnits, groups, ...keptSelection } = t.selection;
  const keptGroupNames: Record<string, string> = {};
  for (const g of t.groups) if (g.name) keptGroupNames['group' in g ? g.group : g.role] = g.name;
  return {
    ...emptyDraft,
    name: t.name,
    label: t.label,
    kind: t.kind === 'webhook' ? 'webhook' : 'ldap',
    url: text(s.url),
    bindDn: text(s.bindDn),
    baseDn: text(s.baseDn),
    groupsDn: text(s.groupsDn),
    statuses: joined(statuses),
    orgUnits: joined(orgUnits),
    selectionGroups: joined(groups),
    mappings: Object.entries(t.mappings).map(([attribute, template]) => ({ attribute, template })),
    directoryGroups: t.groups.map((g) => ('group' in g ? g.group : g.role)).join(', '),
    disable: t.lifecycle.disable ?? true,
    deleteAfterDays: t.lifecycle.deleteAfterDays == null ? '' : String(t.lifecycle.deleteAfterDays),
    thresholdPercent: String(t.thresholdPercent),
    events: joined(s.events),
    secretsSet: t.secretsSet,
    keptSettings: Object.fromEntries(Object.entries(s).filter(([k]) => !FORM_SETTINGS.includes(k))),
    keptSelection,
    keptGroupNames,
  };
}

/** The definition to send; `creating` adds the name, and leaves out an empty mapping (the server's default). */
export function inputOf(d: TargetDraft, creating: boolean): TargetInput {
  const base = { name: d.name.trim(), label: d.label.trim() || undefined, kind: d.kind };
  if (d.kind === 'webhook')
    return {
      ...base,
      settings: { ...d.keptSettings, url: d.url.trim(), events: list(d.events) },
      secrets: d.secret ? { secret: d.secret.trim() } : undefined,
    };
  const mappings = Object.fromEntries(
    d.mappings.filter((m) => m.attribute.trim()).map((m) => [m.attribute.trim(), m.template]),
  );
  const days = numberOf(d.deleteAfterDays);
  return {
    ...base,
    settings: {
      ...d.keptSettings,
      url: d.url.trim(),
      bindDn: d.bindDn.trim(),
      baseDn: d.baseDn.trim(),
      groupsDn: d.groupsDn.trim(),
    },
    secrets: d.password ? { password: d.password } : undefined,
    selection: {
      ...d.keptSelection,
      statuses: list(d.statuses),
      orgUnits: list(d.orgUnits),
      groups: list(d.selectionGroups),
    },
    mappings: creating && Object.keys(mappings).length === 0 ? undefined : mappings,
    groups: list(d.directoryGroups).map((g) => {
      const name = d.keptGroupNames[g];
      const spec = g.includes('/') ? { role: g } : { group: g };
      return name ? { ...spec, name } : spec;
    }),
    lifecycle: { disable: d.disable, deleteAfterDays: days === undefined ? null : days },
    thresholdPercent: numberOf(d.thresholdPercent),
  };
}
