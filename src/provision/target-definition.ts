import type { FieldProblem } from '../platform/errors.ts';
import {
  type FeedInput,
  type FeedSelection,
  type Known,
  normaliseSelection,
  selectionProblems,
} from '../feeds/feed-definition.ts';
import { templateProblems } from './mapping-rules.ts';
import { webhookSettingsProblems } from './webhook/webhook-settings-rules.ts';
import {
  normaliseScimSettings,
  SCIM_DEFAULT_MAPPINGS,
  SCIM_SETTING_KEYS,
  scimSettingsProblems,
  type ScimTargetSettings,
} from './scim/scim-settings-rules.ts';

/**
 * A provisioning target's definition and its validation. Pure: the service loads what
 * exists (status types, org units, streams, groups, roles) and passes it in as `Known`.
 *
 * Selection is the feeds' language (statuses, stream values, org subtrees, primary only)
 * plus groups: a person is provisioned while they hold a qualifying status and, when groups
 * are named, are a current member of one of them. Secrets are write-only: the definition
 * the service shows back names which are set, never their values.
 */
export type TargetKind = 'ldap' | 'webhook' | 'scim';
export const TARGET_KINDS: readonly TargetKind[] = ['ldap', 'webhook', 'scim'];

export interface TargetSelection extends FeedSelection {
  groups: string[];
  /** The groups' ids, recorded when the target is saved (a renamed group still selects). */
  groupIds?: number[];
}

/**
 * A Steward group, or an application's role, written as a directory group. `id` is the
 * group's or role's id, recorded when the target is saved, so a renamed group stays the
 * same directory group (renamed there too).
 */
export type GroupSpec = { group: string; name?: string; id?: number } | { role: string; name?: string; id?: number };

export interface Lifecycle {
  /** No longer selected: disable (true) or delete at once (false). */
  disable: boolean;
  /** Days a disabled account is kept before it is deleted; null: kept. */
  deleteAfterDays: number | null;
}

export interface DisableSettings {
  attribute: string;
  enabled: string;
  disabled: string;
}

export interface LdapTargetSettings {
  url: string;
  bindDn: string;
  baseDn: string;
  groupsDn: string;
  rdnAttribute: string;
  objectClasses: string[];
  groupObjectClasses: string[];
  requiredAttributes: string[];
  disable: DisableSettings;
  timeoutSeconds: number;
  startTls: boolean;
  tlsInsecure: boolean;
}

export interface WebhookTargetSettings {
  url: string;
  events: string[];
  timeoutSeconds: number;
  source?: string;
}

export interface TargetDefinition {
  name: string;
  label: string;
  kind: TargetKind;
  settings: LdapTargetSettings | WebhookTargetSettings | ScimTargetSettings;
  selection: TargetSelection;
  mappings: Record<string, string>;
  groups: GroupSpec[];
  lifecycle: Lifecycle;
  thresholdPercent: number;
  maxAttempts: number;
}

export interface TargetInput {
  name: string;
  label?: string;
  kind: string;
  settings: Record<string, unknown>;
  secrets?: Record<string, string>;
  selection?: FeedInput['selection'] & { groups?: string[] };
  mappings?: Record<string, string>;
  groups?: GroupSpec[];
  lifecycle?: Partial<Lifecycle>;
  thresholdPercent?: number;
  maxAttempts?: number;
  paused?: boolean;
}

export interface TargetKnown extends Known {
  groups: ReadonlySet<string>;
  /** "application/role" names. */
  roles: ReadonlySet<string>;
  /** The change-log entity types a webhook may subscribe to. */
  entityTypes: readonly string[];
}

export const LDAP_DEFAULTS = {
  rdnAttribute: 'cn',
  objectClasses: ['top', 'person', 'organizationalPerson', 'inetOrgPerson', 'stewardADUser', 'eduPerson'],
  groupObjectClasses: ['top', 'stewardGroup'],
  requiredAttributes: ['cn', 'sn', 'sAMAccountName'],
  disable: { attribute: 'userAccountControl', enabled: '512', disabled: '514' },
  timeoutSeconds: 10,
};

