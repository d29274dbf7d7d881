import type { ChangeKind, GraceTable, Principal, SecurityLevel } from '../platform/db/governance-tables.ts';
import type { FieldProblem } from '../platform/errors.ts';

/**
 * What a governance policy may say, pure: who adds directly, who requests, the approval
 * stages, the checks before adding, the security level and its grace table, who is told of
 * what, and the expiry rules. `policyProblems` validates an input (anything a client sent)
 * and returns the complete settings to store, or every problem with field and rule.
 */
export const SUBJECT_TYPES = ['person', 'admin-account', 'service-account', 'group'] as const;
/** A member of a governed group: a person, an administrative or service account, or (nesting) a group. */
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export const CHANGE_KINDS: readonly ChangeKind[] = ['job', 'department', 'leaving', 'requirement'];
export const LEVELS: readonly SecurityLevel[] = ['high', 'medium', 'custom'];

/** The seed's grace tables by level (days from the change to the end of the membership). */
export const DEFAULT_GRACE: Record<Exclude<SecurityLevel, 'custom'>, GraceTable> = {
  high: { job: 14, department: 5, leaving: 0, requirement: 5 },
  medium: { job: 30, department: 30, leaving: 0, requirement: 30 },
};

/** The checks before adding a member (the same for direct adds, requests and approvals). */
export interface PolicyChecks {
  /** The kinds of member allowed (default: people only). */
  subjectTypes?: SubjectType[];
  /** Attributes the subject must carry (an account's attributes; a person carries none), with the value if given. */
  requiredAttributes?: Array<{ name: string; value?: string | number | boolean }>;
  /** Identifier kinds the person (an account's owner) must hold; `email` is also met by an email address on file. */
  requiredIdentifiers?: string[];
  /** The person must hold one of these statuses now (e.g. an active employee status). */
  requiredStatuses?: string[];
  /** The person must be an effective member of one of these groups now (e.g. one a cleanup rule watches). */
  supportingGroupIds?: number[];
  /** When the required statuses or supporting groups are missing, an end date is required instead of a refusal. */
  expiryRequiredUnlessSupported?: boolean;
  /** The affiliation kinds that count as employment for the facts (default employee, faculty). */
  employmentKinds?: string[];
}

export const NOTIFY_EVENTS = ['requested', 'decided', 'added'] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];
export const AUDIENCES = ['approvers', 'requester', 'member', 'manager', 'owner', 'delegates'] as const;
export type Audience = (typeof AUDIENCES)[number];
export type NotifyTable = Record<NotifyEvent, Audience[]>;

/** Who is told of what when the policy does not say. */
export const DEFAULT_NOTIFY: NotifyTable = {
  requested: ['approvers'],
  decided: ['requester'],
  added: ['member', 'manager', 'owner', 'delegates'],
};

/** The settings a policy stores (its target aside). */
export interface PolicySettings {
  name: string;
  label: string;
  directAdders: Principal[];
  requesters: Principal[];
  stages: { approvers: Principal[] }[];
  checks: PolicyChecks;
  securityLevel: SecurityLevel;
  grace: GraceTable;
  notify: NotifyTable;
  expiryRequired: boolean;
  maxDays: number | null;
  massLossPercent: number;
  ownerPersonId: number | null;
}

/** What a client sends to create (every field) or update (the fields it changes) a policy. */
export type PolicyInput = { [K in keyof PolicySettings]?: unknown } & {
  groupId?: unknown;
  folderId?: unknown;
  roleId?: unknown;
};

export type PolicyTarget =
  { kind: 'group'; id: number } | { kind: 'folder'; id: number } | { kind: 'role'; id: number };

const NAME = /^[a-z0-9][a-z0-9_.-]{0,99}$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1;
const p = (field: string, rule: string, message: string): FieldProblem => ({ field, rule, message });

