// Why: a first import builds the secondary indexes of the event log and the read model after it
// has committed its data, two at a time on two connections, instead of one after another inside
// its transaction (migration 008 says why and how a stopped build is resumed). This file queues
// the definitions in the load's transaction and builds whatever is queued: right after the load,
// and at every start of the service or of an import, which finishes what a stopped one left.
import type { Knex } from 'knex';

export interface IndexDefinition {
  name: string;
  table: string;
  /** As pg_get_indexdef writes it: `CREATE INDEX name ON public.table USING …`. */
  definition: string;
}

/** Queues the definitions, in the caller's transaction: they become pending when it commits. */
export async function queueIndexes(trx: Knex.Transaction, indexes: readonly IndexDefinition[]): Promise<void> {
  if (indexes.length === 0) return;
  await trx.raw(
    `insert into pending_indexes (name, table_name, definition) select * from unnest(?::text[], ?::text[], ?::text[])
     on conflict (name) do update set table_name = excluded.table_name, definition = excluded.definition`,
    [indexes.map((i) => i.name), indexes.map((i) => i.table), indexes.map((i) => i.definition)],
  );
}

/** The definition, made harmless if the index exists already (built by hand, say). */
export function ifNotExists(definition: string): string {
  return definition.replace(/^CREATE INDEX (?!IF NOT EXISTS )/i, 'CREATE INDEX IF NOT EXISTS ');
}

/**
 * Builds every pending index, `connections` at a time: GiST indexes and those of the largest
 * tables first, so that the connections finish together. Each index is created in a transaction
 * that also deletes its row; one whose row another process holds (it is building it) is left to
 * that process. Returns the names built here and the seconds it took.
 */
export async function buildPendingIndexes(knex: Knex, connections = 2): Promise<{ built: string[]; seconds: number }> {
  const started = Date.now();
  const queue = (await knex.raw(
    `select name, definition from pending_indexes
      order by definition ilike '% using gist %' desc, coalesce(pg_relation_size(to_regclass(table_name)), 0) desc, name`,
  )).rows as { name: string; definition: string }[];
  const built: string[] = [];
  const work = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const index = next;
      await knex.transaction(async (trx) => {
        const mine = (await trx.raw('select 1 from pending_indexes where name = ? for update skip locked', [index.name])).rows.length > 0;
        if (!mine) return;
        // Sorting in memory where it fits; the setting ends with the transaction.
        await trx.raw("set local maintenance_work_mem = '256MB'");
        await trx.raw(ifNotExists(index.definition));
        await trx.raw('delete from pending_indexes where name = ?', [index.name]);
        built.push(index.name);
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, connections) }, work));
  return { built, seconds: (Date.now() - started) / 1000 };
}
