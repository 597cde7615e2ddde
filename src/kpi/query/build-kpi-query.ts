// Why: the one query builder. It turns a Measure and ResolvedDimensions into a single SQL
// statement: buckets → facts (one row per bucket × group × fact, with the state of its case at the
// bucket's snapshot instant where the statement reads it) → aggregates → every bucket, filled.
// All values are bound parameters; the only SQL text comes from sources, dimensions and measures
// in this repo.
import type { Knex } from 'knex';
import { Measure } from '../measure';
import { ResolvedDimensions } from '../types';
import { DIMENSIONS, FactsQuery, GroupColumn } from '../dimensions';
import { bucketsSql } from './buckets';

export interface KpiQuery {
  query: Knex.QueryBuilder;
  groups: GroupColumn[];
  /** Set when answering many cases at once: rows carry `case_key`. */
  batched: boolean;
}

export interface BuildOptions {
  params: Record<string, unknown>;
  /** Answer these cases in one statement (DataLoader batching of `caseId`). */
  caseIds?: string[];
  /** Also return `n`, the number of facts behind each value (for the privacy guard). */
  counts?: boolean;
  /**
   * More measures over the same facts (same source, source params and conditions; other
   * aggregates): answered in the same pass, as columns `value_1`, `value_2`, … (src/kpi/merge.ts).
   */
  alsoMeasures?: Measure[];
}

/** The aggregate of a measure over facts column `v`. */
function aggregateSql(measure: Measure, v = 'v'): string {
  switch (measure.aggregate.kind) {
    case 'count': return 'count(*)::int';
    case 'mean': return `avg(${v})::float8`;
    case 'rate': return `(100.0 * avg(case when ${v} then 1.0 when not ${v} then 0.0 end))::float8`;
  }
}

/**
 * The parts a measure's per-bucket aggregate is summed up from (`c_i`, `s_i`), and its aggregate
 * over those parts: count = the sum of counts; mean and rate = the sum of sums over the sum of
 * counts, the very division avg() makes (numeric_div of the exact sum by the count), so a total
 * from the buckets equals the total over the facts for integer and numeric values.
 */
function partsSql(measure: Measure, v: string, i: number): string {
  switch (measure.aggregate.kind) {
    case 'count': return `count(*) as c_${i}`;
    case 'mean': return `count(${v}) as c_${i}, sum(${v}) as s_${i}`;
    case 'rate': return `count(${v}) as c_${i}, sum(case when ${v} then 1.0 when not ${v} then 0.0 end) as s_${i}`;
  }
}
function totalOfPartsSql(measure: Measure, i: number): string {
  switch (measure.aggregate.kind) {
    case 'count': return `coalesce(sum(c_${i}), 0)::int`;
    case 'mean': return `(sum(s_${i}) / nullif(sum(c_${i}), 0))::float8`;
    case 'rate': return `(100.0 * (sum(s_${i}) / nullif(sum(c_${i}), 0)))::float8`;
  }
}

interface Facts { q: Knex.QueryBuilder; groups: GroupColumn[]; groupNames: string[]; unique: boolean }

