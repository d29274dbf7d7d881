import type { Target, TargetInput } from '../api/provision-types.ts';

/** The target form's state and its conversion to and from the API's definition. Pure. */
export interface MappingRow {
  attribute: string;
  template: string;
}

export type TargetKind = 'ldap' | 'webhook' | 'scim';

/** What the UI calls each kind, long (forms, the target page) and short (the targets list). */
export const KIND_LABELS: Record<TargetKind, { long: string; short: string }> = {
  ldap: { long: 'LDAP directory', short: 'LDAP' },
  webhook: { long: 'Webhook consumer', short: 'webhook' },
  scim: { long: 'SCIM application', short: 'SCIM' },
};

/** A stored kind in words; a kind this UI does not know shows as it is. */
export const kindLabel = (kind: string, form: 'long' | 'short'): string =>
  kind in KIND_LABELS ? KIND_LABELS[kind as TargetKind][form] : kind;

/** The kind a stored target has; a kind this UI does not know is refused rather than guessed. */
export function kindOf(kind: string): TargetKind {
  if (kind === 'ldap' || kind === 'webhook' || kind === 'scim') return kind;
  throw new Error(`this page does not know provisioning targets of kind ${kind}`);
}

/** Whether the kind writes accounts (selection, mappings, groups, leavers, full sync) rather than sending events. */
export const writesAccounts = (kind: string) => kind === 'ldap' || kind === 'scim';

export interface TargetDraft {
  name: string;
  label: string;
  kind: TargetKind;
  url: string;
  bindDn: string;
  /** Write-only: empty keeps the stored password. */
  password: string;
  /** SCIM: write-only bearer token; empty keeps the stored one. */
  token: string;
  /** SCIM: group folders whose groups are pushed, comma separated. */
  groupFolders: string;
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
  /** Tries before an object waits for an administrator; not edited, sent back as it was (empty: the default). */
  maxAttempts: number | undefined;
}

export const emptyDraft: TargetDraft = {
  name: '',
  label: '',
  kind: 'ldap',
  url: '',
  bindDn: '',
  password: '',
  token: '',
  groupFolders: '',
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
  maxAttempts: undefined,
};

/** The settings each kind's form edits; every other setting is kept as it was. */
const FORM_SETTINGS: Record<TargetKind, string[]> = {
  ldap: ['url', 'bindDn', 'baseDn', 'groupsDn'],
  webhook: ['url', 'events'],
  scim: ['url', 'groupFolders'],
};
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
  const kind = kindOf(t.kind);
  const { statuses, orgUnits, groups, ...keptSelection } = t.selection;
  const keptGroupNames: Record<string, string> = {};
  for (const g of t.groups) if (g.name) keptGroupNames['group' in g ? g.group : g.role] = g.name;
  return {
    ...emptyDraft,
    name: t.name,
    label: t.label,
    kind,
    url: text(s.url),
    groupFolders: kind === 'scim' ? joined(s.groupFolders) : '',
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
    events: kind === 'webhook' ? joined(s.events) : '',
    secretsSet: t.secretsSet,
    keptSettings: Object.fromEntries(Object.entries(s).filter(([k]) => !FORM_SETTINGS[kind].includes(k))),
    keptSelection,
    keptGroupNames,
    maxAttempts: t.maxAttempts,
  };
}

/** The definition to send; `creating` adds the name, and leaves out an empty mapping (the server's default). */
export function inputOf(d: TargetDraft, creating: boolean): TargetInput {
  const base = { name: d.name.trim(), label: d.label.trim() || undefined, kind: d.kind, maxAttempts: d.maxAttempts };
  if (d.kind === 'webhook')
    return {
      ...base,
      settings: { ...d.keptSettings, url: d.url.trim(), events: list(d.events) },
      secrets: d.secret ? { secret: d.secret.trim() } : undefined,
    };
  const accounts = accountsOf(d, creating);
  if (d.kind === 'scim')
    return {
      ...base,
      ...accounts,
      settings: { ...d.keptSettings, url: d.url.trim(), groupFolders: list(d.groupFolders) },
      secrets: d.token.trim() ? { token: d.token.trim() } : undefined,
    };
  return {
    ...base,
    ...accounts,
    settings: {
      ...d.keptSettings,
      url: d.url.trim(),
      bindDn: d.bindDn.trim(),
      baseDn: d.baseDn.trim(),
      groupsDn: d.groupsDn.trim(),
    },
    secrets: d.password ? { password: d.password } : undefined,
  };
}

/** What LDAP and SCIM targets share: who is selected, the mapping, the groups written and what happens to leavers. */
function accountsOf(d: TargetDraft, creating: boolean) {
  const mappings = Object.fromEntries(
    d.mappings.filter((m) => m.attribute.trim()).map((m) => [m.attribute.trim(), m.template]),
  );
  const days = numberOf(d.deleteAfterDays);
  return {
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