/** An AD-shaped mapping, the default for a new LDAP target. */
export const AD_MAPPINGS: Record<string, string> = {
  cn: '{displayName}',
  sn: '{familyName}',
  givenName: '{givenName}',
  displayName: '{displayName}',
  sAMAccountName: '{username}',
  userPrincipalName: '{username}@example.edu',
  mail: '{email}',
  employeeID: '{idNumber}',
  eduPersonAffiliation: '{affiliations}',
  eduPersonPrincipalName: '{username}@example.edu',
};

const NAME = /^[a-z][a-z0-9-]{0,47}$/;
const DN = /^[A-Za-z][\w-]*=[^,]+(,\s*[A-Za-z][\w-]*=[^,]+)*$/;
const ATTRIBUTE = /^[A-Za-z][A-Za-z0-9-]{0,63}$/;
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

function ldapUrlProblem(value: unknown): string | null {
  const schemes = ['ldap:', 'ldaps:'];
  try {
    const url = new URL(str(value));
    return schemes.includes(url.protocol) ? null : `must be a ${schemes.map((s) => s + '//').join(' or ')} address`;
  } catch {
    return `must be an address such as ${schemes[0]}//host:port`;
  }
}

const LDAP_KEYS = [
  'url',
  'bindDn',
  'baseDn',
  'groupsDn',
  'rdnAttribute',
  'objectClasses',
  'groupObjectClasses',
  'requiredAttributes',
  'disable',
  'timeoutSeconds',
  'startTls',
  'tlsInsecure',
];
const WEBHOOK_KEYS = ['url', 'events', 'timeoutSeconds', 'source'];
const SECRET_KEYS: Record<TargetKind, string[]> = { ldap: ['password'], webhook: ['secret'], scim: ['token'] };
const SETTING_KEYS: Record<TargetKind, string[]> = { ldap: LDAP_KEYS, webhook: WEBHOOK_KEYS, scim: SCIM_SETTING_KEYS };

type Add = (field: string, rule: string, message: string) => void;

function ldapSettingsProblems(s: Record<string, unknown>, add: Add): void {
  const url = ldapUrlProblem(s.url);
  if (url) add('/settings/url', 'format:url', url);
  for (const key of ['bindDn', 'baseDn', 'groupsDn'])
    if (!DN.test(str(s[key])))
      add(`/settings/${key}`, 'format:dn', 'must be a distinguished name such as ou=people,dc=example,dc=edu');
  if (s.rdnAttribute !== undefined && !ATTRIBUTE.test(str(s.rdnAttribute)))
    add('/settings/rdnAttribute', 'format:attribute', 'must be an attribute name such as cn');
  const disable = s.disable as Partial<DisableSettings> | undefined;
  if (disable !== undefined && (!ATTRIBUTE.test(str(disable?.attribute)) || !str(disable?.disabled)))
    add('/settings/disable', 'shape', 'must give the attribute and its enabled and disabled values');
}

function timeoutProblem(s: Record<string, unknown>, add: Add): void {
  const t = s.timeoutSeconds;
  if (t !== undefined && (typeof t !== 'number' || !Number.isInteger(t) || t < 1 || t > 300))
    add('/settings/timeoutSeconds', 'range', 'must be a whole number of seconds from 1 to 300');
}

function groupProblems(groups: GroupSpec[], known: TargetKnown, add: Add): void {
  const names = new Set<string>();
  groups.forEach((g, i) => {
    const steward = 'group' in g ? g.group : g.role;
    if ('group' in g && !known.groups.has(g.group)) add(`/groups/${i}/group`, 'exists', `there is no group ${g.group}`);
    if ('role' in g && !known.roles.has(g.role))
      add(`/groups/${i}/role`, 'exists', `there is no role ${g.role} (write application/role)`);
    const name = (g.name ?? steward).toLowerCase();
    if (names.has(name)) add(`/groups/${i}`, 'unique', `the directory group ${name} is named twice`);
    names.add(name);
  });
}

