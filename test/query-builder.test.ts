// Why: the SQL the query builder emits, pinned inline next to the input that made it (the way
// knex's own tests do), for representative dimension combinations. A change here is a change to
// every KPI answer: read the diff of this file as carefully as the code.
import { knex } from 'knex';
import { buildKpiQuery } from '../src/kpi/query/build-kpi-query';
import {
  openCases, caseStates, openTasks, caseCreations, caseClosings,
  caseIsOverdue, taskIsOverdue, caseLeadTimeDays, closedOnTime, closingLeadTimeDays,
} from '../src/kpi/measure';
import type { Measure, ValueExpression } from '../src/kpi/measure';
import type { ResolvedDimensions } from '../src/kpi/types';

const pg = knex({ client: 'pg' });
const at = (iso: string) => Date.parse(iso);
const squash = (s: string) => s.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();

const BASE: ResolvedDimensions = {
  caseTypes: null, period: { from: null, to: null, relative: null }, granularity: null, statuses: null,
  roles: null, assignees: null, timeliness: null, steps: null, caseId: null, groupBy: [],
  attributes: [], groupByAttributes: [], asOf: at('2025-06-01T10:00:00Z'), timezone: 'Europe/Amsterdam',
};

function emit(measure: Measure, dims: Partial<ResolvedDimensions>, caseIds?: string[], alsoMeasures?: Measure[], counts?: boolean) {
  return buildKpiQuery(pg, measure, { ...BASE, ...dims }, { params: {}, caseIds, alsoMeasures, counts }).query.toSQL().toNative();
}