/** The one thing a policy attaches to: exactly one of a group, a folder or an access role. */
export function targetOf(input: PolicyInput): { target: PolicyTarget | null; problems: FieldProblem[] } {
  const given = (['groupId', 'folderId', 'roleId'] as const).filter((k) => input[k] !== undefined && input[k] !== null);
  if (given.length !== 1)
    return {
      target: null,
      problems: [
        p(
          '/groupId',
          given.length === 0 ? 'required' : 'one-of',
          'a policy attaches to exactly one of a group (groupId), a folder (folderId) or an access role (roleId)',
        ),
      ],
    };
  const key = given[0];
  const id = input[key];
  if (!isId(id)) return { target: null, problems: [p(`/${key}`, 'type:id', 'must be a positive integer id')] };
  const kind = key === 'groupId' ? 'group' : key === 'folderId' ? 'folder' : 'role';
  return { target: { kind, id }, problems: [] };
}

/** Problems of a list of principals at `field`. */
export function principalProblems(value: unknown, field: string, hasOwner: boolean): FieldProblem[] {
  if (!Array.isArray(value)) return [p(field, 'type:array', 'must be a list of principals')];
  const out: FieldProblem[] = [];
  value.forEach((x, i) => {
    const at = `${field}/${i}`;
    if (!isObject(x)) return out.push(p(at, 'type:object', 'a principal is an object with a kind'));
    const keys = Object.keys(x).filter((k) => k !== 'kind');
    const only = (allowed: string[]) =>
      keys.filter((k) => !allowed.includes(k)).forEach((k) => out.push(p(`${at}/${k}`, 'known', `unknown field ${k}`)));
    switch (x.kind) {
      case 'person':
        only(['personId']);
        if (!isId(x.personId)) out.push(p(`${at}/personId`, 'type:id', 'a person principal names a personId'));
        break;
      case 'group':
        only(['groupId']);
        if (!isId(x.groupId)) out.push(p(`${at}/groupId`, 'type:id', 'a group principal names a groupId'));
        break;
      case 'privilege':
        only(['privilege']);
        if (x.privilege !== 'admin' && x.privilege !== 'update')
          out.push(p(`${at}/privilege`, 'enum', 'a privilege principal names admin or update'));
        break;
      case 'owner':
        only([]);
        if (!hasOwner) out.push(p(`${at}/kind`, 'owner-required', 'the policy has no owner: set ownerPersonId'));
        break;
      case 'delegates':
      case 'manager':
        only([]);
        break;
      default:
        out.push(p(`${at}/kind`, 'enum', 'kind is one of person, group, privilege, owner, delegates or manager'));
    }
  });
  return out;
}

function stringList(value: unknown, field: string): FieldProblem[] {
  if (!Array.isArray(value)) return [p(field, 'type:array', 'must be a list of names')];
  const out: FieldProblem[] = [];
  value.forEach((v, i) => {
    if (typeof v !== 'string' || v.trim() === '') out.push(p(`${field}/${i}`, 'type:string', 'must be a name'));
  });
  if (new Set(value).size !== value.length) out.push(p(field, 'unique', 'names a value twice'));
  return out;
}

