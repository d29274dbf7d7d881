import type { TestApp } from '../harness.ts';

/**
 * Small helpers the registry tests share: org units written straight to the table (a unit of kind `unit` named
 * "Unit <code>" unless told otherwise), people created over HTTP.
 */
export async function addOrg(
  t: TestApp,
  code: string,
  parent: number | null = null,
  { kind = 'unit', label = 'Unit', name = `Unit ${code}` }: { kind?: string; label?: string; name?: string } = {},
): Promise<number> {
  const db = t.db();
  const now = t.clock.now();
  await db
    .insertInto('org_kinds')
    .values({ kind, label, fields: '[]', created_at: now, updated_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const parentPath = parent
    ? (await db.selectFrom('org_units').select('path').where('id', '=', parent).executeTakeFirstOrThrow()).path
    : '/';
  const { id } = await db
    .insertInto('org_units')
    .values({
      code,
      kind,
      name,
      alt_names: '[]',
      parent_id: parent,
      path: 'x',
      custom: '{}',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('org_units')
    .set({ path: `${parentPath}${id}/` })
    .where('id', '=', id)
    .execute();
  return id;
}

/** Creates a person as the administrator (forcing past duplicates) and returns the record. */
export async function createPerson(
  t: TestApp,
  body: Record<string, unknown>,
): Promise<{ id: number; version: number } & Record<string, unknown>> {
  const r = await t.call(t.tokens.admin, {
    method: 'POST',
    url: '/people',
    payload: { force: true, reason: 'test data', ...body },
  });
  if (r.statusCode !== 201) throw new Error(`creating ${JSON.stringify(body)}: ${r.body}`);
  return r.json();
}
