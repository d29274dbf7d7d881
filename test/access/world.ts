import { expect } from 'vitest';
import type { TestApp } from '../harness.ts';
import { createPerson } from '../registry/world.ts';

/**
 * Helpers for the access tests: everything goes through the HTTP API as a system administrator unless a token is given.
 */
export async function ok<T = { id: number } & Record<string, unknown>>(
  t: TestApp,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  token = t.tokens.admin,
  headers: Record<string, string> = {},
): Promise<T> {
  const r = await t.call(token, { method, url, payload: payload as never, headers });
  expect(r.statusCode, `${method} ${url}: ${r.body}`).toBeLessThan(300);
  return (r.body ? r.json() : null) as T;
}

/** An org unit made through the API (so the change log, and with it the index, knows it). */
export async function unit(t: TestApp, code: string, parentId: number | null = null): Promise<number> {
  return (
    await ok<{ id: number }>(t, 'POST', '/orgs', {
      code,
      kind: parentId === null ? 'university' : 'department',
      name: `Unit ${code}`,
      parentId,
    })
  ).id;
}

let n = 0;
export async function person(t: TestApp, name: string, orgId?: number, kind = 'staff'): Promise<number> {
  n += 1;
  return (
    await createPerson(t, {
      givenName: name,
      familyName: `Tester${n}x`,
      emails: [{ address: `${name.toLowerCase()}${n}@uni.example` }],
      ...(orgId ? { affiliation: { orgId, kind } } : {}),
    })
  ).id;
}

export async function application(t: TestApp, name: string, extra: Record<string, unknown> = {}): Promise<number> {
  return (await ok<{ id: number }>(t, 'POST', '/access/applications', { name, label: name, ...extra })).id;
}

/** Resources given as [name, parent] pairs, parents first. */
export async function resources(t: TestApp, app: string, tree: [string, string | null][]): Promise<void> {
  for (const [name, parent] of tree) await ok(t, 'POST', `/access/applications/${app}/resources`, { name, parent });
}

export async function role(
  t: TestApp,
  app: string,
  name: string,
  permissions: { action: string; resource: string; limits?: unknown[] }[],
): Promise<number> {
  const r = await ok<{ id: number }>(t, 'POST', `/access/applications/${app}/roles`, { name });
  for (const p of permissions) await ok(t, 'POST', `/access/roles/${r.id}/permissions`, p);
  return r.id;
}

export async function assign(
  t: TestApp,
  body: Record<string, unknown>,
  token = t.tokens.admin,
): Promise<{ id: number; version: number }[]> {
  return ok(t, 'POST', '/access/assignments', body, token);
}

export interface Decision {
  decision: 'allow' | 'deny';
  reasons: { step: string; text: string }[];
}
export async function check(
  t: TestApp,
  personId: number,
  application: string,
  action: string,
  resource: string,
  scope?: number | string,
  at?: string,
): Promise<Decision> {
  return ok(t, 'POST', '/check', {
    subject: { type: 'person', id: personId },
    application,
    action,
    resource,
    scope,
    at,
  });
}
export async function decision(
  t: TestApp,
  personId: number,
  application: string,
  action: string,
  resource: string,
  scope?: number | string,
  at?: string,
): Promise<'allow' | 'deny'> {
  return (await check(t, personId, application, action, resource, scope, at)).decision;
}
