import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/platform/db/database.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';

/**
 * Makes one migrated PGlite data directory per run; each test file's server starts on a copy
 * of it. A fresh directory costs PGlite's initdb (several seconds) in every file otherwise.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'steward-e2e-template-'));
  const database = await openDatabase({ dataDir: dir });
  await migrateToLatest(database.db);
  await database.close();
  project.provide('e2eDataDirTemplate', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2eDataDirTemplate: string;
  }
}
