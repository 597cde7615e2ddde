// Why: the time dimension. Buckets are the calendar units of the granularity in the request's time
// zone (ISO weeks, 23- and 25-hour days across DST), generated in SQL by `generate_series` over
// local wall-clock time, so every bucket exists even when nothing happened in it. Each bucket row
// carries its snapshot instant `t` (contract section 5) and its flow window [range_from, t].
import type { Knex } from 'knex';
import { GRANULARITY_UNIT } from '../period';
import { ResolvedDimensions } from '../types';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The instant a snapshot is measured at for a window ending (exclusively) at `end`: the last
 * millisecond before it, or asOf when that is earlier (state at asOf includes events at asOf).
 */
export function snapshotInstant(end: number | null, asOf: number): number {
  return end === null ? asOf : Math.min(end - 1, asOf);
}

/**
 * SQL of the `buckets` CTE: rows (bucket_start, range_from, t, is_total).
 * - calendar buckets when a granularity is set;
 * - one whole-period row (bucket_start NULL) when there is no granularity but there are groups;
 * - always one `is_total` row: the whole period, whose answer is KpiResult.value.
 */
export function bucketsSql(knex: Knex, dims: ResolvedDimensions): Knex.Raw {
  const { from, to } = dims.period;
  const end = snapshotInstant(to, dims.asOf);
  const fromText = from === null ? '-infinity' : iso(from);
  const total = knex.raw('select null::timestamptz as bucket_start, ?::timestamptz as range_from, ?::timestamptz as t, true as is_total', [fromText, iso(end)]);

  if (dims.granularity === null) {
    if (dims.groupBy.length === 0) return total;
    return knex.raw(
      'select null::timestamptz as bucket_start, ?::timestamptz as range_from, ?::timestamptz as t, false as is_total union all ?',
      [fromText, iso(end), total],
    );
  }
  // Buckets overlap the period up to asOf (contract section 5). A period that starts after asOf
  // (or after its own capped end) has no such part: no buckets, only the total row.
  if (from! > end) return total;
  const unit = GRANULARITY_UNIT[dims.granularity];
  const step = unit === 'quarter' ? '3 months' : `1 ${unit}`;
  // HOUR: local hours are whole elapsed hours apart, so step over instants; other units step over
  // local wall-clock timestamps and convert back, so a day is 23 or 25 hours across DST.
  const series = unit === 'hour'
    ? knex.raw(
      "select gs as bucket_start, gs + interval '1 hour' as bucket_end from generate_series(date_trunc('hour', ?::timestamptz, ?), ?::timestamptz, interval '1 hour') as gs",
      [iso(from!), dims.timezone, iso(end)],
    )
    : knex.raw(
      'select gs at time zone ? as bucket_start, (gs + ?::interval) at time zone ? as bucket_end from generate_series(date_trunc(?, ?::timestamptz, ?) at time zone ?, ?::timestamptz at time zone ?, ?::interval) as gs',
      [dims.timezone, step, dims.timezone, unit, iso(from!), dims.timezone, dims.timezone, iso(end), dims.timezone, step],
    );
  // The first bucket's window starts at the period's start. Also where its local start is a wall
  // clock time that happens twice (a zone that turns its clocks back at midnight, such as
  // America/Havana): PostgreSQL reads it as the later instant, which can lie after the period's
  // start, and the facts in between would be in no bucket.
  return knex.raw(
    "select s.bucket_start, case when row_number() over (order by s.bucket_start) = 1 then ?::timestamptz else s.bucket_start end as range_from, least(s.bucket_end - interval '1 millisecond', ?::timestamptz) as t, false as is_total from (?) as s union all ?",
    [iso(from!), iso(end), series, total],
  );
}
