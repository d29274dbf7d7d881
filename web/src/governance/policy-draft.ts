import type { Policy, PolicyInput, Principal, SecurityLevel } from '../api/governance-types.ts';
import {
  AUDIENCES,
  type Audience,
  DEFAULT_GRACE,
  DEFAULT_NOTIFY,
  NOTIFY_EVENTS,
  type NotifyEvent,
  SUBJECT_TYPES,
  type SubjectType,
} from '../../../src/governance/policy-rules.ts';

export { AUDIENCES, DEFAULT_GRACE, NOTIFY_EVENTS, SUBJECT_TYPES };
export type { Audience, NotifyEvent, SubjectType };

export const CHANGE_KINDS = ['job', 'department', 'leaving', 'requirement'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export type GraceDraft = Record<ChangeKind, string>;

/** A policy form as typed: numbers and lists stay text until sent, so the server judges them and names the field. */
export interface PolicyDraft {
  name: string;
  label: string;
  targetKind: 'group' | 'folder';
  targetId: string;
  directAdders: Principal[];
  requesters: Principal[];
  stages: Principal[][];
  subjectTypes: SubjectType[];
  requiredStatuses: string;
  supportingGroupIds: string;
  requiredIdentifiers: string;
  requiredAttributes: string;
  expiryRequiredUnlessSupported: boolean;
  securityLevel: SecurityLevel;
  grace: GraceDraft;
  notify: Record<NotifyEvent, Audience[]>;
  expiryRequired: boolean;
  maxDays: string;
  massLossPercent: string;
  ownerPersonId: string;
}

const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
const graceText = (g: Record<ChangeKind, number>): GraceDraft => ({
  job: String(g.job),
  department: String(g.department),
  leaving: String(g.leaving),
  requirement: String(g.requirement),
});

export function emptyDraft(target?: { kind: 'group' | 'folder'; id: number }): PolicyDraft {
  return {
    name: '',
    label: '',
    targetKind: target?.kind ?? 'group',
    targetId: target ? String(target.id) : '',
    directAdders: [{ kind: 'privilege', privilege: 'admin' }],
    requesters: [],
    stages: [[{ kind: 'manager' }]],
    subjectTypes: ['person'],
    requiredStatuses: '',
    supportingGroupIds: '',
    requiredIdentifiers: '',
    requiredAttributes: '',
    expiryRequiredUnlessSupported: false,
    securityLevel: 'high',
    grace: graceText(DEFAULT_GRACE.high),
    notify: { ...DEFAULT_NOTIFY },
    expiryRequired: false,
    maxDays: '',
    massLossPercent: '20',
    ownerPersonId: '',
  };
}

interface ChecksShape {
  subjectTypes?: SubjectType[];
  requiredStatuses?: string[];
  supportingGroupIds?: number[];
  requiredIdentifiers?: string[];
  requiredAttributes?: Array<{ name: string; value?: string | number | boolean }>;
  expiryRequiredUnlessSupported?: boolean;
}

/** The draft of a policy read from the server. */
export function draftOf(p: Policy): PolicyDraft {
  const c = (p.checks ?? {}) as ChecksShape;
  return {
    name: p.name,
    label: p.label,
    targetKind: p.target.kind === 'folder' ? 'folder' : 'group',
    targetId: String(p.target.id),
    directAdders: p.directAdders as Principal[],
    requesters: p.requesters as Principal[],
    stages: p.stages.map((s) => s.approvers as Principal[]),
    subjectTypes: c.subjectTypes ?? ['person'],
    requiredStatuses: (c.requiredStatuses ?? []).join(', '),
    supportingGroupIds: (c.supportingGroupIds ?? []).join(', '),
    requiredIdentifiers: (c.requiredIdentifiers ?? []).join(', '),
    requiredAttributes: (c.requiredAttributes ?? [])
      .map((a) => (a.value === undefined ? a.name : `${a.name}=${String(a.value)}`))
      .join('\n'),
    expiryRequiredUnlessSupported: c.expiryRequiredUnlessSupported ?? false,
    securityLevel: p.securityLevel,
    grace: graceText(p.grace),
    notify: { ...DEFAULT_NOTIFY, ...(p.notify as Record<NotifyEvent, Audience[]>) },
    expiryRequired: p.expiryRequired,
    maxDays: text(p.maxDays),
    massLossPercent: String(p.massLossPercent),
    ownerPersonId: text(p.ownerPersonId),
  };
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
/** A number typed, or the text itself (so the server names the field and the rule). */
const num = (s: string): number => (/^-?\d+$/.test(s.trim()) ? Number(s.trim()) : (s as unknown as number));
const orNull = (s: string): number | null => (s.trim() === '' ? null : num(s));

function attributes(s: string) {
  return s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const at = l.indexOf('=');
      return at < 0 ? { name: l } : { name: l.slice(0, at).trim(), value: l.slice(at + 1).trim() };
    });
}

function checksOf(d: PolicyDraft) {
  const out: ChecksShape = { subjectTypes: d.subjectTypes };
  if (list(d.requiredStatuses).length) out.requiredStatuses = list(d.requiredStatuses);
  if (list(d.supportingGroupIds).length) out.supportingGroupIds = list(d.supportingGroupIds).map(num);
  if (list(d.requiredIdentifiers).length) out.requiredIdentifiers = list(d.requiredIdentifiers);
  if (attributes(d.requiredAttributes).length) out.requiredAttributes = attributes(d.requiredAttributes);
  if (d.expiryRequiredUnlessSupported) out.expiryRequiredUnlessSupported = true;
  return out;
}

/** The settings of the draft as the API takes them (create and update alike; the target only on create). */
export function settingsOf(d: PolicyDraft): Omit<PolicyInput, 'name' | 'groupId' | 'folderId' | 'roleId'> {
  return {
    label: d.label,
    directAdders: d.directAdders,
    requesters: d.requesters,
    stages: d.stages.map((approvers) => ({ approvers })),
    checks: checksOf(d),
    securityLevel: d.securityLevel,
    grace:
      d.securityLevel === 'custom'
        ? {
            job: num(d.grace.job),
            department: num(d.grace.department),
            leaving: num(d.grace.leaving),
            requirement: num(d.grace.requirement),
          }
        : null,
    notify: d.notify,
    expiryRequired: d.expiryRequired,
    maxDays: orNull(d.maxDays),
    massLossPercent: num(d.massLossPercent),
    ownerPersonId: orNull(d.ownerPersonId),
  };
}

export function createInput(d: PolicyDraft): PolicyInput {
  const target = d.targetKind === 'group' ? { groupId: num(d.targetId) } : { folderId: num(d.targetId) };
  return { name: d.name.trim(), ...target, ...settingsOf(d) };
}

/** A principal in words ("the member's manager", "person #12"). */
export function principalWords(x: Principal): string {
  switch (x.kind) {
    case 'person':
      return `person #${x.personId}`;
    case 'group':
      return `members of group #${x.groupId}`;
    case 'privilege':
      return `holders of ${x.privilege} on the group`;
    case 'owner':
      return 'the policy owner';
    case 'delegates':
      return "the delegates of the member's department";
    case 'manager':
      return "the member's manager";
    default:
      return x satisfies never;
  }
}
