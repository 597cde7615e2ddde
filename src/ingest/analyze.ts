// Why: this PostgreSQL runs without autovacuum, so after a bulk load the planner still holds the
// statistics of the empty tables (one dashboard filter hit the 30 s statement timeout that way).
// `npm run import`, `npm run rebuild` and the demo load call this once at their end.
import type { Knex } from 'knex';
import { READ_MODEL_COLUMNS } from './write-rows';

/** The read-model tables, in the order they are written. */
export const READ_MODEL_TABLE_NAMES = Object.keys(READ_MODEL_COLUMNS) as (keyof typeof READ_MODEL_COLUMNS)[];

/** ANALYZE the read-model tables (and the event log, which rebuild and the id checks read); returns the seconds it took. */
export async function analyzeReadModel(knex: Knex): Promise<number> {
  const started = Date.now();
  await knex.raw(`analyze ${[...READ_MODEL_TABLE_NAMES, 'events'].join(', ')}`);
  return (Date.now() - started) / 1000;
}