/** Problems of the checks object (its shape and the values it names). */
export function checksProblems(value: unknown): FieldProblem[] {
  if (!isObject(value)) return [p('/checks', 'type:object', 'checks is an object')];
  const out: FieldProblem[] = [];
  const known = [
    'subjectTypes',
    'requiredAttributes',
    'requiredIdentifiers',
    'requiredStatuses',
    'supportingGroupIds',
    'expiryRequiredUnlessSupported',
    'employmentKinds',
  ];
  for (const k of Object.keys(value))
    if (!known.includes(k)) out.push(p(`/checks/${k}`, 'known', `unknown check ${k} (known: ${known.join(', ')})`));
  const { subjectTypes: types, requiredAttributes: attrs, supportingGroupIds: groups } = value;
  if (types !== undefined) {
    if (!Array.isArray(types) || types.length === 0)
      out.push(p('/checks/subjectTypes', 'type:array', 'a non-empty list of subject types'));
    else
      types.forEach((t, i) => {
        if (!SUBJECT_TYPES.includes(t as SubjectType))
          out.push(p(`/checks/subjectTypes/${i}`, 'enum', `one of ${SUBJECT_TYPES.join(', ')}`));
      });
  }
  if (attrs !== undefined) {
    if (!Array.isArray(attrs)) out.push(p('/checks/requiredAttributes', 'type:array', 'a list of { name, value? }'));
    else
      attrs.forEach((a, i) => {
        const at = `/checks/requiredAttributes/${i}`;
        if (!isObject(a) || typeof a.name !== 'string' || a.name.trim() === '')
          return out.push(p(at, 'type:object', 'an attribute is { name, value? }'));
        for (const k of Object.keys(a))
          if (k !== 'name' && k !== 'value') out.push(p(`${at}/${k}`, 'known', `unknown field ${k}`));
        if (a.value !== undefined && !['string', 'number', 'boolean'].includes(typeof a.value))
          out.push(p(`${at}/value`, 'type:scalar', 'a value is a string, number or boolean'));
      });
  }
  for (const k of ['requiredIdentifiers', 'requiredStatuses', 'employmentKinds'] as const)
    if (value[k] !== undefined) out.push(...stringList(value[k], `/checks/${k}`));
  if (groups !== undefined) {
    if (!Array.isArray(groups)) out.push(p('/checks/supportingGroupIds', 'type:array', 'a list of group ids'));
    else
      groups.forEach((g, i) => {
        if (!isId(g)) out.push(p(`/checks/supportingGroupIds/${i}`, 'type:id', 'must be a group id'));
      });
  }
  const unless = value.expiryRequiredUnlessSupported;
  if (unless !== undefined && typeof unless !== 'boolean')
    out.push(p('/checks/expiryRequiredUnlessSupported', 'type:boolean', 'true or false'));
  const supported =
    (Array.isArray(value.requiredStatuses) && value.requiredStatuses.length > 0) ||
    (Array.isArray(groups) && groups.length > 0);
  if (unless === true && !supported)
    out.push(
      p(
        '/checks/expiryRequiredUnlessSupported',
        'needs-support',
        'name requiredStatuses or supportingGroupIds: an end date is required unless one of them holds',
      ),
    );
  return out;
}

/** The grace table a level gives, or the problems with a custom one (all four kinds, whole days, not negative). */
export function graceOf(level: SecurityLevel, grace: unknown): { grace: GraceTable | null; problems: FieldProblem[] } {
  if (level !== 'custom') {
    if (grace !== undefined && grace !== null)
      return {
        grace: null,
        problems: [
          p('/grace', 'custom-only', `the ${level} level has its own grace table: choose securityLevel custom`),
        ],
      };
    return { grace: { ...DEFAULT_GRACE[level] }, problems: [] };
  }
  if (!isObject(grace))
    return {
      grace: null,
      problems: [
        p('/grace', 'required', 'a custom level gives grace days for job, department, leaving and requirement'),
      ],
    };
  const out: FieldProblem[] = [];
  for (const k of Object.keys(grace))
    if (!CHANGE_KINDS.includes(k as ChangeKind))
      out.push(p(`/grace/${k}`, 'known', `unknown kind of change ${k} (job, department, leaving, requirement)`));
  for (const k of CHANGE_KINDS) {
    const v = grace[k];
    if (v === undefined) out.push(p(`/grace/${k}`, 'required', `a custom grace table gives days for ${k}`));
    else if (!Number.isSafeInteger(v)) out.push(p(`/grace/${k}`, 'type:integer', 'grace is a whole number of days'));
    else if ((v as number) < 0) out.push(p(`/grace/${k}`, 'minimum', `grace days cannot be negative (got ${v})`));
  }
  return { grace: out.length ? null : (grace as unknown as GraceTable), problems: out };
}

