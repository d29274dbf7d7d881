import { ScimError } from './scim-errors.ts';

/**
 * A SCIM bulk request (RFC 7644 §3.7) checked, put in an order that creates each `bulkId` before it is used, and the
 * `bulkId:<id>` references of an operation replaced by the ids created. Pure.
 */
export const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';
/** The limits ServiceProviderConfig advertises (RFC 7643 §5): more operations, or a larger body, is a 413. */
export const MAX_OPERATIONS = 1000;
export const MAX_PAYLOAD = 1_048_576;

export type BulkMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface BulkOperation {
  /** Its place in the request (the response answers in the same order). */
  index: number;
  method: BulkMethod;
  path: string;
  bulkId?: string;
  version?: string;
  data?: unknown;
}

export interface BulkRequest {
  operations: BulkOperation[];
  /** Errors after which the rest is not run (RFC: failOnErrors); null: run everything. */
  failOnErrors: number | null;
}

const METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const OP_KEYS = new Set(['method', 'path', 'bulkId', 'version', 'data']);
const REF = /bulkId:([^"/?\s]+)/g;
const syntax = (detail: string) => new ScimError(400, detail, 'invalidSyntax');
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function operation(raw: unknown, index: number): BulkOperation {
  const where = `Operations[${index}]`;
  if (!isObject(raw)) throw syntax(`${where} is an object with method, path and data`);
  const extra = Object.keys(raw).find((k) => !OP_KEYS.has(k));
  if (extra) throw syntax(`${where} has no attribute ${extra}`);
  const method = typeof raw.method === 'string' ? raw.method.toUpperCase() : '';
  if (!METHODS.has(method)) throw syntax(`${where}: method must be POST, PUT, PATCH or DELETE`);
  if (typeof raw.path !== 'string' || !raw.path.startsWith('/')) throw syntax(`${where}: path must start with "/"`);
  if (raw.bulkId !== undefined && (typeof raw.bulkId !== 'string' || raw.bulkId === ''))
    throw syntax(`${where}: bulkId must be a non-empty string`);
  if (method === 'POST' && raw.bulkId === undefined) throw syntax(`${where}: a POST needs a bulkId`);
  if (raw.version !== undefined && typeof raw.version !== 'string') throw syntax(`${where}: version must be a string`);
  if (method !== 'DELETE' && !isObject(raw.data)) throw syntax(`${where}: a ${method} needs data`);
  return {
    index,
    method: method as BulkMethod,
    path: raw.path,
    ...(raw.bulkId !== undefined ? { bulkId: raw.bulkId as string } : {}),
    ...(raw.version !== undefined ? { version: raw.version as string } : {}),
    ...(raw.data !== undefined ? { data: raw.data } : {}),
  };
}

/** The request checked; too many operations is a 413 and nothing runs. */
export function bulkRequest(body: unknown): BulkRequest {
  if (!isObject(body)) throw syntax('the body is a BulkRequest message');
  const extra = Object.keys(body).find((k) => k !== 'schemas' && k !== 'Operations' && k !== 'failOnErrors');
  if (extra) throw syntax(`a BulkRequest has no attribute ${extra}`);
  if (!Array.isArray(body.schemas) || !body.schemas.includes(BULK_REQUEST))
    throw syntax(`schemas must hold ${BULK_REQUEST}`);
  if (!Array.isArray(body.Operations)) throw syntax('Operations must be a list');
  if (body.Operations.length > MAX_OPERATIONS)
    throw new ScimError(
      413,
      `the bulk request holds ${body.Operations.length} operations; maxOperations is ${MAX_OPERATIONS}`,
    );
  const f = body.failOnErrors;
  if (f !== undefined && (typeof f !== 'number' || !Number.isInteger(f) || f < 1))
    throw syntax('failOnErrors must be an integer of at least 1');
  const operations = body.Operations.map(operation);
  const seen = new Set<string>();
  for (const op of operations) {
    if (op.bulkId === undefined) continue;
    if (seen.has(op.bulkId)) throw syntax(`Operations[${op.index}]: bulkId ${op.bulkId} is used twice`);
    seen.add(op.bulkId);
  }
  return { operations, failOnErrors: (f as number | undefined) ?? null };
}

/** The bulkIds an operation refers to, in its path and anywhere in its data. */
export function referencesOf(op: BulkOperation): string[] {
  const text = `${op.path} ${op.data === undefined ? '' : JSON.stringify(op.data)}`;
  return [...new Set([...text.matchAll(REF)].map((m) => m[1]!))];
}

/**
 * The order to run in: request order, except that an operation waits until the operations creating the bulkIds it
 * uses have run. What can never run (a circular reference, a bulkId no operation creates) is set apart, with why.
 */
export function bulkOrder(ops: BulkOperation[]): { order: BulkOperation[]; stuck: Map<number, string> } {
  const creators = new Map(ops.filter((o) => o.bulkId && o.method === 'POST').map((o) => [o.bulkId!, o]));
  const stuck = new Map<number, string>();
  for (const op of ops) {
    const missing = referencesOf(op).filter((r) => !creators.has(r));
    if (missing.length) stuck.set(op.index, `no operation creates bulkId ${missing.join(', ')}`);
  }
  const done = new Set<string>();
  const order: BulkOperation[] = [];
  let pending = ops.filter((o) => !stuck.has(o.index));
  for (let progress = true; progress && pending.length;) {
    progress = false;
    const next: BulkOperation[] = [];
    for (const op of pending) {
      if (referencesOf(op).every((r) => done.has(r))) {
        order.push(op);
        if (op.bulkId) done.add(op.bulkId);
        progress = true;
      } else next.push(op);
    }
    pending = next;
  }
  for (const op of pending) stuck.set(op.index, `a circular reference among bulkIds ${referencesOf(op).join(', ')}`);
  return { order, stuck };
}

/** The operation's path and data with each `bulkId:<id>` replaced by the id its POST created. */
export function substitute(op: BulkOperation, created: Map<string, string>): { path: string; data: unknown } {
  const swap = (s: string) => s.replace(REF, (whole, id: string) => created.get(id) ?? whole);
  const walk = (v: unknown): unknown =>
    typeof v === 'string'
      ? swap(v)
      : Array.isArray(v)
        ? v.map(walk)
        : isObject(v)
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
          : v;
  return { path: swap(op.path), data: walk(op.data) };
}
