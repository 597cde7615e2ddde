// Why: a series of the mean lead time of the open cases (caseLeadTime per week) probed the open
// intervals once per bucket: 20× one snapshot at 100,000 cases (docs/performance.md). The mean
// lead time at instant t over the open cases of a group is
//
//     localDate(t) − Σ localDate(created_at) / n
//
// in whole local days, so besides the count n the delta tables now also keep, per row, the net
// change of Σ localDate(created_at) (`created_days`: days since 2000-01-01 in the zone of
// `stock_delta_zone`). A local date depends on the zone, so the sums hold for one zone: the
// service's DEFAULT_TIMEZONE, set at start-up (src/kpi/stock-delta-zone.ts), which refills them
// when it changes. A request in another zone is answered by the query builder as before.
//
// The triggers of migration 005 are replaced; `stock_deltas_refill()` rebuilds both tables from
// case_intervals (after a bulk load, after a zone change).
import type { Knex } from 'knex';
import { STOCK_LOCK, changes as countChanges, upserts as countUpserts } from './20261204_005_stock_deltas';

const KEY = 'case_type, status, role, overdue';

/** The ±1 changes (d) and ±localDate(created_at) (cd) of the open-case intervals in `rel`, times `sign`. */
export const changes = (rel: string, sign: 1 | -1) => `
  select case_type, valid_from as at, status, role, overdue, ${sign} as d, ${sign} * r.cd as cd
    from (select x.*, coalesce((x.created_at at time zone z.zone)::date - date '2000-01-01', 0)::bigint as cd
            from ${rel} x cross join stock_delta_zone z where x.is_open) r
  union all
  select case_type, valid_to as at, status, role, overdue, ${-sign} as d, ${-sign} * r.cd as cd
    from (select x.*, coalesce((x.created_at at time zone z.zone)::date - date '2000-01-01', 0)::bigint as cd
            from ${rel} x cross join stock_delta_zone z where x.is_open and x.valid_to < 'infinity') r`;

/** Two ordered upserts (day and 15-minute grain) of the changes `src`. */
export const upserts = (src: string) => `
    insert into stock_deltas as s (day, ${KEY}, delta, created_days)
      select (c.at at time zone 'UTC')::date, ${KEY}, sum(c.d)::int, sum(c.cd)::bigint from (${src}) c
      group by 1, 2, 3, 4, 5 having sum(c.d) <> 0 or sum(c.cd) <> 0 order by 1, 2, 3, 4, 5
    on conflict (day, ${KEY}) do update set delta = s.delta + excluded.delta, created_days = s.created_days + excluded.created_days;
    insert into stock_deltas_fine as s (slot, ${KEY}, delta, created_days)
      select date_bin('15 minutes', c.at, timestamptz '2000-01-01 00:00:00+00'), ${KEY}, sum(c.d)::int, sum(c.cd)::bigint from (${src}) c
      group by 1, 2, 3, 4, 5 having sum(c.d) <> 0 or sum(c.cd) <> 0 order by 1, 2, 3, 4, 5
    on conflict (slot, ${KEY}) do update set delta = s.delta + excluded.delta, created_days = s.created_days + excluded.created_days;`;

/** (Re)defines the three trigger functions of the stock deltas from a changes/upserts pair. */
async function replaceTriggerFunctions(knex: Knex, ch: (rel: string, sign: 1 | -1) => string, up: (src: string) => string): Promise<void> {
  const bodies = {
    insert: up(ch('new_rows', 1)),
    delete: up(ch('old_rows', -1)),
    update: up(`${ch('old_rows', -1)} union all ${ch('new_rows', 1)}`),
  };
  for (const [op, body] of Object.entries(bodies)) {
    await knex.raw(`create or replace function stock_deltas_on_${op}() returns trigger language plpgsql as $$
    begin ${STOCK_LOCK} ${body}
      return null;
    end $$`);
  }
}

export async function up(knex: Knex): Promise<void> {
  // One row: the zone of created_days (NULL: not set yet, every created_days is 0).
  await knex.raw('create table stock_delta_zone (one boolean primary key default true check (one), zone text)');
  await knex.raw('insert into stock_delta_zone (zone) values (null)');
  for (const t of ['stock_deltas', 'stock_deltas_fine']) {
    await knex.raw(`alter table ${t} add column created_days bigint not null default 0`);
  }
  await replaceTriggerFunctions(knex, changes, upserts);
  await knex.raw(`create function stock_deltas_refill() returns void language plpgsql as $$
    begin ${STOCK_LOCK}
      truncate stock_deltas, stock_deltas_fine;
      ${upserts(changes('case_intervals', 1))}
    end $$`);
  // Sets the zone of created_days and refills both tables; nothing happens when it is already set.
  await knex.raw(`create function stock_deltas_set_zone(new_zone text) returns boolean language plpgsql as $$
    begin ${STOCK_LOCK}
      if (select zone from stock_delta_zone) is not distinct from new_zone then return false; end if;
      update stock_delta_zone set zone = new_zone;
      perform stock_deltas_refill();
      return true;
    end $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function if exists stock_deltas_set_zone(text)');
  await knex.raw('drop function if exists stock_deltas_refill()');
  for (const t of ['stock_deltas', 'stock_deltas_fine']) await knex.raw(`alter table ${t} drop column created_days`);
  // Migration 005's trigger functions, which do not read stock_delta_zone.
  await replaceTriggerFunctions(knex, countChanges, countUpserts);
  await knex.raw('drop table if exists stock_delta_zone');
}