/** The notify table: for each event the audiences told (events not named keep their default). */
export function notifyOf(value: unknown): { notify: NotifyTable | null; problems: FieldProblem[] } {
  if (value === undefined || value === null) return { notify: { ...DEFAULT_NOTIFY }, problems: [] };
  if (!isObject(value))
    return { notify: null, problems: [p('/notify', 'type:object', 'notify maps events to audiences')] };
  const out: FieldProblem[] = [];
  const notify: NotifyTable = { ...DEFAULT_NOTIFY };
  for (const [event, list] of Object.entries(value)) {
    if (!NOTIFY_EVENTS.includes(event as NotifyEvent)) {
      out.push(p(`/notify/${event}`, 'known', `unknown event ${event} (${NOTIFY_EVENTS.join(', ')})`));
      continue;
    }
    if (!Array.isArray(list)) {
      out.push(p(`/notify/${event}`, 'type:array', 'a list of audiences'));
      continue;
    }
    list.forEach((a, i) => {
      if (!AUDIENCES.includes(a as Audience))
        out.push(p(`/notify/${event}/${i}`, 'enum', `one of ${AUDIENCES.join(', ')}`));
      else if (a === 'approvers' && event !== 'requested')
        out.push(
          p(`/notify/${event}/${i}`, 'approvers-on-request', 'approvers are told when a request waits for them'),
        );
    });
    notify[event as NotifyEvent] = [...new Set(list as Audience[])];
  }
  return { notify: out.length ? null : notify, problems: out };
}

const scalarProblems = (s: Record<string, unknown>): FieldProblem[] => {
  const out: FieldProblem[] = [];
  if (typeof s.name !== 'string' || !NAME.test(s.name))
    out.push(p('/name', 'pattern', 'a name of lower-case letters, digits, "_", "-" and "." (at most 100)'));
  if (typeof s.label !== 'string' || s.label.length > 200)
    out.push(p('/label', 'type:string', 'at most 200 characters'));
  if (typeof s.expiryRequired !== 'boolean') out.push(p('/expiryRequired', 'type:boolean', 'true or false'));
  if (s.maxDays !== null && (!Number.isSafeInteger(s.maxDays) || (s.maxDays as number) < 1))
    out.push(p('/maxDays', 'minimum', 'the longest membership in days: a whole number of at least 1, or null'));
  const pct = s.massLossPercent;
  if (!Number.isSafeInteger(pct) || (pct as number) < 1 || (pct as number) > 100)
    out.push(p('/massLossPercent', 'range', 'a whole percentage from 1 to 100'));
  if (s.ownerPersonId !== null && !isId(s.ownerPersonId))
    out.push(p('/ownerPersonId', 'type:id', 'a person id, or null'));
  if (!LEVELS.includes(s.securityLevel as SecurityLevel))
    out.push(p('/securityLevel', 'enum', 'one of high, medium, custom'));
  return out;
};

/** The stages: each a non-empty list of approver principals. */
function stageProblems(stages: unknown, hasOwner: boolean): FieldProblem[] {
  if (!Array.isArray(stages)) return [p('/stages', 'type:array', 'a list of stages { approvers: [...] }')];
  const out: FieldProblem[] = [];
  stages.forEach((s, i) => {
    if (!isObject(s) || !Array.isArray(s.approvers) || s.approvers.length === 0)
      return out.push(p(`/stages/${i}/approvers`, 'required', 'a stage names at least one approver principal'));
    for (const k of Object.keys(s))
      if (k !== 'approvers') out.push(p(`/stages/${i}/${k}`, 'known', `unknown field ${k}`));
    out.push(...principalProblems(s.approvers, `/stages/${i}/approvers`, hasOwner));
  });
  return out;
}

/**
 * Validates a create (`current` absent: defaults fill what is not given) or an update (the input's fields over
 * `current`), returning the settings to store or every problem. The target is not part of an update.
 */
