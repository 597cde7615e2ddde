// Why: this PostgreSQL runs without autovacuum (and PGlite has none), so after a bulk load the
// planner still holds the statistics of the empty tables: one dashboard filter hit the 30 s
// statement timeout that way. Worse, during a load the ingest path's look-ups by case id
// (`case_id = any($1)`) are planned without statistics as sequential scans, so every batch scans
// everything stored so far and a load slows down as it grows. `npm run import`, `npm run rebuild`
// and the demo load therefore ANALYZE as the tables grow (what autovacuum would do) and at the end.
import type { Knex } from 'knex';
import { READ_MODEL_COLUMNS } from './write-rows';

/** The read-model tables, in the order they are written. */
export const READ_MODEL_TABLE_NAMES = Object.keys(READ_MODEL_COLUMNS) as (keyof typeof READ_MODEL_COLUMNS)[];

/**
 * ANALYZE the read-model tables, and the event log's `case_id` (what ingest and rebuild look events
 * up by; its `data` column is never filtered on and costs the most to sample), `connections`
 * tables at a time (never more than one inside a transaction). Returns the seconds.
 */
export async function analyzeReadModel(knex: Knex | Knex.Transaction, connections = 1): Promise<number> {
  const started = Date.now();
  const targets = ['events (case_id)', ...READ_MODEL_TABLE_NAMES];
  if (connections <= 1 || knex.isTransaction) {
    await knex.raw(`analyze ${targets.join(', ')}`);
  } else {
    const work = async () => {
      for (let t = targets.shift(); t; t = targets.shift()) await knex.raw(`analyze ${t}`);
    };
    await Promise.all(Array.from({ length: connections }, work));
  }
  return (Date.now() - started) / 1000;
}

/**
 * Call `stored(n)` after each committed batch of a load: once the events stored by this load reach
 * `first`, and again each time they double (like autovacuum's scale factor), it refreshes the
 * statistics of `events.case_id`, so the per-batch look-ups by case id stay index scans while the
 * table grows. The read model gets its ANALYZE at the end of the load (analyzeReadModel). Call it
 * between transactions, never inside one: the next batch must see the statistics.
 */
export function analyzeAsItGrows(knex: Knex, first = 10_000): { stored: (events: number) => Promise<void> } {
  let total = 0;
  let next = first;
  return {
    async stored(events: number) {
      total += events;
      if (total < next) return;
      next = total * 2;
      await knex.raw('analyze events (case_id)');
    },
  };
}
