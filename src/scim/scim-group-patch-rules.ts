import { ScimError } from './scim-errors.ts';
import { CORE_GROUP } from './scim-schemas-doc.ts';

/**
 * A SCIM PATCH of a Group (RFC 7644 §3.5.2) as a plan of set operations on its direct members. Pure. The plan reads
 * "end the memberships in `remove` (or all of them), then add those in `add`": each operation in order folds into it,
 * so a member added and removed in one request ends up removed, and one removed then added stays. Accepts what Entra
 * ID sends besides the RFC's forms: op names in any case, `remove` of `members` with a `value` list, `replace`
 * without a path with an object.
 */
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface MemberPlan {
  add: number[];
  remove: number[] | 'all';
  displayName?: string;
  /** The client's externalId for the group: a value to keep, null to forget it, absent to leave it. */
  externalId?: string | null;
}

const ID = /^[1-9]\d{0,15}$/;
const MEMBER_FILTER = /^members\[\s*value\s+eq\s+"([^"]*)"\s*\]$/i;
const MEMBER_KEYS = new Set(['value', 'display', 'type', '$ref']);

const syntax = (detail: string) => new ScimError(400, detail, 'invalidSyntax');
const badValue = (detail: string) => new ScimError(400, detail, 'invalidValue');
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One member reference `{ value, type?, display?, $ref? }` as a person id; only Users are members through SCIM. */
export function memberId(m: unknown, where: string): number {
  if (!isObject(m)) throw badValue(`${where}: a member is an object with a value (the person's id)`);
  const extra = Object.keys(m).find((k) => !MEMBER_KEYS.has(k));
  if (extra) throw badValue(`${where}: a member has no attribute ${extra}`);
  if (m.type !== undefined && String(m.type).toLowerCase() !== 'user')
    throw badValue(`${where}: only Users can be members of a group through SCIM, not ${String(m.type)}`);
  const value = typeof m.value === 'number' ? String(m.value) : m.value;
  if (typeof value !== 'string' || !ID.test(value))
    throw badValue(`${where}: member value ${JSON.stringify(m.value)} is not a User id`);
  return Number(value);
}

/** A `members` value: a list of member references (one object alone is read as a list of one). */
export function memberIds(value: unknown, where: string): number[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((m, i) => memberId(m, `${where}[${i}]`));
}

/** An externalId as sent: a string of at most 200 characters kept as given; null or "" forgets it. */
export function externalIdOf(value: unknown, where: string): string | null {
  if (value === null || value === '') return null;
  if (typeof value !== 'string') throw badValue(`${where}: externalId must be a string`);
  if (value.length > 200) throw badValue(`${where}: externalId has at most 200 characters`);
  return value;
}

export function displayNameOf(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw badValue(`${where}: displayName must be a non-empty string`);
  if (value.length > 200) throw badValue(`${where}: displayName has at most 200 characters`);
  return value;
}

type Target =
  | { kind: 'none' }
  | { kind: 'members' }
  | { kind: 'member'; id: number | null }
  | { kind: 'displayName' }
  | { kind: 'externalId' };

/** The attribute a path names; the core schema's URN may prefix it. */
function target(path: unknown, where: string): Target {
  if (path === undefined) return { kind: 'none' };
  if (typeof path !== 'string') throw new ScimError(400, `${where}: path must be a string`, 'invalidPath');
  let p = path.trim();
  if (p.toLowerCase().startsWith(`${CORE_GROUP.toLowerCase()}:`)) p = p.slice(CORE_GROUP.length + 1);
  const lower = p.toLowerCase();
  if (lower === 'members') return { kind: 'members' };
  if (lower === 'displayname') return { kind: 'displayName' };
  if (lower === 'externalid') return { kind: 'externalId' };
  if (lower === 'id' || lower === 'meta' || lower.startsWith('meta.'))
    throw new ScimError(400, `${where}: ${p} is read-only`, 'mutability');
  const filtered = MEMBER_FILTER.exec(p);
  if (filtered) return { kind: 'member', id: ID.test(filtered[1]!) ? Number(filtered[1]) : null };
  throw new ScimError(
    400,
    `${where}: path ${p} names no attribute a Group can change (displayName, members, externalId)`,
    'invalidPath',
  );
}

