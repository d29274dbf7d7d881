import type { App } from '../app.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { write } from '../platform/unit-of-work.ts';

/**
 * Where the demo load stands, kept in the settings table (key "demo") so that a start that
 * was killed half-way through loading resumes it on the next start instead of leaving a
 * half-built institution behind: "loading" is written before the first row, "loaded" after
 * the last.
 */
export type DemoState = 'none' | 'loading' | 'loaded';

const KEY = 'demo';

export async function readDemoState(app: App): Promise<DemoState> {
  const row = await app.db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  return row ? ((row.value as { state: DemoState }).state ?? 'none') : 'none';
}

/** Records the new state, audited and in the change log like any other settings change. */
export async function markDemo(app: App, actor: Actor, state: Exclude<DemoState, 'none'>): Promise<void> {
  await write(app, actor, async (uow) => {
    const value = JSON.stringify({ state, at: uow.now.toISOString() });
    const before = await uow.db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
    await uow.db
      .insertInto('settings')
      .values({ key: KEY, value, updated_at: uow.now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: uow.now }))
      .execute();
    uow.record({
      action: `demo.${state}`,
      op: before ? 'updated' : 'created',
      targetType: 'settings',
      targetId: KEY,
      before: before?.value ?? null,
      after: { state },
    });
  });
}