describe('query builder SQL', () => {
  it("open cases now, no dimensions: only the total row", () => {
    const { sql, bindings } = emit(openCases().count(), {});
    expect(squash(sql)).toBe(squash(`
        with "buckets" as (select null::timestamptz as bucket_start, $1::timestamptz as range_from, $2::timestamptz as t, true as is_total),
        "facts" as not materialized (select "b"."bucket_start", "b"."is_total", ci.case_id as subject, null::int as v
        from "buckets" as "b"
        join case_intervals ci on ci.is_open and point(extract(epoch from (least(greatest(ci.valid_from, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00')), extract(epoch from (least(greatest(ci.valid_to, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00'))) <@ box(point(-1e15, extract(epoch from (least(greatest(b.t, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00'))), point(extract(epoch from (least(greatest(b.t, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00')), 1e15)) and tstzrange(ci.valid_from, ci.valid_to, '[)') @> b.t),
        "agg" as (select *
        from (select "bucket_start", "is_total", count(*)::int as value
        from "facts"
        where "is_total" = $3
        group by "bucket_start", "is_total") as "pb"
        union all select null::timestamptz as bucket_start, true as is_total, count(*)::int as value
        from (select "subject", "v"
        from "facts"
        where "is_total" = $4) as "tf") select "b"."bucket_start", "b"."is_total", "a"."value"
        from "buckets" as "b"
        left join "agg" as "a" on "a"."is_total" = "b"."is_total" and coalesce(a.bucket_start, '-infinity') = coalesce(b.bucket_start, '-infinity')
        order by "b"."is_total" asc, "b"."bucket_start" asc
      `));
    expect(bindings).toEqual(["-infinity","2025-06-01T10:00:00.000Z",false,true]);
  });

  it("overdue cases per ISO week by status, roles filter", () => {
    const { sql, bindings } = emit(openCases().where(caseIsOverdue).count(), { caseTypes: ['ooievaarspas'], period: { from: at('2025-01-06T00:00:00+01:00'), to: at('2025-02-03T00:00:00+01:00'), relative: null }, granularity: 'WEEK', roles: ['behandelaar'], groupBy: ['STATUS'] });
    expect(squash(sql)).toBe(squash(`
        with "buckets" as (select s.bucket_start, case when row_number() over (order by s.bucket_start) = 1 then $1::timestamptz else s.bucket_start end as range_from, least(s.bucket_end - interval '1 millisecond', $2::timestamptz) as t, false as is_total
        from (select gs at time zone $3 as bucket_start, (gs + $4::interval) at time zone $5 as bucket_end
        from generate_series(date_trunc($6, $7::timestamptz, $8) at time zone $9, $10::timestamptz at time zone $11, $12::interval) as gs) as s
        union all select null::timestamptz as bucket_start, $13::timestamptz as range_from, $14::timestamptz as t, true as is_total),
        "facts" as not materialized (select "b"."bucket_start", "b"."is_total", ci.status as "g0", ci.case_id as subject, null::int as v
        from "buckets" as "b"
        join case_intervals ci on ci.is_open and point(extract(epoch from (least(greatest(ci.valid_from, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00')), extract(epoch from (least(greatest(ci.valid_to, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00'))) <@ box(point(-1e15, extract(epoch from (least(greatest(b.t, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00'))), point(extract(epoch from (least(greatest(b.t, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00')), 1e15)) and tstzrange(ci.valid_from, ci.valid_to, '[)') @> b.t
        where ci.case_type = any($15::text[]) and ci.role = any($16::text[]) and ci.overdue),
        "agg" as (select *
        from (select "bucket_start", "is_total", "g0", count(*)::int as value
        from "facts"
        where "is_total" = $17
        group by "bucket_start", "is_total", "g0") as "pb"
        union all select null::timestamptz as bucket_start, true as is_total, null::text as "g0", count(*)::int as value
        from (select "subject", "v"
        from "facts"
        where "is_total" = $18) as "tf") select "b"."bucket_start", "b"."is_total", "a"."g0", "a"."value"
        from "buckets" as "b"
        left join "agg" as "a" on "a"."is_total" = "b"."is_total" and coalesce(a.bucket_start, '-infinity') = coalesce(b.bucket_start, '-infinity')
        order by "b"."is_total" asc, "b"."bucket_start" asc
      `));
    expect(bindings).toEqual(["2025-01-05T23:00:00.000Z","2025-02-02T22:59:59.999Z","Europe/Amsterdam","1 week","Europe/Amsterdam","week","2025-01-05T23:00:00.000Z","Europe/Amsterdam","Europe/Amsterdam","2025-02-02T22:59:59.999Z","Europe/Amsterdam","1 week","2025-01-05T23:00:00.000Z","2025-02-02T22:59:59.999Z",["ooievaarspas"],["behandelaar"],false,true]);
  });

  it("per-step timeliness: steps + timeliness judge the open tasks, grouped by their timeliness", () => {
    const { sql, bindings } = emit(openCases().count(), { steps: ['beoordelen'], timeliness: 'OVERDUE', groupBy: ['TIMELINESS'] });
    expect(squash(sql)).toBe(squash(`
        with "buckets" as (select null::timestamptz as bucket_start, $1::timestamptz as range_from, $2::timestamptz as t, false as is_total
        union all select null::timestamptz as bucket_start, $3::timestamptz as range_from, $4::timestamptz as t, true as is_total),
        "facts" as not materialized (select distinct "b"."bucket_start", "b"."is_total", case when ts.overdue then 'OVERDUE' when not ts.overdue then 'ON_TIME' end as "g0", ci.case_id as subject, null::int as v
        from "buckets" as "b"
        join case_intervals ci on ci.is_open and point(extract(epoch from (least(greatest(ci.valid_from, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00')), extract(epoch from (least(greatest(ci.valid_to, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00'))) <@ box(point(-1e15, extract(epoch from (least(greatest(b.t, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00'))), point(extract(epoch from (least(greatest(b.t, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00')), 1e15)) and tstzrange(ci.valid_from, ci.valid_to, '[)') @> b.t
        join task_intervals ts on ts.case_id = ci.case_id and ts.is_open and tstzrange(ts.valid_from, ts.valid_to, '[)') @> b.t and ts.step = any($5::text[]) and ts.overdue = $6),
        "agg" as (select *
        from (select "bucket_start", "is_total", "g0", count(*)::int as value
        from "facts"
        where "is_total" = $7
        group by "bucket_start", "is_total", "g0") as "pb"
        union all select null::timestamptz as bucket_start, true as is_total, null::text as "g0", count(*)::int as value
        from (select distinct "subject", "v"
        from "facts"
        where "is_total" = $8) as "tf") select "b"."bucket_start", "b"."is_total", "a"."g0", "a"."value"
        from "buckets" as "b"
        left join "agg" as "a" on "a"."is_total" = "b"."is_total" and coalesce(a.bucket_start, '-infinity') = coalesce(b.bucket_start, '-infinity')
        order by "b"."is_total" asc, "b"."bucket_start" asc
      `));
    expect(bindings).toEqual(["-infinity","2025-06-01T10:00:00.000Z","-infinity","2025-06-01T10:00:00.000Z",["beoordelen"],true,false,true]);
  });

  it("inflow per day, filtered on one attribute and grouped by another: no state, so the total is the sum of the buckets", () => {
    const { sql, bindings } = emit(caseCreations().count(), { period: { from: at('2025-01-01T00:00:00+01:00'), to: at('2025-01-03T00:00:00+01:00'), relative: null }, granularity: 'DAY', attributes: [{ key: 'kanaal', values: ['post'] }], groupByAttributes: ['doelgroep'], groupBy: ['ATTRIBUTE'] });
    expect(squash(sql)).toBe(squash(`
        with "buckets" as (select s.bucket_start, case when row_number() over (order by s.bucket_start) = 1 then $1::timestamptz else s.bucket_start end as range_from, least(s.bucket_end - interval '1 millisecond', $2::timestamptz) as t, false as is_total
        from (select gs at time zone $3 as bucket_start, (gs + $4::interval) at time zone $5 as bucket_end
        from generate_series(date_trunc($6, $7::timestamptz, $8) at time zone $9, $10::timestamptz at time zone $11, $12::interval) as gs) as s
        union all select null::timestamptz as bucket_start, $13::timestamptz as range_from, $14::timestamptz as t, true as is_total),
        "facts" as not materialized (select "b"."bucket_start", "b"."is_total", c.attributes ->> $15 as "g0", c.case_id as subject, null::int as v
        from "buckets" as "b"
        join cases c on c.created_at >= b.range_from and c.created_at <= b.t
        where c.attributes ->> $16 = any($17::text[])),
        "pb" as (select "bucket_start", "is_total", "g0", count(*)::int as value, count(*) as c_0
        from "facts"
        where "is_total" = $18
        group by "bucket_start", "is_total", "g0"),
        "agg" as (select "bucket_start", "is_total", "g0", "value"
        from "pb"
        union all select null::timestamptz as bucket_start, true as is_total, null::text as "g0", coalesce(sum(c_0), 0)::int as value
        from "pb") select "b"."bucket_start", "b"."is_total", "a"."g0", "a"."value"
        from "buckets" as "b"
        left join "agg" as "a" on "a"."is_total" = "b"."is_total" and coalesce(a.bucket_start, '-infinity') = coalesce(b.bucket_start, '-infinity')
        order by "b"."is_total" asc, "b"."bucket_start" asc
      `));
    expect(bindings).toEqual(["2024-12-31T23:00:00.000Z","2025-01-02T22:59:59.999Z","Europe/Amsterdam","1 day","Europe/Amsterdam","day","2024-12-31T23:00:00.000Z","Europe/Amsterdam","Europe/Amsterdam","2025-01-02T22:59:59.999Z","Europe/Amsterdam","1 day","2024-12-31T23:00:00.000Z","2025-01-02T22:59:59.999Z","doelgroep","kanaal",["post"],false]);
  });

  it("overdue tasks per local hour (instants, not wall-clock), assignee falls back to the case", () => {
    const { sql, bindings } = emit(openTasks().where(taskIsOverdue).count(), { period: { from: at('2025-01-01T00:00:00+01:00'), to: at('2025-01-01T03:00:00+01:00'), relative: null }, granularity: 'HOUR', assignees: ['anna'] });
    expect(squash(sql)).toBe(squash(`
        with "buckets" as (select s.bucket_start, case when row_number() over (order by s.bucket_start) = 1 then $1::timestamptz else s.bucket_start end as range_from, least(s.bucket_end - interval '1 millisecond', $2::timestamptz) as t, false as is_total
        from (select gs as bucket_start, gs + interval '1 hour' as bucket_end
        from generate_series(date_trunc('hour', $3::timestamptz, $4), $5::timestamptz, interval '1 hour') as gs) as s
        union all select null::timestamptz as bucket_start, $6::timestamptz as range_from, $7::timestamptz as t, true as is_total),
        "facts" as not materialized (select "b"."bucket_start", "b"."is_total", (ti.case_id, ti.task_id) as subject, null::int as v
        from "buckets" as "b"
        join task_intervals ti on ti.is_open and point(extract(epoch from (least(greatest(ti.valid_from, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00')), extract(epoch from (least(greatest(ti.valid_to, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00'))) <@ box(point(-1e15, extract(epoch from (least(greatest(b.t, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00'))), point(extract(epoch from (least(greatest(b.t, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00')), 1e15)) and tstzrange(ti.valid_from, ti.valid_to, '[)') @> b.t
        join case_intervals ci on ci.case_id = ti.case_id and ci.valid_from <= b.t and ci.valid_to > b.t
        where coalesce(ti.assignee, ci.assignee) = any($8::text[]) and ti.overdue),
        "agg" as (select *
        from (select "bucket_start", "is_total", count(*)::int as value
        from "facts"
        where "is_total" = $9
        group by "bucket_start", "is_total") as "pb"
        union all select null::timestamptz as bucket_start, true as is_total, count(*)::int as value
        from (select "subject", "v"
        from "facts"
        where "is_total" = $10) as "tf") select "b"."bucket_start", "b"."is_total", "a"."value"
        from "buckets" as "b"
        left join "agg" as "a" on "a"."is_total" = "b"."is_total" and coalesce(a.bucket_start, '-infinity') = coalesce(b.bucket_start, '-infinity')
        order by "b"."is_total" asc, "b"."bucket_start" asc
      `));
    expect(bindings).toEqual(["2024-12-31T23:00:00.000Z","2025-01-01T01:59:59.999Z","2024-12-31T23:00:00.000Z","Europe/Amsterdam","2025-01-01T01:59:59.999Z","2024-12-31T23:00:00.000Z","2025-01-01T01:59:59.999Z",["anna"],false,true]);
  });

  it("overdue tasks by step for one process: the task intervals only, no case state", () => {
    const { sql } = emit(openTasks().where(taskIsOverdue).count(), { caseTypes: ['ooievaarspas'], groupBy: ['STEP'] });
    expect(squash(sql)).toContain(squash(`
        "facts" as not materialized (select "b"."bucket_start", "b"."is_total", ti.step as "g0", (ti.case_id, ti.task_id) as subject, null::int as v
        from "buckets" as "b"
        join task_intervals ti on ti.is_open and point(extract(epoch from (least(greatest(ti.valid_from, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00')), extract(epoch from (least(greatest(ti.valid_to, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00'))) <@ box(point(-1e15, extract(epoch from (least(greatest(b.t, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00'))), point(extract(epoch from (least(greatest(b.t, timestamptz '0001-01-01 00:00:00+00'), timestamptz '9999-12-31 00:00:00+00') - timestamptz '1970-01-01 00:00:00+00')), 1e15)) and tstzrange(ti.valid_from, ti.valid_to, '[)') @> b.t
        where ti.case_type = any($5::text[]) and ti.overdue),
      `));
  });

  it("on-time rate of closings by role, without granularity: the one period row is the total's window and instant, so the total is the sum of its groups", () => {
    const { sql, bindings } = emit(caseClosings().rate(closedOnTime), { groupBy: ['ROLE'] });
    expect(squash(sql)).toBe(squash(`
        with "buckets" as (select null::timestamptz as bucket_start, $1::timestamptz as range_from, $2::timestamptz as t, false as is_total
        union all select null::timestamptz as bucket_start, $3::timestamptz as range_from, $4::timestamptz as t, true as is_total),
        "facts" as not materialized (select "b"."bucket_start", "b"."is_total", ci.role as "g0", cc.event_id as subject, (not cc.overdue) as v
        from "buckets" as "b"
        join case_closings cc on cc.closed_at >= b.range_from and cc.closed_at <= b.t
        join lateral (select * from case_intervals s where s.case_id = cc.case_id and s.valid_from <= b.t order by s.valid_from desc limit 1) ci on ci.valid_to > b.t),
        "pb" as (select "bucket_start", "is_total", "g0", (100.0 * avg(case when v then 1.0 when not v then 0.0 end))::float8 as value,
        count(v) as c_0, sum(case when v then 1.0 when not v then 0.0 end) as s_0
        from "facts"
        where "is_total" = $5
        group by "bucket_start", "is_total", "g0"),
        "agg" as (select "bucket_start", "is_total", "g0", "value"
        from "pb"
        union all select null::timestamptz as bucket_start, true as is_total, null::text as "g0", (100.0 * (sum(s_0) / nullif(sum(c_0), 0)))::float8 as value
        from "pb") select "b"."bucket_start", "b"."is_total", "a"."g0", "a"."value"
        from "buckets" as "b"
        left join "agg" as "a" on "a"."is_total" = "b"."is_total" and coalesce(a.bucket_start, '-infinity') = coalesce(b.bucket_start, '-infinity')
        order by "b"."is_total" asc, "b"."bucket_start" asc
      `));
    expect(bindings).toEqual(["-infinity","2025-06-01T10:00:00.000Z","-infinity","2025-06-01T10:00:00.000Z",false]);
  });

  it("outflow per week, no state dimension: the closings of the window only, no case_intervals", () => {
    const { sql } = emit(caseClosings().count(), { caseTypes: ['ooievaarspas'], period: { from: at('2025-01-06T00:00:00+01:00'), to: at('2025-02-03T00:00:00+01:00'), relative: null }, granularity: 'WEEK' });
    expect(squash(sql)).toContain(squash(`
        "facts" as not materialized (select "b"."bucket_start", "b"."is_total", cc.event_id as subject, null::int as v
        from "buckets" as "b"
        join case_closings cc on cc.closed_at >= b.range_from and cc.closed_at <= b.t
        where cc.case_type = any($15::text[])),
      `));
  });

  it("lead time and on-time rate of the same closings per week (one statement): the total is summed from each bucket's count and exact sum", () => {
    const { sql } = emit(caseClosings().mean(closingLeadTimeDays), { period: { from: at('2025-01-06T00:00:00+01:00'), to: at('2025-02-03T00:00:00+01:00'), relative: null }, granularity: 'WEEK' }, undefined, [caseClosings().rate(closedOnTime)], true);
    expect(squash(sql)).toContain(squash(`
        "pb" as (select "bucket_start", "is_total", avg(v)::float8 as value, (100.0 * avg(case when v_1 then 1.0 when not v_1 then 0.0 end))::float8 as value_1, count(v)::int as n,
        count(v) as c_0, sum(v) as s_0, count(v_1) as c_1, sum(case when v_1 then 1.0 when not v_1 then 0.0 end) as s_1
        from "facts"
        where "is_total" = $17
        group by "bucket_start", "is_total"),
        "agg" as (select "bucket_start", "is_total", "value", "value_1", "n"
        from "pb"
        union all select null::timestamptz as bucket_start, true as is_total, (sum(s_0) / nullif(sum(c_0), 0))::float8 as value, (100.0 * (sum(s_1) / nullif(sum(c_1), 0)))::float8 as value_1, coalesce(sum(n), 0)::int as n
        from "pb")
      `));
  });

  it("a flow value measured at the bucket's instant: the total reads the period's facts, not the buckets' sum", () => {
    const ageAtBucketEnd: ValueExpression = { name: 'ageAtBucketEnd', sources: ['caseCreations'], sql: ({ knex: k }) => k.raw('extract(epoch from (b.t - c.created_at))') };
    const { sql } = emit(caseCreations().mean(ageAtBucketEnd), { period: { from: at('2025-01-06T00:00:00+01:00'), to: at('2025-02-03T00:00:00+01:00'), relative: null }, granularity: 'WEEK' });
    expect(squash(sql)).not.toContain('"pb" as (');
    expect(squash(sql)).toContain(squash(`union all select null::timestamptz as bucket_start, true as is_total, avg(v)::float8 as value
        from (select "subject", "v" from "facts" where "is_total" = $16) as "tf")`));
    // However a team writes the bucket's instant: quoted, upper case, or a bare column name.
    for (const written of ['"b"."t"', '"b".t', 'B.t', 't', 'range_from']) {
      const value: ValueExpression = { name: 'ageAtBucket', sources: ['caseCreations'], sql: ({ knex: k }) => k.raw(`extract(epoch from (${written} - c.created_at))`) };
      const other = emit(caseCreations().mean(value), { period: { from: at('2025-01-06T00:00:00+01:00'), to: at('2025-02-03T00:00:00+01:00'), relative: null }, granularity: 'WEEK' });
      expect([written, squash(other.sql).includes('"pb" as (')]).toEqual([written, false]);
    }
  });

  it("inflow of overdue cases per week: the condition reads the state, looked up per fact; the total reads its own facts", () => {
    const { sql } = emit(caseCreations().where(caseIsOverdue).count(), { period: { from: at('2025-01-06T00:00:00+01:00'), to: at('2025-02-03T00:00:00+01:00'), relative: null }, granularity: 'WEEK' });
    expect(squash(sql)).toContain(squash(`
        join cases c on c.created_at >= b.range_from and c.created_at <= b.t
        join lateral (select * from case_intervals s where s.case_id = c.case_id and s.valid_from <= b.t order by s.valid_from desc limit 1) ci on ci.valid_to > b.t
        where ci.overdue),
      `));
    // The state is judged at each week's end and the total's at the period's end: the total reads
    // the period's facts itself, not the weeks' sum.
    expect(squash(sql)).not.toContain('"pb" as (');
    expect(squash(sql)).toContain('from (select "subject", "v" from "facts" where "is_total" = $16) as "tf"');
  });

  it('many caseIds in one statement: facts and totals carry case_key (DataLoader batching)', () => {
    const { sql, bindings } = emit(caseStates().mean(caseLeadTimeDays), {}, ['op-1', 'op-2']);
    expect(squash(sql)).toContain(squash(`
        select "b"."bucket_start", "b"."is_total", ci.case_id as case_key, ci.case_id as subject,
          ((coalesce(ci.closed_at, b.t) at time zone $3)::date - (ci.created_at at time zone $4)::date) as v
        from "buckets" as "b"
        join case_intervals ci on ci.valid_from <= b.t and ci.valid_to > b.t
        where ci.case_id = any($5::text[])
      `));
    expect(squash(sql)).toContain(squash(`
        union all select null::timestamptz as bucket_start, true as is_total, "case_key", avg(v)::float8 as value
        from (select "case_key", "subject", "v" from "facts" where "is_total" = $7) as "tf"
        group by "case_key"
      `));
    expect(bindings).toEqual(['-infinity', '2025-06-01T10:00:00.000Z', 'Europe/Amsterdam', 'Europe/Amsterdam', ['op-1', 'op-2'], false, true]);
  });

  it('binds every request value: nothing from the input appears in the SQL text', () => {
    const hostile = "x'); drop table events; --";
    const { sql, bindings } = emit(openCases().count(), {
      statuses: [hostile], roles: [hostile], assignees: [hostile], steps: [hostile], caseId: hostile,
      attributes: [{ key: hostile, values: [hostile] }], groupByAttributes: [hostile], groupBy: ['ATTRIBUTE', 'STEP'],
      timezone: hostile,
    });
    expect(sql).not.toContain('drop table');
    expect(JSON.stringify(bindings)).toContain('drop table');
  });
});
