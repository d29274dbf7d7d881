import { type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import * as platform from './migrations/0001-platform.ts';
import * as registry from './migrations/0002-registry.ts';
import * as organisations from './migrations/0003-organisations.ts';
import * as identifierHolders from './migrations/0004-identifier-holders.ts';
import * as sources from './migrations/0005-sources.ts';
import * as status from './migrations/0006-status.ts';
import * as sourceRecords from './migrations/0007-source-records.ts';
import * as streams from './migrations/0008-streams.ts';
import * as feeds from './migrations/0009-feeds.ts';
import * as schedule from './migrations/0010-schedule.ts';
import * as reconcileSpeed from './migrations/0011-reconcile-speed.ts';
import * as notify from './migrations/0012-notify.ts';
import * as guests from './migrations/0013-guests.ts';
import * as recordFingerprints from './migrations/0014-record-fingerprints.ts';
import * as guestRequests from './migrations/0015-guest-requests.ts';
import * as tempAccounts from './migrations/0016-temp-accounts.ts';
import * as groups from './migrations/0017-groups.ts';
import * as access from './migrations/0018-access.ts';
import * as provisioning from './migrations/0019-provisioning.ts';
import * as decisionClients from './migrations/0020-decision-clients.ts';
import * as sso from './migrations/0021-sso.ts';
import * as governance from './migrations/0022-governance.ts';
import * as governanceGrace from './migrations/0023-governance-grace.ts';
import * as reviews from './migrations/0024-reviews.ts';
import * as decisionClientUse from './migrations/0025-decision-client-use.ts';
import * as scim from './migrations/0026-scim.ts';
import * as scimWriter from './migrations/0027-scim-writer.ts';
import * as scimTarget from './migrations/0028-scim-target.ts';
import * as scimIndexes from './migrations/0029-scim-indexes.ts';
import * as scimExternalId from './migrations/0030-scim-external-id.ts';
import * as snapshotProgress from './migrations/0031-snapshot-progress.ts';
import * as auditBatches from './migrations/0032-audit-batches.ts';
import * as jobs from './migrations/0033-jobs.ts';
import * as rowVersionsHistory from './migrations/0034-row-versions-history.ts';
import * as institutionCalendars from './migrations/0035-institution-calendars.ts';
import * as heldMassChanges from './migrations/0036-held-mass-changes.ts';
import * as guestHandovers from './migrations/0037-guest-handovers.ts';

/**
 * Migrations are lists of SQL statements run in order, one statement per query so that
 * PGlite (extended protocol only) and PostgreSQL run exactly the same text.
 * New migrations are appended here; a shipped one is never edited.
 */
const migrations: Record<string, { statements: string[] }> = {
  '0001-platform': platform,
  '0002-registry': registry,
  '0003-organisations': organisations,
  '0004-identifier-holders': identifierHolders,
  '0005-sources': sources,
  '0006-status': status,
  '0007-source-records': sourceRecords,
  '0008-streams': streams,
  '0009-feeds': feeds,
  '0010-schedule': schedule,
  '0011-reconcile-speed': reconcileSpeed,
  '0012-notify': notify,
  '0013-guests': guests,
  '0014-record-fingerprints': recordFingerprints,
  '0015-guest-requests': guestRequests,
  '0016-temp-accounts': tempAccounts,
  '0017-groups': groups,
  '0018-access': access,
  '0019-provisioning': provisioning,
  '0020-decision-clients': decisionClients,
  '0021-sso': sso,
  '0022-governance': governance,
  '0023-governance-grace': governanceGrace,
  '0024-reviews': reviews,
  '0025-decision-client-use': decisionClientUse,
  '0026-scim': scim,
  '0027-scim-writer': scimWriter,
  '0028-scim-target': scimTarget,
  '0029-scim-indexes': scimIndexes,
  '0030-scim-external-id': scimExternalId,
  '0031-snapshot-progress': snapshotProgress,
  '0032-audit-batches': auditBatches,
  '0033-jobs': jobs,
  '0034-row-versions-history': rowVersionsHistory,
  '0035-institution-calendars': institutionCalendars,
  '0036-held-mass-changes': heldMassChanges,
  '0037-guest-handovers': guestHandovers,
};

function asMigration(statements: string[]): Migration {
  return {
    async up(db: Kysely<any>) {
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
  };
}

const provider: MigrationProvider = {
  async getMigrations() {
    return Object.fromEntries(Object.entries(migrations).map(([name, m]) => [name, asMigration(m.statements)]));
  },
};

/**
 * True when the database has applied exactly this code's migrations: one read of Kysely's
 * migration table (a restart's usual case). The migrator itself takes a lock, creates its
 * tables if missing and reads the list in a transaction, which costs seconds on PGlite.
 */
export async function isUpToDate(db: Kysely<any>): Promise<boolean> {
  let applied: string[];
  try {
    const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    applied = rows.rows.map((r) => r.name);
  } catch {
    return false; // no migration table yet: a new database
  }
  const known = Object.keys(migrations);
  return applied.length === known.length && known.every((name) => applied.includes(name));
}

/** Brings the schema up to date; throws with the failing migration's name. Returns the migrations it applied. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  if (await isUpToDate(db)) return [];
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const e = new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`);
    (e as Error & { cause: unknown }).cause = error;
    throw e;
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
