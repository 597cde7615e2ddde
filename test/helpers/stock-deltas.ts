// Why: the delta tables of migration 003 must always equal an aggregate of case_intervals made
// from scratch; the stock-series tests and the concurrent-writer fault test both check that.
import type { Knex } from 'knex';

/** The delta tables as they are, and as a from-scratch aggregate of case_intervals (zero rows left out). */
export async function deltasAndAggregate(knex: Knex) {
  const changes = `select case_type, valid_from as at, status, role, overdue, 1 as d from case_intervals where is_open
    union all select case_type, valid_to, status, role, overdue, -1 from case_intervals where is_open and valid_to < 'infinity'`;
  const rows = async (sql: string) => ((await knex.raw(sql)).rows as { r: string }[]).map((x) => x.r);
  const key = 'case_type, status, role, overdue';
  return {
    day: await rows(`select concat_ws('|', day, ${key}, delta) as r from stock_deltas where delta <> 0 order by 1`),
    dayAggregate: await rows(`select concat_ws('|', day, ${key}, delta) as r from (
      select (at at time zone 'UTC')::date as day, ${key}, sum(d)::int as delta from (${changes}) c group by 1, 2, 3, 4, 5 having sum(d) <> 0) a order by 1`),
    fine: await rows(`select concat_ws('|', extract(epoch from slot)::bigint, ${key}, delta) as r from stock_deltas_fine where delta <> 0 order by 1`),
    fineAggregate: await rows(`select concat_ws('|', extract(epoch from slot)::bigint, ${key}, delta) as r from (
      select date_bin('15 minutes', at, timestamptz '2000-01-01 00:00:00+00') as slot, ${key}, sum(d)::int as delta from (${changes}) c
      group by 1, 2, 3, 4, 5 having sum(d) <> 0) a order by 1`),
  };
}

export async function expectDeltasExact(knex: Knex) {
  const d = await deltasAndAggregate(knex);
  expect(d.day.length).toBeGreaterThan(0);
  expect(d.day).toEqual(d.dayAggregate);
  expect(d.fine).toEqual(d.fineAggregate);
}

