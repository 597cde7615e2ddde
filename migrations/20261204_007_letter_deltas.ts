// Why: a series of openCaseLetters (letters of given types sent up to t for the cases open at t)
// probed the open intervals and their letters once per bucket: 9–12× one snapshot at 100,000
// cases. As for the open-case counts (migration 005), the series can start from one probe and add
// net changes. A letter l of a case counts at t while t lies in an open interval [a, b) of its
// case and l was sent by t, i.e. for max(a, sent_at) ≤ t < b, in the groups of that interval. So
// every (open interval, letter) pair of a case with sent_at < b is +1 at max(a, sent_at) and −1 at
// b, per (case type, status, role, overdue, letter type), summed per UTC day and per 15 minutes.
//
// Maintained by statement-level triggers on both tables, each joining its changed rows to the
// current rows of the other table: a pair is added when the second of its two rows is inserted and
// removed when the first of them is deleted, whatever the order of the writers. The same advisory
// lock as the stock deltas serialises concurrent writers. `letter_deltas_refill()` rebuilds both
// tables (after a bulk load).
import type { Knex } from 'knex';
import { STOCK_LOCK } from './20261204_005_stock_deltas';

const KEY = 'case_type, status, role, overdue, letter_type';

/** ±1 changes of the (open interval, letter) pairs of intervals `i` and letters `l`, times `sign`. */
export const pairChanges = (intervals: string, letters: string, sign: 1 | -1) => `
  select i.case_type, greatest(i.valid_from, l.sent_at) as at, i.status, i.role, i.overdue, l.letter_type, ${sign} as d
    from ${intervals} i join ${letters} l on l.case_id = i.case_id
   where i.is_open and l.sent_at < i.valid_to
  union all
  select i.case_type, i.valid_to, i.status, i.role, i.overdue, l.letter_type, ${-sign}
    from ${intervals} i join ${letters} l on l.case_id = i.case_id
   where i.is_open and l.sent_at < i.valid_to and i.valid_to < 'infinity'`;

/** Ordered upserts of the changes `src` into both grains. */
export const letterUpserts = (src: string) => `
    insert into letter_deltas as s (day, ${KEY}, delta)
      select (c.at at time zone 'UTC')::date, ${KEY}, sum(c.d)::int from (${src}) c
      group by 1, 2, 3, 4, 5, 6 having sum(c.d) <> 0 order by 1, 2, 3, 4, 5, 6
    on conflict (day, ${KEY}) do update set delta = s.delta + excluded.delta;
    insert into letter_deltas_fine as s (slot, ${KEY}, delta)
      select date_bin('15 minutes', c.at, timestamptz '2000-01-01 00:00:00+00'), ${KEY}, sum(c.d)::int from (${src}) c
      group by 1, 2, 3, 4, 5, 6 having sum(c.d) <> 0 order by 1, 2, 3, 4, 5, 6
    on conflict (slot, ${KEY}) do update set delta = s.delta + excluded.delta;`;

/** The triggers this migration creates, by table (bulk-import.ts switches them off during a load). */
export const LETTER_DELTA_TRIGGERS = {
  case_intervals: ['case_intervals_letter_insert', 'case_intervals_letter_delete', 'case_intervals_letter_update', 'case_intervals_letter_truncate'],
  letters: ['letters_letter_insert', 'letters_letter_delete', 'letters_letter_update', 'letters_letter_truncate'],
};

const fn = (name: string, body: string) => `create function ${name}() returns trigger language plpgsql as $$
    begin ${STOCK_LOCK} ${body}
      return null;
    end $$`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create table letter_deltas (
    day date not null, case_type text not null, status text, role text, overdue boolean, letter_type text not null, delta integer not null)`);
  await knex.raw(`create unique index letter_deltas_key on letter_deltas (day, ${KEY}) nulls not distinct`);
  await knex.raw(`create table letter_deltas_fine (
    slot timestamptz not null, case_type text not null, status text, role text, overdue boolean, letter_type text not null, delta integer not null)`);
  await knex.raw(`create unique index letter_deltas_fine_key on letter_deltas_fine (slot, ${KEY}) nulls not distinct`);

  await knex.raw(fn('letter_deltas_on_interval_insert', letterUpserts(pairChanges('new_rows', 'letters', 1))));
  await knex.raw(fn('letter_deltas_on_interval_delete', letterUpserts(pairChanges('old_rows', 'letters', -1))));
  await knex.raw(fn('letter_deltas_on_interval_update',
    letterUpserts(`${pairChanges('old_rows', 'letters', -1)} union all ${pairChanges('new_rows', 'letters', 1)}`)));
  await knex.raw(fn('letter_deltas_on_letter_insert', letterUpserts(pairChanges('case_intervals', 'new_rows', 1))));
  await knex.raw(fn('letter_deltas_on_letter_delete', letterUpserts(pairChanges('case_intervals', 'old_rows', -1))));
  await knex.raw(fn('letter_deltas_on_letter_update',
    letterUpserts(`${pairChanges('case_intervals', 'old_rows', -1)} union all ${pairChanges('case_intervals', 'new_rows', 1)}`)));
  await knex.raw(fn('letter_deltas_on_truncate', 'truncate letter_deltas, letter_deltas_fine;'));

  for (const [table, prefix, on] of [['case_intervals', 'case_intervals_letter', 'interval'], ['letters', 'letters_letter', 'letter']] as const) {
    await knex.raw(`create trigger ${prefix}_insert after insert on ${table}
      referencing new table as new_rows for each statement execute function letter_deltas_on_${on}_insert()`);
    await knex.raw(`create trigger ${prefix}_delete after delete on ${table}
      referencing old table as old_rows for each statement execute function letter_deltas_on_${on}_delete()`);
    await knex.raw(`create trigger ${prefix}_update after update on ${table}
      referencing old table as old_rows new table as new_rows for each statement execute function letter_deltas_on_${on}_update()`);
    await knex.raw(`create trigger ${prefix}_truncate after truncate on ${table}
      for each statement execute function letter_deltas_on_truncate()`);
  }
  await knex.raw(`create function letter_deltas_refill() returns void language plpgsql as $$
    begin ${STOCK_LOCK}
      truncate letter_deltas, letter_deltas_fine;
      ${letterUpserts(pairChanges('case_intervals', 'letters', 1))}
    end $$`);
  await knex.raw('select letter_deltas_refill()');
}

export async function down(knex: Knex): Promise<void> {
  for (const [table, names] of Object.entries(LETTER_DELTA_TRIGGERS)) {
    for (const name of names) await knex.raw(`drop trigger if exists ${name} on ${table}`);
  }
  for (const f of ['interval_insert', 'interval_delete', 'interval_update', 'letter_insert', 'letter_delete', 'letter_update', 'truncate']) {
    await knex.raw(`drop function if exists letter_deltas_on_${f}()`);
  }
  await knex.raw('drop function if exists letter_deltas_refill()');
  await knex.raw('drop table if exists letter_deltas_fine');
  await knex.raw('drop table if exists letter_deltas');
}
