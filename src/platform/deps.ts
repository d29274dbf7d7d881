import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from './clock.ts';
import type { DB } from './db/schema.ts';

/** What every use-case factory receives from the composition root. */
export interface ServiceDeps {
  db: Kysely<DB>;
  clock: Clock;
  log: Logger;
}
