import type { ScimTargetSettings } from './scim-settings-rules.ts';
import {
  GROUP_SCHEMA,
  patchBody,
  type PatchOperation,
  retryAt,
  type ScimResource,
  userResource,
  userPatch,
} from './scim-resource-rules.ts';
import type { ScimValues } from './scim-plan-rules.ts';

/**
 * An application's SCIM 2.0 endpoint over global fetch, with the target's bearer token. Each
 * write is safe to repeat: a create that meets an existing userName (409) adopts that user
 * (found with `filter=userName eq "…"`) and sets it to the values; a delete of a user already
 * gone is done. Errors say what to do next: `unreachable` (the network, or a refused bearer
 * token; the pass stops, the queue is kept), `busy` (429 or 503: wait until `retryAt`; the pass
 * stops), `refused` (the application said no to this one object).
 */
export class ScimError extends Error {
  readonly kind: 'unreachable' | 'busy' | 'refused';
  readonly status: number | null;
  readonly retryAt: Date | null;

  constructor(
    message: string,
    kind: 'unreachable' | 'busy' | 'refused',
    status: number | null = null,
    retryAt: Date | null = null,
  ) {
    super(message);
    this.kind = kind;
    this.status = status;
    this.retryAt = retryAt;
  }
}

export interface ScimList {
  totalResults: number;
  resources: ScimResource[];
}

export interface ScimClient {
  /** Creates the user, or adopts the one that holds its userName; returns its id. */
  createUser(values: ScimValues): Promise<{ id: string; adopted: boolean }>;
  patchUser(id: string, replace: ScimValues, remove: string[], active?: boolean): Promise<void>;
  deleteUser(id: string): Promise<void>;
  listUsers(startIndex: number, count: number): Promise<ScimList>;
  /** The group of that displayName, created when missing; returns its id. */
  ensureGroup(displayName: string): Promise<string>;
  renameGroup(id: string, displayName: string): Promise<void>;
  addMembers(groupId: string, userIds: string[]): Promise<void>;
  removeMember(groupId: string, userId: string): Promise<void>;
  /** The group's member ids; null when the group is gone. */
  groupMembers(groupId: string): Promise<string[] | null>;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function openScimClient(settings: ScimTargetSettings, token: string, now: () => Date): ScimClient {
  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    let res: Response;
    try {
      res = await fetch(`${settings.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/scim+json',
          ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(settings.timeoutSeconds * 1000),
      });
    } catch (e) {
      const why = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
      throw new ScimError(`the application at ${settings.url} cannot be reached: ${why}`, 'unreachable');
    }
    const text = await res.text().catch(() => '');
    const json = parseJson(text);
    if (res.status === 429 || res.status === 503) {
      const at = retryAt(res.headers.get('retry-after'), now());
      throw new ScimError(
        `the application answered ${res.status} to ${method} ${path}; next try at ${at.toISOString()}`,
        'busy',
        res.status,
        at,
      );
    }
    if (res.status === 401 || res.status === 403)
      throw new ScimError(
        `the application refused Steward's bearer token (${res.status}) at ${method} ${path}`,
        'unreachable',
        res.status,
      );
    return { status: res.status, json };
  }

  function refused(method: string, path: string, r: { status: number; json: unknown }): ScimError {
    const detail = (r.json as { detail?: string } | null)?.detail;
    return new ScimError(
      `the application refused ${method} ${path}: ${r.status}${detail ? ` ${detail}` : ''}`,
      'refused',
      r.status,
    );
  }

  async function ok(method: string, path: string, body?: unknown, alsoOk: number[] = []) {
    const r = await call(method, path, body);
    if ((r.status >= 200 && r.status < 300) || alsoOk.includes(r.status)) return r;
    throw refused(method, path, r);
  }

  async function findOne(resource: 'Users' | 'Groups', filter: string): Promise<string | null> {
    const r = await ok('GET', `/${resource}?filter=${encodeURIComponent(filter)}`);
    const found = ((r.json as { Resources?: { id: string }[] })?.Resources ?? [])[0];
    return found?.id ?? null;
  }

  const patchUser: ScimClient['patchUser'] = async (id, replace, remove, active) => {
    const ops = userPatch(replace, remove, active);
    if (ops.length) await ok('PATCH', `/Users/${encodeURIComponent(id)}`, patchBody(ops));
  };

  return {
    async createUser(values) {
      const r = await call('POST', '/Users', userResource(values, true));
      if (r.status === 201 || r.status === 200) return { id: (r.json as { id: string }).id, adopted: false };
      if (r.status !== 409) throw refused('POST', '/Users', r);
      const id = await findOne('Users', `userName eq ${quote(values.userName)}`);
      if (!id) throw refused('POST', '/Users', r);
      const { userName: _, ...rest } = values;
      await patchUser(id, rest, [], true);
      return { id, adopted: true };
    },
    patchUser,
    async deleteUser(id) {
      await ok('DELETE', `/Users/${encodeURIComponent(id)}`, undefined, [404]);
    },
    async listUsers(startIndex, count) {
      const r = await ok('GET', `/Users?startIndex=${startIndex}&count=${count}`);
      const list = r.json as { totalResults?: number; Resources?: ScimResource[] };
      return { totalResults: list.totalResults ?? 0, resources: list.Resources ?? [] };
    },
    async ensureGroup(displayName) {
      const found = await findOne('Groups', `displayName eq ${quote(displayName)}`);
      if (found) return found;
      const r = await ok('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName, members: [] });
      return (r.json as { id: string }).id;
    },
    async renameGroup(id, displayName) {
      await ok(
        'PATCH',
        `/Groups/${encodeURIComponent(id)}`,
        patchBody([{ op: 'replace', path: 'displayName', value: displayName }]),
      );
    },
    async addMembers(groupId, userIds) {
      const op: PatchOperation = { op: 'add', path: 'members', value: userIds.map((value) => ({ value })) };
      await ok('PATCH', `/Groups/${encodeURIComponent(groupId)}`, patchBody([op]));
    },
    async removeMember(groupId, userId) {
      const op: PatchOperation = { op: 'remove', path: `members[value eq ${quote(userId)}]` };
      // A member already gone is what was asked for: some applications answer 400 noTarget.
      const r = await call('PATCH', `/Groups/${encodeURIComponent(groupId)}`, patchBody([op]));
      if (r.status < 300) return;
      if (r.status === 400 && (r.json as { scimType?: string } | null)?.scimType === 'noTarget') return;
      throw refused('PATCH', `/Groups/${groupId}`, r);
    },
    async groupMembers(groupId) {
      const r = await ok('GET', `/Groups/${encodeURIComponent(groupId)}`, undefined, [404]);
      if (r.status === 404) return null;
      return ((r.json as { members?: { value: string }[] }).members ?? []).map((m) => m.value);
    },
  };
}
