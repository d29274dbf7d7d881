import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { SerialPGliteDialect } from '../src/platform/db/pglite-serial-dialect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';

/**
 * Migrates once per run and hands every test file a copy: PGlite gets a dump of a migrated
 * data directory, PostgreSQL a template database that each file clones.
 */
export default async function setup(project: TestProject) {
  const url = process.env.STEWARD_TEST_DATABASE_URL;
  if (url) {
    const template = `steward_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    const target = new URL(url);
    target.pathname = `/${template}`;
    const { PostgresDialect } = await import('kysely');
    const db = new Kysely<unknown>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: target.toString(), max: 1 }) }),
    });
    await migrateToLatest(db);
    await db.destroy();
    project.provide('pgTemplate', template);
    return async () => {
      await admin.query(`drop database if exists ${template}`);
      await admin.end();
    };
  }
  const pglite = new PGlite({ extensions: { pg_trgm } });
  const db = new Kysely<unknown>({ dialect: new SerialPGliteDialect(pglite) });
  await migrateToLatest(db);
  const dump = await pglite.dumpDataDir('none');
  await db.destroy();
  const file = join(tmpdir(), `steward-template-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
    pgliteTemplate: string;
  }
}