/** The `facts` CTE; a source's on-demand state join (flows, open tasks) is added only when `withState`. */
function factsQuery(knex: Knex, measure: Measure, dims: ResolvedDimensions, options: BuildOptions, withState: boolean): Facts {
  const facts = knex.queryBuilder().from({ b: 'buckets' });
  measure.source.join(facts, { knex, params: measure.sourceParams });
  if (withState) facts.joinRaw(measure.source.state!.sql);
  const f: FactsQuery = { knex, q: facts, source: measure.source, dims, groups: [], joined: new Set() };
  for (const d of DIMENSIONS) d.apply(f);
  f.groups.sort((a, b) => dims.groupBy.indexOf(a.by) - dims.groupBy.indexOf(b.by));
  const batched = options.caseIds !== undefined;
  if (batched) facts.whereRaw(`${measure.source.columns.caseId} = any(?::text[])`, [options.caseIds!]);
  for (const c of measure.conditions) facts.whereRaw('?', [c.sql({ knex, timezone: dims.timezone })]);

  const valueOf = (m: Measure) => (m.aggregate.kind === 'count' ? knex.raw('null::int') : m.aggregate.value.sql({ knex, timezone: dims.timezone }));
  const also = options.alsoMeasures ?? [];
  const groupNames = f.groups.map((_, i) => `g${i}`);
  // Every source gives one row per bucket × fact; only a dimension's join (a case's open tasks)
  // can repeat a fact, and only then is the (costly, spilling) DISTINCT needed.
  const unique = !f.repeatsFacts;
  facts[unique ? 'select' : 'distinct'](
    'b.bucket_start', 'b.is_total',
    ...(batched ? [knex.raw(`${measure.source.columns.caseId} as case_key`)] : []),
    ...f.groups.map((g, i) => knex.raw(`? as ??`, [g.sql, groupNames[i]])),
    knex.raw(`${measure.source.subjectSql} as subject`),
    knex.raw('? as v', [valueOf(measure)]),
    ...also.map((m, i) => knex.raw(`? as v_${i + 1}`, [valueOf(m)])),
  );
  return { q: facts, groups: f.groups, groupNames, unique };
}

/** Whether SQL text refers to a table alias (`ci.`); the SQL comes from this repo, values are bound. */
const refersTo = (sql: string, alias: string) => new RegExp(`\\b${alias}\\.`).test(sql);

/**
 * Whether the facts may read the bucket row anywhere but in the source's own window join and the
 * builder's own columns (`"b"."bucket_start"`, `"b"."is_total"`), e.g. a value or condition
 * measured at the bucket's instant. Conservative: any other mention of the alias `b` (quoted or
 * not, any case) or a bare bucket column name counts as reading it, so a team's own expression
 * cannot slip through; a false alarm only keeps the total on the period's own facts.
 */