function commonProblems(input: TargetInput, add: Add): void {
  if (!NAME.test(input.name ?? ''))
    add('/name', 'pattern', 'must be 1-48 lowercase letters, digits or dashes, starting with a letter');
  if (input.label !== undefined && input.label.trim() === '') add('/label', 'not-blank', 'must not be blank');
  const t = input.thresholdPercent;
  if (t !== undefined && !(t >= 0 && t <= 100)) add('/thresholdPercent', 'range', 'must be from 0 to 100');
  const m = input.maxAttempts;
  if (m !== undefined && !(Number.isInteger(m) && m >= 1 && m <= 100))
    add('/maxAttempts', 'range', 'must be a whole number from 1 to 100');
  const days = input.lifecycle?.deleteAfterDays;
  if (days !== undefined && days !== null && !(Number.isInteger(days) && days >= 0 && days <= 3650))
    add('/lifecycle/deleteAfterDays', 'range', 'must be a whole number of days from 0 to 3650, or null to keep');
}

/** Every problem with a target definition, each naming its field (JSON pointer) and rule. */
export function targetProblems(input: TargetInput, known: TargetKnown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add: Add = (field, rule, message) => problems.push({ field, rule, message });
  commonProblems(input, add);
  if (!TARGET_KINDS.includes(input.kind as TargetKind)) {
    add('/kind', 'enum', `must be one of ${TARGET_KINDS.join(', ')}`);
    return problems;
  }
  const kind = input.kind as TargetKind;
  const settings = input.settings ?? {};
  const allowed = SETTING_KEYS[kind];
  for (const key of Object.keys(settings))
    if (!allowed.includes(key))
      add(`/settings/${key}`, 'unknown', `a ${kind} target has no setting ${key} (known: ${allowed.join(', ')})`);
  for (const key of Object.keys(input.secrets ?? {}))
    if (!SECRET_KEYS[kind].includes(key))
      add(
        `/secrets/${key}`,
        'unknown',
        `a ${kind} target has no secret ${key} (known: ${SECRET_KEYS[kind].join(', ')})`,
      );
  if (kind === 'ldap') {
    timeoutProblem(settings, add);
    ldapProblems(input, settings, known, add);
  }
  if (kind === 'webhook') webhookProblems(input, settings, known, add);
  if (kind === 'scim') scimProblems(input, settings, known, add);
  return problems;
}

function selectionAndGroupProblems(input: TargetInput, known: TargetKnown, add: Add): void {
  problems(selectionProblems(input.selection ?? {}, known), add);
  (input.selection?.groups ?? []).forEach((g, i) => {
    if (!known.groups.has(g)) add(`/selection/groups/${i}`, 'exists', `there is no group ${g}`);
  });
}

function scimProblems(input: TargetInput, settings: Record<string, unknown>, known: TargetKnown, add: Add): void {
  problems(scimSettingsProblems(settings, input.secrets ?? {}, input.mappings), add);
  selectionAndGroupProblems(input, known, add);
  groupProblems(input.groups ?? [], known, add);
}

function ldapProblems(input: TargetInput, settings: Record<string, unknown>, known: TargetKnown, add: Add): void {
  ldapSettingsProblems(settings, add);
  selectionAndGroupProblems(input, known, add);
  const mappings = input.mappings ?? AD_MAPPINGS;
  for (const [attribute, template] of Object.entries(mappings)) {
    if (!ATTRIBUTE.test(attribute)) add(`/mappings/${attribute}`, 'format:attribute', 'is not an attribute name');
    problems(templateProblems(template, `/mappings/${attribute}`), add);
  }
  const rdn = str(settings.rdnAttribute) || LDAP_DEFAULTS.rdnAttribute;
  const required = (settings.requiredAttributes as string[] | undefined) ?? LDAP_DEFAULTS.requiredAttributes;
  for (const attribute of new Set([rdn, ...required]))
    if (!Object.keys(mappings).some((a) => a.toLowerCase() === attribute.toLowerCase()))
      add('/mappings', 'required', `must map ${attribute} (${attribute === rdn ? 'it names the entry' : 'required'})`);
  groupProblems(input.groups ?? [], known, add);
}

