// Why: the first import of an empty PostgreSQL database (src/ingest/bulk-import.ts) drops the
// secondary indexes of the event log and the read model and builds them after the load. Built
// inside the load's transaction they took a third of the import on one core (the two GiST
// indexes alone 9.6 of 45 s at 100,000 cases); built after the commit they go two at a time on
// two connections. The definitions of the indexes still to build are written in the load's own
// transaction into this table, and each index removes its row in the transaction that creates it:
// whatever stops an import between its commit and its last index, the next start of the service
// or of an import finds the rows and builds what is missing (src/ingest/pending-indexes.ts).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create table pending_indexes (
    name text primary key, table_name text not null, definition text not null, queued_at timestamptz not null default now())`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table if exists pending_indexes');
}