function readsBucketBeyondWindow(knex: Knex, measure: Measure, factsSql: string): boolean {
  const window = knex.queryBuilder().from({ b: 'buckets' });
  measure.source.join(window, { knex, params: measure.sourceParams });
  const joinSql = window.toSQL().sql.replace(/^select \* from "buckets" as "b"/, '');
  if (joinSql.length === 0 || !factsSql.includes(joinSql)) return true;
  const rest = factsSql.replace(joinSql, '').replace('from "buckets" as "b"', '')
    .replace('select "b"."bucket_start", "b"."is_total"', '').replace('select distinct "b"."bucket_start", "b"."is_total"', '');
  return /(^|[^\w$"])"?b"?\s*\.|\b(t|range_from|bucket_start|bucket_end|is_total)\b/i.test(rest);
}

export function buildKpiQuery(knex: Knex, measure: Measure, dims: ResolvedDimensions, options: BuildOptions): KpiQuery {
  const state = measure.source.state;
  let facts = factsQuery(knex, measure, dims, options, false);
  // A fact's case state (flows, open tasks) is joined only when a dimension, condition or value reads it.
  const withState = state !== undefined && refersTo(facts.q.toSQL().sql, state.alias);
  if (withState) facts = factsQuery(knex, measure, dims, options, true);
  const { groupNames, unique } = facts;
  const batched = options.caseIds !== undefined;

  const keys = [...(batched ? ['case_key'] : []), ...groupNames];
  const also = options.alsoMeasures ?? [];
  const alsoNames = also.map((_, i) => `value_${i + 1}`);
  const agg = `${aggregateSql(measure)} as value${also.map((m, i) => `, ${aggregateSql(m, `v_${i + 1}`)} as ${alsoNames[i]}`).join('')}${
    options.counts ? `, ${measure.aggregate.kind === 'count' ? 'count(*)' : 'count(v)'}::int as n` : ''}`;
  // The total is summed from the per-bucket rows instead of reading the period's facts a second
  // time (docs/perf-notes-query.md, session 7) when every fact lies in one group (no repeating
  // join) and the buckets' facts are the total's facts:
  // - without granularity, the one period row is the total's own window and instant;
  // - for a flow whose facts depend on the bucket only through its window (no state join, no value
  //   or condition reading the bucket), the buckets partition the period.
  const onePeriod = dims.granularity === null && dims.groupBy.length > 0;
  const totalFromBuckets = unique && (onePeriod || (dims.granularity !== null && measure.source.kind === 'flow' && !withState
    && !readsBucketBeyondWindow(knex, measure, facts.q.toSQL().sql)));
  const measures = [measure, ...also];
  const parts = totalFromBuckets ? `, ${measures.map((m, i) => partsSql(m, i === 0 ? 'v' : `v_${i}`, i)).join(', ')}` : '';
  const perBucket = knex.queryBuilder()
    .select('bucket_start', 'is_total', ...keys, knex.raw(agg + parts))
    .from('facts').where('is_total', false)
    .groupBy('bucket_start', 'is_total', ...keys);
  const outputs = ['value', ...alsoNames, ...(options.counts ? ['n'] : [])];
  let aggregates: Knex.QueryBuilder;
  if (totalFromBuckets) {
    const totals = measures.map((m, i) => `${totalOfPartsSql(m, i)} as ${i === 0 ? 'value' : alsoNames[i - 1]}`).join(', ')
      + (options.counts ? ', coalesce(sum(n), 0)::int as n' : '');
    const total = knex.queryBuilder()
      .select(knex.raw('null::timestamptz as bucket_start'), knex.raw('true as is_total'), ...(batched ? ['case_key'] : []),
        ...groupNames.map((g) => knex.raw(`null::text as ??`, [g])), knex.raw(totals))
      .from('pb');
    if (batched) total.groupBy('case_key');
    aggregates = knex.queryBuilder().select('bucket_start', 'is_total', ...keys, ...outputs).from('pb').unionAll(total);
  } else {
    // The total counts each fact once, whatever groups it falls in (several only through a repeating join).
    const totalFacts = knex.queryBuilder()[unique ? 'select' : 'distinct'](...(batched ? ['case_key'] : []), 'subject', 'v', ...also.map((_, i) => `v_${i + 1}`))
      .from('facts').where('is_total', true);
    const total = knex.queryBuilder()
      .select(knex.raw('null::timestamptz as bucket_start'), knex.raw('true as is_total'), ...(batched ? ['case_key'] : []),
        ...groupNames.map((g) => knex.raw(`null::text as ??`, [g])), knex.raw(agg))
      .from(totalFacts.as('tf'));
    if (batched) total.groupBy('case_key');
    aggregates = knex.queryBuilder().select('*').from(perBucket.as('pb')).unionAll(total);
  }

  const query = knex.queryBuilder()
    .with('buckets', bucketsSql(knex, dims))
    // Not materialised: where both the buckets and the total read the facts, each then runs the
    // facts it needs itself, filtered by is_total, instead of PostgreSQL first writing every fact
    // into a tuplestore (spilling past work_mem) and reading it back twice. The join work is the
    // same; unfiltered flows over a year of days took half the time (docs/perf-notes-query.md,
    // session 7). Where the total is summed from the buckets, the facts have one reader.
    .withNotMaterialized('facts', facts.q);
  // The per-bucket rows, read twice (as they are and summed into the total): a few rows per bucket.
  if (totalFromBuckets) query.with('pb', perBucket);
  query.with('agg', aggregates)
    .select('b.bucket_start', 'b.is_total', ...keys.map((k) => `a.${k}`), 'a.value', ...alsoNames.map((n) => `a.${n}`), ...(options.counts ? ['a.n'] : []))
    .from({ b: 'buckets' })
    .leftJoin({ a: 'agg' }, function on() {
      // An equality (buckets never start at -infinity; the total's and an ungrouped period's start
      // is NULL), so the join hashes on the bucket instead of comparing every bucket with every row.
      this.on('a.is_total', '=', 'b.is_total').andOn(knex.raw("coalesce(a.bucket_start, '-infinity') = coalesce(b.bucket_start, '-infinity')"));
    })
    .orderBy([{ column: 'b.is_total' }, { column: 'b.bucket_start' }]);
  return { query, groups: facts.groups, batched };
}
