// Why: a series of a snapshot count (openCases, overdueCases) must not rescan the open cases once
// per bucket (docs/perf-notes-series.md). These two tables hold the net change of the open-case
// stock: +1 where an open-case interval of `case_intervals` starts, −1 where it ends, summed per
// (case type, status, role, overdue) and per time grain. The stock at a grain boundary is then the
// stock at an earlier boundary plus the sum of the deltas in between.
//
// - stock_deltas: per UTC day. Cheap to sum over a year (a few thousand rows).
// - stock_deltas_fine: per 15-minute slot (UTC). Bucket ends of DAY…YEAR in any zone whose offset is
//   a multiple of 15 minutes (all current IANA zones) are 15-minute boundaries; the fine table
//   bridges the few hours between such a boundary and the nearest UTC midnight.
//
// They are maintained by statement-level triggers on case_intervals (transition tables), so every
// writer (ingest, rebuild, a COPY-based importer) keeps them exact without knowing about them.
// Concurrent writers: ordered upserts alone deadlock, because one ingest transaction runs several
// statements (a delete, then inserts in chunks) that each lock shared keys (today's day and slot
// rows). So the first trigger of a transaction takes one transaction-level advisory lock (the
// two-key form, a key space apart from the per-case locks of ingestion), and writers of
// case_intervals queue there until commit. Writers lock their cases first (ingest, rebuild), so
// this lock is always the last one they take and cannot close a cycle.
import type { Knex } from 'knex';

const KEY = 'case_type, status, role, overdue';

/** The +1/−1 changes of the open-case intervals in transition table `rel`, times `sign`. */
export const changes = (rel: string, sign: 1 | -1) => `
  select case_type, valid_from as at, status, role, overdue, ${sign} as d from ${rel} where is_open
  union all
  select case_type, valid_to as at, status, role, overdue, ${-sign} as d from ${rel} where is_open and valid_to < 'infinity'`;

/** Serialises writers of the delta tables until commit (see above). */
export const STOCK_LOCK = 'perform pg_advisory_xact_lock(20261204, 3);';

/** Two ordered upserts (day and 15-minute grain) of the changes `src`. */
export const upserts = (src: string) => `
    insert into stock_deltas as s (day, ${KEY}, delta)
      select (c.at at time zone 'UTC')::date, ${KEY}, sum(c.d)::int from (${src}) c
      group by 1, 2, 3, 4, 5 having sum(c.d) <> 0 order by 1, 2, 3, 4, 5
    on conflict (day, ${KEY}) do update set delta = s.delta + excluded.delta;
    insert into stock_deltas_fine as s (slot, ${KEY}, delta)
      select date_bin('15 minutes', c.at, timestamptz '2000-01-01 00:00:00+00'), ${KEY}, sum(c.d)::int from (${src}) c
      group by 1, 2, 3, 4, 5 having sum(c.d) <> 0 order by 1, 2, 3, 4, 5
    on conflict (slot, ${KEY}) do update set delta = s.delta + excluded.delta;`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create table stock_deltas (
    day date not null, case_type text not null, status text, role text, overdue boolean, delta integer not null)`);
  await knex.raw(`create unique index stock_deltas_key on stock_deltas (day, ${KEY}) nulls not distinct`);
  await knex.raw(`create table stock_deltas_fine (
    slot timestamptz not null, case_type text not null, status text, role text, overdue boolean, delta integer not null)`);
  await knex.raw(`create unique index stock_deltas_fine_key on stock_deltas_fine (slot, ${KEY}) nulls not distinct`);

  await knex.raw(`create function stock_deltas_on_insert() returns trigger language plpgsql as $$
    begin ${STOCK_LOCK} ${upserts(changes('new_rows', 1))}
      return null;
    end $$`);
  await knex.raw(`create function stock_deltas_on_delete() returns trigger language plpgsql as $$
    begin ${STOCK_LOCK} ${upserts(changes('old_rows', -1))}
      return null;
    end $$`);
  await knex.raw(`create function stock_deltas_on_update() returns trigger language plpgsql as $$
    begin ${STOCK_LOCK} ${upserts(`${changes('old_rows', -1)} union all ${changes('new_rows', 1)}`)}
      return null;
    end $$`);
  await knex.raw(`create function stock_deltas_on_truncate() returns trigger language plpgsql as $$
    begin ${STOCK_LOCK}
      truncate stock_deltas, stock_deltas_fine;
      return null;
    end $$`);
  await knex.raw(`create trigger case_intervals_stock_insert after insert on case_intervals
    referencing new table as new_rows for each statement execute function stock_deltas_on_insert()`);
  await knex.raw(`create trigger case_intervals_stock_delete after delete on case_intervals
    referencing old table as old_rows for each statement execute function stock_deltas_on_delete()`);
  await knex.raw(`create trigger case_intervals_stock_update after update on case_intervals
    referencing old table as old_rows new table as new_rows for each statement execute function stock_deltas_on_update()`);
  await knex.raw(`create trigger case_intervals_stock_truncate after truncate on case_intervals
    for each statement execute function stock_deltas_on_truncate()`);

  // Existing read models: the deltas of what is there now.
  for (const statement of upserts(changes('case_intervals', 1)).split(';').filter((s) => s.trim())) await knex.raw(statement);
}

export async function down(knex: Knex): Promise<void> {
  for (const t of ['insert', 'delete', 'update', 'truncate']) {
    await knex.raw(`drop trigger if exists case_intervals_stock_${t} on case_intervals`);
    await knex.raw(`drop function if exists stock_deltas_on_${t}()`);
  }
  await knex.raw('drop table if exists stock_deltas_fine');
  await knex.raw('drop table if exists stock_deltas');
}