function webhookProblems(input: TargetInput, settings: Record<string, unknown>, known: TargetKnown, add: Add): void {
  problems(webhookSettingsProblems(settings, input.secrets ?? {}, known.entityTypes, { secretRequired: false }), add);
  if (input.mappings && Object.keys(input.mappings).length)
    add('/mappings', 'ldap-only', 'a webhook target sends change events; mappings apply to LDAP and SCIM targets');
  if (input.groups?.length) add('/groups', 'ldap-only', 'directory groups apply to LDAP and SCIM targets');
}

function problems(list: FieldProblem[], add: Add): void {
  for (const p of list) add(p.field, p.rule, p.message);
}

/** The definition with defaults filled in (call after `targetProblems` found nothing). */
export function normaliseTarget(input: TargetInput, known?: Known): TargetDefinition {
  const kind = input.kind as TargetKind;
  const s = input.settings ?? {};
  const settings: TargetDefinition['settings'] =
    kind === 'scim'
      ? normaliseScimSettings(s)
      : kind === 'ldap'
        ? {
            url: str(s.url),
            bindDn: str(s.bindDn),
            baseDn: str(s.baseDn),
            groupsDn: str(s.groupsDn),
            rdnAttribute: str(s.rdnAttribute) || LDAP_DEFAULTS.rdnAttribute,
            objectClasses: (s.objectClasses as string[] | undefined) ?? LDAP_DEFAULTS.objectClasses,
            groupObjectClasses: (s.groupObjectClasses as string[] | undefined) ?? LDAP_DEFAULTS.groupObjectClasses,
            requiredAttributes: (s.requiredAttributes as string[] | undefined) ?? LDAP_DEFAULTS.requiredAttributes,
            disable: (s.disable as DisableSettings | undefined) ?? LDAP_DEFAULTS.disable,
            timeoutSeconds: (s.timeoutSeconds as number | undefined) ?? LDAP_DEFAULTS.timeoutSeconds,
            startTls: s.startTls === true,
            tlsInsecure: s.tlsInsecure === true,
          }
        : {
            url: str(s.url),
            events: s.events as string[],
            timeoutSeconds: (s.timeoutSeconds as number) ?? 10,
            ...(s.source ? { source: str(s.source) } : {}),
          };
  const sel = input.selection ?? {};
  return {
    name: input.name,
    label: (input.label ?? input.name).trim(),
    kind,
    settings,
    selection: { ...normaliseSelection(sel, known), groups: sel.groups ?? [] },
    mappings:
      kind === 'ldap'
        ? (input.mappings ?? AD_MAPPINGS)
        : kind === 'scim'
          ? (input.mappings ?? SCIM_DEFAULT_MAPPINGS)
          : {},
    groups: kind === 'webhook' ? [] : (input.groups ?? []),
    lifecycle: {
      disable: input.lifecycle?.disable ?? true,
      deleteAfterDays: input.lifecycle?.deleteAfterDays === undefined ? 90 : input.lifecycle.deleteAfterDays,
    },
    thresholdPercent: input.thresholdPercent ?? 10,
    maxAttempts: input.maxAttempts ?? 8,
  };
}

/** The secrets a target of this kind must have before it can run. */
export function missingSecrets(kind: TargetKind, secrets: Record<string, string>): string[] {
  return SECRET_KEYS[kind].filter((k) => !secrets[k]);
}
