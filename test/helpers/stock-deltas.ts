// Why: the delta tables of migrations 005 and 006 (counts and Σ local creation dates) must always equal an aggregate of case_intervals made
// from scratch; the stock-series tests and the concurrent-writer fault test both check that.
import type { Knex } from 'knex';

/** The delta tables as they are, and as a from-scratch aggregate of case_intervals (zero rows left out). */
export async function deltasAndAggregate(knex: Knex) {
  // cd: the local creation date (days since 2000-01-01) in the zone of stock_delta_zone (0 while unset).
  const cd = `coalesce((created_at at time zone (select zone from stock_delta_zone))::date - date '2000-01-01', 0)`;
  const changes = `select case_type, valid_from as at, status, role, overdue, 1 as d, ${cd} as cd from case_intervals where is_open
    union all select case_type, valid_to, status, role, overdue, -1, -${cd} from case_intervals where is_open and valid_to < 'infinity'`;
  const rows = async (sql: string) => ((await knex.raw(sql)).rows as { r: string }[]).map((x) => x.r);
  const key = 'case_type, status, role, overdue';
  return {
    day: await rows(`select concat_ws('|', day, ${key}, delta, created_days) as r from stock_deltas where delta <> 0 or created_days <> 0 order by 1`),
    dayAggregate: await rows(`select concat_ws('|', day, ${key}, delta, created_days) as r from (
      select (at at time zone 'UTC')::date as day, ${key}, sum(d)::int as delta, sum(cd)::bigint as created_days from (${changes}) c
      group by 1, 2, 3, 4, 5 having sum(d) <> 0 or sum(cd) <> 0) a order by 1`),
    fine: await rows(`select concat_ws('|', extract(epoch from slot)::bigint, ${key}, delta, created_days) as r from stock_deltas_fine where delta <> 0 or created_days <> 0 order by 1`),
    fineAggregate: await rows(`select concat_ws('|', extract(epoch from slot)::bigint, ${key}, delta, created_days) as r from (
      select date_bin('15 minutes', at, timestamptz '2000-01-01 00:00:00+00') as slot, ${key}, sum(d)::int as delta, sum(cd)::bigint as created_days from (${changes}) c
      group by 1, 2, 3, 4, 5 having sum(d) <> 0 or sum(cd) <> 0) a order by 1`),
  };
}

/** The letter delta tables (migration 007) as they are, and as a from-scratch aggregate of the (open interval, letter) pairs. */
export async function letterDeltasAndAggregate(knex: Knex) {
  const pairs = `select i.case_type, greatest(i.valid_from, l.sent_at) as at, i.status, i.role, i.overdue, l.letter_type, 1 as d
      from case_intervals i join letters l on l.case_id = i.case_id where i.is_open and l.sent_at < i.valid_to
    union all select i.case_type, i.valid_to, i.status, i.role, i.overdue, l.letter_type, -1
      from case_intervals i join letters l on l.case_id = i.case_id where i.is_open and l.sent_at < i.valid_to and i.valid_to < 'infinity'`;
  const rows = async (sql: string) => ((await knex.raw(sql)).rows as { r: string }[]).map((x) => x.r);
  const key = 'case_type, status, role, overdue, letter_type';
  return {
    day: await rows(`select concat_ws('|', day, ${key}, delta) as r from letter_deltas where delta <> 0 order by 1`),
    dayAggregate: await rows(`select concat_ws('|', day, ${key}, delta) as r from (
      select (at at time zone 'UTC')::date as day, ${key}, sum(d)::int as delta from (${pairs}) c group by 1, 2, 3, 4, 5, 6 having sum(d) <> 0) a order by 1`),
    fine: await rows(`select concat_ws('|', extract(epoch from slot)::bigint, ${key}, delta) as r from letter_deltas_fine where delta <> 0 order by 1`),
    fineAggregate: await rows(`select concat_ws('|', extract(epoch from slot)::bigint, ${key}, delta) as r from (
      select date_bin('15 minutes', at, timestamptz '2000-01-01 00:00:00+00') as slot, ${key}, sum(d)::int as delta from (${pairs}) c
      group by 1, 2, 3, 4, 5, 6 having sum(d) <> 0) a order by 1`),
  };
}

export async function expectDeltasExact(knex: Knex) {
  const d = await deltasAndAggregate(knex);
  expect(d.day.length).toBeGreaterThan(0);
  expect(d.day).toEqual(d.dayAggregate);
  expect(d.fine).toEqual(d.fineAggregate);
  const l = await letterDeltasAndAggregate(knex);
  expect(l.day.length).toBeGreaterThan(0);
  expect(l.day).toEqual(l.dayAggregate);
  expect(l.fine).toEqual(l.fineAggregate);
}

