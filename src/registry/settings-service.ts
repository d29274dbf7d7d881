import { type Kysely, sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { DB } from '../platform/db/schema.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, stale } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import type { VersionedSettings } from './minting-schemas.ts';
import { defaultMintingSettings, type MintingSettings, mintingSettingsProblems } from './minting-settings.ts';

/**
 * Minting settings as data in the settings table (key "minting"), versioned like every
 * other resource. Until an administrator saves them, the defaults apply at version 0.
 */
const KEY = 'minting';

/** The settings in force (no authorisation: minting itself needs them). */
export async function readMintingSettings(db: Kysely<DB>): Promise<VersionedSettings> {
  const row = await db.selectFrom('settings').select(['value', 'version']).where('key', '=', KEY).executeTakeFirst();
  if (!row) return { settings: structuredClone(defaultMintingSettings), version: 0 };
  return { settings: row.value as MintingSettings, version: row.version };
}

/** Reading and saving the minting settings, authorised as settings:read / settings:write. */
export function createSettingsService(deps: ServiceDeps) {
  const { db } = deps;

  async function getMinting(actor: Actor): Promise<VersionedSettings> {
    authorise(actor, 'settings:read');
    return readMintingSettings(db);
  }

  /** Replaces the settings if they are still at `expectedVersion` (0 = never saved). */
  async function putMinting(actor: Actor, expectedVersion: number, value: unknown): Promise<VersionedSettings> {
    authorise(actor, 'settings:write');
    assertNoProblems(mintingSettingsProblems(value));
    const settings = value as MintingSettings;
    return write(deps, actor, async (uow) => {
      const current = await readMintingSettings(uow.db);
      if (current.version !== expectedVersion) throw stale('the minting settings', expectedVersion);
      let version: number;
      if (expectedVersion === 0) {
        const row = await uow.db
          .insertInto('settings')
          .values({ key: KEY, value: JSON.stringify(settings), updated_at: uow.now })
          .onConflict((oc) => oc.doNothing())
          .returning('version')
          .executeTakeFirst();
        if (!row) throw stale('the minting settings', expectedVersion);
        version = row.version;
      } else {
        const row = await uow.db
          .updateTable('settings')
          .set({ value: JSON.stringify(settings), updated_at: uow.now, version: sql`version + 1` })
          .where('key', '=', KEY)
          .where('version', '=', expectedVersion)
          .returning('version')
          .executeTakeFirst();
        if (!row) throw stale('the minting settings', expectedVersion);
        version = row.version;
      }
      uow.record({
        action: 'settings.update',
        op: 'updated',
        targetType: 'settings',
        targetId: KEY,
        before: current.settings,
        after: settings,
      });
      return { settings, version };
    });
  }

  return { getMinting, putMinting };
}
