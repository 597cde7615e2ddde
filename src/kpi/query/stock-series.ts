// Why: a series of a stock count (openCases, overdueCases: open cases at each bucket's snapshot
// instant) answered without one open-case scan per bucket. The stock at the first bucket's instant
// is one ordinary probe of case_intervals; every later bucket whose instant is a grain boundary − 1 ms
// is that stock plus the running sum of the pre-aggregated deltas in between (stock_deltas per UTC
// day, stock_deltas_fine per 15 minutes, migration 005; letter_deltas for letters, migration 007). A bucket whose instant is not on the grain
// (the last one when capped at asOf or at a period end mid-bucket) is probed like the first. The
// answer is exactly the query builder's; docs/perf-notes-series.md has the design and the figures.
import type { Knex } from 'knex';
import { Measure } from '../measure';
import { GroupByKey, ResolvedDimensions } from '../types';
import { bucketsSql, snapshotInstant } from './buckets';
import { openAt } from './open-at';

/** The groups this path can answer, with their column in case_intervals and in the delta tables. */
const GROUP_SQL: Partial<Record<GroupByKey, (a: string) => string>> = {
  CASE_TYPE: (a) => `${a}.case_type`,
  STATUS: (a) => `${a}.status`,
  ROLE: (a) => `${a}.role`,
  TIMELINESS: (a) => `case when ${a}.overdue then 'OVERDUE' when not ${a}.overdue then 'ON_TIME' end`,
};

/** Conditions that only read columns the delta tables keep. */
const CONDITION_SQL: Record<string, (a: string) => string> = {
  caseIsOverdue: (a) => `${a}.overdue`,
};

export interface StockSeriesQuery {
  query: Knex.QueryBuilder;
  groups: { by: GroupByKey }[];
}

/**
 * Whether this path answers the request exactly: a count of open cases (optionally overdue), per
 * granularity, filtered and grouped only by case type, status, role and timeliness.
 */
export function stockSeriesApplies(measure: Measure, dims: ResolvedDimensions): boolean {
  if (stockSeriesMode(measure) === null) return false;
  if (!measure.conditions.every((c) => CONDITION_SQL[c.name] !== undefined)) return false;
  if (dims.granularity === null || dims.period.from === null) return false;
  if (dims.assignees !== null || dims.steps !== null || dims.caseId !== null) return false;
  if (dims.attributes.length > 0 || dims.groupByAttributes.length > 0) return false;
  if (!dims.groupBy.every((g) => GROUP_SQL[g] !== undefined)) return false;
  // At least one bucket, and the last one measured where the period's value is.
  return snapshotInstant(dims.period.to, dims.asOf) >= dims.period.from;
}

/**
 * `count`: the number of open cases. `leadTime`: their mean caseLeadTimeDays, from the count and
 * Σ local creation dates (migration 006); exact only in the zone of the delta tables, which the
 * statement checks (its rows carry `zone_ok`). `letters`: letters of the given types of the open
 * cases (openCaseLetters), from letter_deltas (migration 007). Null: not a measure this path answers.
 */
export function stockSeriesMode(measure: Measure): 'count' | 'leadTime' | 'letters' | null {
  if (measure.source.key === 'lettersOfOpenCases') return measure.aggregate.kind === 'count' ? 'letters' : null;
  if (measure.source.key !== 'openCases') return null;
  if (measure.aggregate.kind === 'count') return 'count';
  if (measure.aggregate.kind === 'mean' && measure.aggregate.value.name === 'caseLeadTimeDays') return 'leadTime';
  return null;
}

/**
 * The filters of the request on alias `a` (case_intervals or a delta table); `letterTypes` also on
 * the delta tables of letters (on case_intervals the letters join applies them).
 */
function filters(knex: Knex, measure: Measure, dims: ResolvedDimensions, a: string, letterTypes: string[] | null = null): Knex.Raw {
  const parts: string[] = ['true'];
  const bindings: Knex.RawBinding[] = [];
  if (letterTypes) {
    parts.push(`${a}.letter_type = any(?::text[])`);
    bindings.push(letterTypes);
  }
  const anyOf = (column: string, values: string[] | null) => {
    if (values === null) return;
    parts.push(`${a}.${column} = any(?::text[])`);
    bindings.push(values);
  };
  anyOf('case_type', dims.caseTypes);
  anyOf('status', dims.statuses);
  anyOf('role', dims.roles);
  if (dims.timeliness !== null) {
    parts.push(`${a}.overdue = ?`);
    bindings.push(dims.timeliness === 'OVERDUE');
  }
  for (const c of measure.conditions) parts.push(CONDITION_SQL[c.name](a));
  return knex.raw(parts.join(' and '), bindings);
}

