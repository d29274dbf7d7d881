import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import type { TestApp } from '../harness.ts';
import { createPerson } from '../registry/world.ts';

/**
 * API helpers for the group tests: folders, groups, people and members through the HTTP API as the system
 * administrator.
 */
export function groupsApi(t: TestApp, token = t.tokens.admin) {
  const ok = async (options: InjectOptions, status = 200) => {
    const r = await t.call(token, options);
    expect(r.statusCode, `${options.method} ${options.url}: ${r.body}`).toBe(status);
    return r.statusCode === 204 ? null : r.json();
  };
  let n = 0;
  return {
    ok,
    folder: async (extension: string, parentId?: number) =>
      (await ok({ method: 'POST', url: '/folders', payload: { extension, parentId } }, 201)) as {
        id: number;
        name: string;
        version: number;
      },
    group: async (folderId: number, extension: string, extra: Record<string, unknown> = {}) =>
      (await ok({ method: 'POST', url: '/groups', payload: { folderId, extension, ...extra } }, 201)) as {
        id: number;
        name: string;
        version: number;
      },
    person: async (family = 'Member', affiliation?: { orgId: number; kind: string }) => {
      n += 1;
      return (
        await createPerson(t, {
          givenName: `Pat${n}${Math.floor(Math.random() * 1e6)}`,
          familyName: `${family}${n}`,
          ...(affiliation ? { affiliation } : {}),
        })
      ).id;
    },
    add: async (groupId: number, body: Record<string, unknown>) =>
      (await ok({ method: 'POST', url: `/groups/${groupId}/members`, payload: body }, 201)) as {
        id: number;
        version: number;
      },
    effective: async (groupId: number, query = '') =>
      (await ok({ method: 'GET', url: `/groups/${groupId}/members/effective${query}` })) as Array<{
        personId: number;
        validFrom: string | null;
        validUntil: string | null;
        why: { membership: { id: number } | null; path: Array<{ id: number; name: string }>; rule: boolean };
      }>,
    effectiveIds: async (groupId: number, query = '') =>
      [
        ...new Set(
          (
            (await ok({ method: 'GET', url: `/groups/${groupId}/members/effective${query}` })) as Array<{
              personId: number;
            }>
          ).map((r) => r.personId),
        ),
      ].sort((a, b) => a - b),
  };
}

/** An account linked to a registry person, returning its token. */
export async function accountFor(t: TestApp, username: string, personId: number): Promise<string> {
  const token = await t.tokenFor(username, []);
  await t.db().updateTable('users').set({ person_id: personId }).where('username', '=', username).execute();
  return token;
}