class Plan {
  add = new Set<number>();
  remove: Set<number> | 'all' = new Set();
  displayName: string | undefined;
  externalId: string | null | undefined;
  adding(ids: number[]) {
    for (const id of ids) {
      this.add.add(id);
      if (this.remove !== 'all') this.remove.delete(id);
    }
  }
  removing(ids: number[] | 'all') {
    if (ids === 'all') {
      this.add.clear();
      this.remove = 'all';
      return;
    }
    for (const id of ids) {
      this.add.delete(id);
      if (this.remove !== 'all') this.remove.add(id);
    }
  }
  result(): MemberPlan {
    const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);
    return {
      add: sorted(this.add),
      remove: this.remove === 'all' ? 'all' : sorted(this.remove),
      ...(this.displayName !== undefined ? { displayName: this.displayName } : {}),
      ...(this.externalId !== undefined ? { externalId: this.externalId } : {}),
    };
  }
}

/** A value object without a path: its attributes, each as if named by the path. */
function applyObject(plan: Plan, op: 'add' | 'replace', value: unknown, where: string) {
  if (!isObject(value)) throw badValue(`${where}: without a path, value is an object of attributes`);
  for (const [key, v] of Object.entries(value)) {
    const t = target(key, `${where}.value`);
    if (t.kind === 'member') throw new ScimError(400, `${where}: ${key} is not an attribute name`, 'invalidPath');
    applyTarget(plan, op, t, v, `${where}.value.${key}`);
  }
}

function applyTarget(plan: Plan, op: 'add' | 'replace', t: Target, value: unknown, where: string) {
  if (t.kind === 'displayName') plan.displayName = displayNameOf(value, where);
  else if (t.kind === 'members') {
    if (op === 'replace') plan.removing('all');
    plan.adding(memberIds(value, where));
  } else if (t.kind === 'member')
    throw new ScimError(400, `${where}: ${op} a member by filter is not supported; use path "members"`, 'invalidPath');
  else if (t.kind === 'none') applyObject(plan, op, value, where);
  else plan.externalId = externalIdOf(value, where);
}

function applyRemove(plan: Plan, t: Target, value: unknown, where: string) {
  if (t.kind === 'none') throw new ScimError(400, `${where}: remove needs a path`, 'noTarget');
  if (t.kind === 'displayName') throw new ScimError(400, `${where}: displayName is required`, 'mutability');
  if (t.kind === 'member') {
    if (t.id === null) throw new ScimError(400, `${where}: the filter names no User id`, 'noTarget');
    plan.removing([t.id]);
  } else if (t.kind === 'members') plan.removing(value === undefined ? 'all' : memberIds(value, where));
  else if (t.kind === 'externalId') plan.externalId = null;
}

/** The plan of a PatchOp body, or the SCIM error of its first bad operation (nothing applies then). */
export function patchPlan(body: unknown): MemberPlan {
  if (!isObject(body)) throw syntax('the body is a PatchOp message');
  const extra = Object.keys(body).find((k) => k !== 'schemas' && k !== 'Operations');
  if (extra) throw syntax(`a PatchOp message has no attribute ${extra}`);
  if (!Array.isArray(body.schemas) || !body.schemas.includes(PATCH_OP)) throw syntax(`schemas must hold ${PATCH_OP}`);
  if (!Array.isArray(body.Operations) || body.Operations.length === 0)
    throw syntax('Operations must be a non-empty list');
  const plan = new Plan();
  body.Operations.forEach((raw: unknown, i: number) => {
    const where = `Operations[${i}]`;
    if (!isObject(raw)) throw syntax(`${where} is an object with op, path and value`);
    const unknown = Object.keys(raw).find((k) => k !== 'op' && k !== 'path' && k !== 'value');
    if (unknown) throw syntax(`${where} has no attribute ${unknown}`);
    const op = typeof raw.op === 'string' ? raw.op.toLowerCase() : '';
    const t = target(raw.path, where);
    if (op === 'remove') applyRemove(plan, t, raw.value, where);
    else if (op === 'add' || op === 'replace') {
      if (raw.value === undefined) throw badValue(`${where}: ${op} needs a value`);
      applyTarget(plan, op, t, raw.value, where);
    } else throw syntax(`${where}: op must be add, remove or replace, not ${JSON.stringify(raw.op)}`);
  });
  return plan.result();
}
