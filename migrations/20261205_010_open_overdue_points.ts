// Why: "how many requests are past the legal term" is the headline question, and its probes
// (overdueCases, the timeliness filter) looked for the few overdue intervals among all open ones
// in migration 009's point index: at 100,000 cases ~3,000 index entries read for ~90 overdue.
// A partial index of the open overdue intervals alone answers them from those ~90: at 1,000,000
// cases the overdue snapshot went from ~57 to ~3.5 ms of SQL (docs/performance.md, session 6).
// The planner uses it wherever a query asks is_open and overdue; others keep migration 009's.
// The expression is migration 009's (open-at.ts's intervalPoint()), written out again.
import type { Knex } from 'knex';

const POINT = `point(
  extract(epoch from (least(greatest(valid_from, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00')),
  extract(epoch from (least(greatest(valid_to, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00')))`;

export async function up(knex: Knex): Promise<void> {
  for (const table of ['case_intervals', 'task_intervals']) {
    await knex.raw(`create index ${table}_open_overdue_point_idx on ${table} using gist (${POINT}) where is_open and overdue`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['case_intervals', 'task_intervals']) {
    await knex.raw(`drop index if exists ${table}_open_overdue_point_idx`);
    await knex.raw(`delete from pending_indexes where name = ?`, [`${table}_open_overdue_point_idx`]);
  }
}
