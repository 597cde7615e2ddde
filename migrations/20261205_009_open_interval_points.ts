// Why: the open-interval probes (src/kpi/query/open-at.ts) move from a GiST index on
// tstzrange(valid_from, valid_to) to a GiST index on the interval as a point. Ranges have no
// sorted GiST build, so the two range indexes took 7–9 s each at 100,000 cases and were the
// longest part of a first import; the point indexes build in 1.5–2 s and a probe reads fewer
// index pages (docs/perf-notes-ingest.md, session 5). The expression is open-at.ts's
// intervalPoint(), written out: a migration must not change when that file does.
import type { Knex } from 'knex';

const POINT = `point(
  extract(epoch from (least(greatest(valid_from, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00')),
  extract(epoch from (least(greatest(valid_to, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00')))`;

export async function up(knex: Knex): Promise<void> {
  for (const table of ['case_intervals', 'task_intervals']) {
    await knex.raw(`drop index if exists ${table}_open_range_idx`);
    await knex.raw(`delete from pending_indexes where name = ?`, [`${table}_open_range_idx`]);
    await knex.raw(`create index ${table}_open_point_idx on ${table} using gist (${POINT}) where is_open`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['case_intervals', 'task_intervals']) {
    await knex.raw(`drop index if exists ${table}_open_point_idx`);
    await knex.raw(`delete from pending_indexes where name = ?`, [`${table}_open_point_idx`]);
    await knex.raw(`create index ${table}_open_range_idx on ${table} using gist (tstzrange(valid_from, valid_to, '[)')) where is_open`);
  }
}