export function policyProblems(
  input: PolicyInput,
  current?: PolicySettings,
): { settings: PolicySettings | null; problems: FieldProblem[] } {
  const out: FieldProblem[] = [];
  if (current)
    for (const k of ['groupId', 'folderId', 'roleId'] as const)
      if (input[k] !== undefined)
        out.push(p(`/${k}`, 'immutable', 'a policy stays on what it governs: delete it and create another'));
  const base: Record<string, unknown> = current
    ? { ...current, grace: current.securityLevel === 'custom' ? current.grace : undefined }
    : { label: '', directAdders: [], requesters: [], stages: [], checks: {}, securityLevel: 'medium' };
  const s: Record<string, unknown> = {
    expiryRequired: false,
    maxDays: null,
    massLossPercent: 20,
    ownerPersonId: null,
    ...base,
  };
  for (const [k, v] of Object.entries(input))
    if (v !== undefined && !['groupId', 'folderId', 'roleId'].includes(k)) s[k] = v;
  // A level changed without a table takes the new level's table.
  if (current && input.securityLevel !== undefined && input.grace === undefined && s.securityLevel !== 'custom')
    s.grace = undefined;
  out.push(...scalarProblems(s));
  const hasOwner = isId(s.ownerPersonId);
  out.push(...principalProblems(s.directAdders, '/directAdders', hasOwner));
  out.push(...principalProblems(s.requesters, '/requesters', hasOwner));
  out.push(...stageProblems(s.stages, hasOwner));
  out.push(...checksProblems(s.checks));
  const level = LEVELS.includes(s.securityLevel as SecurityLevel) ? (s.securityLevel as SecurityLevel) : 'medium';
  const grace = graceOf(level, s.grace);
  out.push(...grace.problems);
  const notify = notifyOf(current && input.notify === undefined ? current.notify : s.notify);
  out.push(...notify.problems);
  if (out.length) return { settings: null, problems: out };
  return {
    settings: {
      name: s.name as string,
      label: s.label as string,
      directAdders: s.directAdders as Principal[],
      requesters: s.requesters as Principal[],
      stages: s.stages as { approvers: Principal[] }[],
      checks: s.checks as PolicyChecks,
      securityLevel: level,
      grace: grace.grace!,
      notify: notify.notify!,
      expiryRequired: s.expiryRequired as boolean,
      maxDays: s.maxDays as number | null,
      massLossPercent: s.massLossPercent as number,
      ownerPersonId: s.ownerPersonId as number | null,
    },
    problems: [],
  };
}

/** The group ids a policy's settings refer to (principals, supporting groups), for the service to check they exist. */
export function referencedGroups(s: PolicySettings): Array<{ field: string; groupId: number }> {
  const out: Array<{ field: string; groupId: number }> = [];
  const scan = (list: Principal[], field: string) =>
    list.forEach((x, i) => {
      if (x.kind === 'group') out.push({ field: `${field}/${i}/groupId`, groupId: x.groupId });
    });
  scan(s.directAdders, '/directAdders');
  scan(s.requesters, '/requesters');
  s.stages.forEach((st, i) => scan(st.approvers, `/stages/${i}/approvers`));
  (s.checks.supportingGroupIds ?? []).forEach((g, i) =>
    out.push({ field: `/checks/supportingGroupIds/${i}`, groupId: g }),
  );
  return out;
}

/** The person ids a policy's settings refer to (principals, owner). */
export function referencedPeople(s: PolicySettings): Array<{ field: string; personId: number }> {
  const out: Array<{ field: string; personId: number }> = [];
  const scan = (list: Principal[], field: string) =>
    list.forEach((x, i) => {
      if (x.kind === 'person') out.push({ field: `${field}/${i}/personId`, personId: x.personId });
    });
  scan(s.directAdders, '/directAdders');
  scan(s.requesters, '/requesters');
  s.stages.forEach((st, i) => scan(st.approvers, `/stages/${i}/approvers`));
  if (s.ownerPersonId !== null) out.push({ field: '/ownerPersonId', personId: s.ownerPersonId });
  return out;
}