export function buildStockSeriesQuery(knex: Knex, measure: Measure, dims: ResolvedDimensions): StockSeriesQuery {
  const mode = stockSeriesMode(measure);
  const lead = mode === 'leadTime';
  // Letters: the deltas of (open interval, letter) pairs, and probes that join the letters.
  const letterTypes = mode === 'letters' ? (measure.sourceParams.letterTypes as string[]) : null;
  const [dayTable, fineTable] = letterTypes ? ['letter_deltas', 'letter_deltas_fine'] : ['stock_deltas', 'stock_deltas_fine'];
  const lettersAt = (t: string) => (letterTypes ? `join letters l on l.case_id = ci.case_id and l.sent_at <= ${t} and l.letter_type = any(?::text[])` : '');
  const letterBindings = letterTypes ? [letterTypes] : [];
  const deltaWhere = (a: string) => filters(knex, measure, dims, a, letterTypes);
  const groups = dims.groupBy.map((by) => ({ by }));
  const names = groups.map((_, i) => `g${i}`);
  const cols = names.map((n) => `${n}, `).join('');
  const sel = (a: string) => groups.map((g, i) => `${GROUP_SQL[g.by]!(a)} as ${names[i]}, `).join('');
  const by = (a: string) => groups.map((g) => `, ${GROUP_SQL[g.by]!(a)}`).join('');
  const nulls = names.map((n) => `null::text as ${n}, `).join('');
  const where = (a: string) => filters(knex, measure, dims, a);
  // Lead time: every step also carries c, Σ local creation dates (days since 2000-01-01) beside the count v.
  const c = (sql: string) => (lead ? sql : '');
  const zone = dims.timezone;
  const localDays = (instant: string) => `((${instant} at time zone ?)::date - date '2000-01-01')`;

  const query = knex.queryBuilder()
    .with('buckets', bucketsSql(knex, dims))
    // k: bucket number; bnd: the boundary the instant is 1 ms before; md: the UTC date whose
    // midnight is nearest to bnd (the day deltas run up to it, the fine deltas bridge the rest).
    .with('bk', knex.raw(`select bucket_start, t, k, bnd,
        date_bin('15 minutes', bnd, timestamptz '2000-01-01 00:00:00+00') = bnd as aligned,
        ((bnd + interval '12 hours') at time zone 'UTC')::date as md
      from (select bucket_start, t, t + interval '1 millisecond' as bnd, row_number() over (order by bucket_start) as k
            from buckets where not is_total) s`))
    // by_delta: the stock at this instant follows from bucket 1's by deltas; otherwise a probe.
    .with('plan', knex.raw(`select b.*, (b.k > 1 and b.aligned and f.aligned) as by_delta,
        b.md::timestamp at time zone 'UTC' as m
      from bk b cross join (select aligned from bk where k = 1) f`))
    .with('chain', knex.raw(`select k, md, coalesce(lag(md) over (order by k), (select md from bk where k = 1)) as md_prev
      from plan where by_delta`))
    .with('probe', knex.raw(`select p.k, ${sel('ci')}count(*)::int as v${c(`, sum(${localDays('ci.created_at')})::bigint as c`)}
      from plan p join case_intervals ci on ${openAt('ci', 'p.t')} ${lettersAt('p.t')}
      where not p.by_delta and ? group by p.k${by('ci')}`, [...(lead ? [zone] : []), ...letterBindings, where('ci')]))
    // Whole UTC days between the nearest midnights of consecutive chained instants.
    // (Lateral with offset 0: one index range scan per bucket. As a plain join, the planner, which
    // expects 1,000 buckets from generate_series, may scan the whole table instead.)
    .with('day_inc', knex.raw(`select c.k, ${cols}sum(d.delta)::int as v${c(', sum(d.created_days)::bigint as c')}
      from chain c cross join lateral (
        select ${sel('d')}d.delta${c(', d.created_days')} from ${dayTable} d where d.day >= c.md_prev and d.day < c.md and ? offset 0) d
      group by c.k${names.map((n) => `, ${n}`).join('')}`, [deltaWhere('d')]))
    // From the nearest UTC midnight to the instant's boundary (negative when the boundary is before it).
    .with('fine', knex.raw(`select p.k, ${cols}sum(case when p.bnd >= p.m then f.delta else -f.delta end)::int as v${
      c(', sum(case when p.bnd >= p.m then f.created_days else -f.created_days end)::bigint as c')}
      from plan p cross join lateral (
        select ${sel('f')}f.delta${c(', f.created_days')} from ${fineTable} f where f.slot >= least(p.m, p.bnd) and f.slot < greatest(p.m, p.bnd) and ? offset 0) f
      where p.by_delta or (p.k = 1 and exists (select 1 from chain))
      group by p.k${names.map((n) => `, ${n}`).join('')}`, [deltaWhere('f')]))
    // Stock(k) = probe(1) − fine(1) + Σ day_inc(j ≤ k) + fine(k): "cumulative" parts and a point part.
    .with('contrib', knex.raw(`select k, ${cols}v as cv, 0 as pv${c(', c as cc, 0 as pc')} from probe where k = 1 and exists (select 1 from chain)
      union all select k, ${cols}-v, 0${c(', -c, 0')} from fine where k = 1
      union all select k, ${cols}v, 0${c(', c, 0')} from day_inc
      union all select k, ${cols}0, v${c(', 0, c')} from fine where k > 1`))
    // Every chained bucket gets a row for every group combination, so the running sum has no gaps.
    .with('grid', knex.raw(`select k, ${cols}sum(cv) as cv, sum(pv) as pv${c(', sum(cc) as cc, sum(pc) as pc')} from (
        select k, ${cols}cv, pv${c(', cc, pc')} from contrib
        union all select c.k, ${names.map((n) => `g.${n}, `).join('')}0, 0${c(', 0, 0')} from chain c cross join (select distinct ${cols}1 as one from contrib) g
      ) x group by k${names.map((n) => `, ${n}`).join('')}`))
    .with('vals', knex.raw(`select k, ${cols}v${c(', c')} from (
        select k, ${cols}(sum(cv) over w + pv)::int as v${c(', (sum(cc) over w + pc)::bigint as c')} from grid
        window w as (partition by ${[...names, '1'].join(', ')} order by k)
      ) s where k in (select k from chain)
      union all select k, ${cols}v${c(', c')} from probe`))
    .with('last', knex.raw(`select k, t from bk order by k desc limit 1`))
    .with('total_t', knex.raw(`select t from buckets where is_total`))
    // The value is the last bucket's stock; probed only if its instant differs (never, in practice).
    // (A CASE, because a subquery in a branch not taken is not run; a join filter would be.)
    .with('total_probe', knex.raw(`select case when exists (select 1 from last l join total_t tt on tt.t = l.t) then 0
      else (select count(*)::int from total_t tt join case_intervals ci on ${openAt('ci', 'tt.t')} ${lettersAt('tt.t')} where ?)
      end as v${c(`, case when exists (select 1 from last l join total_t tt on tt.t = l.t) then 0
      else (select coalesce(sum(${localDays('ci.created_at')}), 0)::bigint from total_t tt join case_intervals ci on ${openAt('ci', 'tt.t')} where ?)
      end as c`)}`, [...letterBindings, where('ci'), ...(lead ? [zone, where('ci')] : [])]))
    .with('total_vc', knex.raw(`select
        coalesce((select sum(v.v) from vals v join last l on v.k = l.k join total_t tt on tt.t = l.t), 0) + (select v from total_probe) as v${c(`,
        coalesce((select sum(v.c) from vals v join last l on v.k = l.k join total_t tt on tt.t = l.t), 0) + (select c from total_probe) as c`)}`))
    .select('b.bucket_start', knex.raw('false as is_total'), ...names.map((n) => `v.${n}`),
      lead ? knex.raw(`((v.v::bigint * ${localDays('b.t')} - v.c)::numeric / v.v)::float8 as value`, [zone]) : 'v.v as value',
      ...(lead ? [knex.raw('(select zone from stock_delta_zone) is not distinct from ? as zone_ok', [zone])] : []))
    .from({ b: 'bk' })
    .joinRaw('left join vals v on v.k = b.k and v.v > 0')
    .unionAll(lead
      ? knex.raw(`select null::timestamptz, true, ${nulls}(select case when tv.v > 0 then ((tv.v * ${localDays('tt.t')} - tv.c)::numeric / tv.v)::float8 end
          from total_vc tv cross join total_t tt), (select zone from stock_delta_zone) is not distinct from ?`, [zone, zone])
      : knex.raw(`select null::timestamptz, true, ${nulls}(select v from total_vc)::int`), true)
    .orderBy([{ column: 'is_total' }, { column: 'bucket_start' }]);
  return { query, groups };
}
