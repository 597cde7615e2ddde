// Why: the KPI engine answers `kpi(name, dimensions, params)`: it resolves the request, builds one
// statement with the query builder, runs it, and shapes rows into a KpiResult with every bucket
// and every group combination filled (0 for counts, null for means).
import type { Knex } from 'knex';
import { ProcessCatalog } from '../processes';
import { badInput, unknownKpi } from '../errors';
import { DEVELOPMENT_PRINCIPAL, Principal } from '../auth/principal';
import { applyPrivacy } from './privacy';
import { KpiRegistry, RegisteredKpi } from './registry';
import { resolveDimensions, resolveParams, ResolveContext } from './resolve-dimensions';
import { buildKpiQuery } from './query/build-kpi-query';
import { buildStockSeriesQuery, stockSeriesApplies } from './query/stock-series';
import { labelFor } from './labels';
import { DimensionsRequest, GroupValue, KpiAnswer, KpiPoint, ResolvedDimensions } from './types';
import { Measure } from './measure';

export interface KpiRequest {
  kpi: RegisteredKpi;
  dims: ResolvedDimensions;
  params: Record<string, unknown>;
  /** asOf was not given: the answer is for "now". */
  asOfDefaulted?: boolean;
}

export interface EngineOptions {
  knex: Knex;
  catalog: ProcessCatalog;
  registry: KpiRegistry;
  defaultTimezone: string;
  maxBuckets: number;
  /** Most points (buckets × group combinations) one answer may hold. */
  maxPoints?: number;
  /** Privacy guard for per-person figures (docs/security.md). */
  privacy?: PrivacyGuard;
  /** Statement timeout of one KPI query on PostgreSQL (ms); TIMEOUT when exceeded. */
  statementTimeoutMs?: number;
  /** 'postgres' enables the statement timeout (PGlite runs single-threaded and cannot interrupt). */
  databaseKind?: 'postgres' | 'pglite';
  /**
   * true: every connection of `knex` already carries statement_timeout = statementTimeoutMs and
   * jit = off (openDatabase `session`, src/db/read-database.ts), so a statement runs as it is, in
   * one round trip. false: they are set per statement in a transaction (four round trips).
   */
  connectionSettings?: boolean;
  /** false: never answer stock series from the delta tables (src/kpi/query/stock-series.ts). */
  stockSeries?: boolean;
}

export interface PrivacyGuard {
  /** false: no ASSIGNEE group or assignees filter at all. */
  assigneeDimension: boolean;
  /** Groups of fewer facts are merged into "other"; a filter on people below it is refused. 1: off. */
  minGroupSize: number;
}


export interface Row { bucket_start: Date | string | null; is_total: boolean; case_key?: string; value: number | null; n?: number; [g: string]: unknown }

export class KpiEngine {
  constructor(readonly options: EngineOptions) {}

  get registry(): KpiRegistry {
    return this.options.registry;
  }

  /** Validates a request; throws BAD_USER_INPUT / UNKNOWN_KPI errors. `now` is fixed per HTTP request. */
  async resolve(
    name: string,
    dimensions: DimensionsRequest | null | undefined,
    params: Record<string, unknown> | null | undefined,
    /** The request's "now", or a function that gives it (read only when asOf is left out). */
    now: number | (() => number),
    principal: Principal = DEVELOPMENT_PRINCIPAL,
  ): Promise<KpiRequest> {
    const kpi = this.options.registry.get(name);
    if (!kpi) throw unknownKpi(name, this.options.registry.names());
    const ctx: ResolveContext = {
      catalog: this.options.catalog,
      defaultTimezone: this.options.defaultTimezone,
      maxBuckets: this.options.maxBuckets,
      now: typeof now === 'function' ? now : () => now,
      caseTypeExists: async (t) => !!(await this.options.knex('cases').where('case_type', t).first(this.options.knex.raw('1 as x'))),
      principal,
      assigneeDimension: this.options.privacy?.assigneeDimension ?? true,
    };
    const dims = await resolveDimensions(dimensions, kpi.options, ctx);
    const p = resolveParams(params, kpi.options, dims.caseTypes ?? this.options.catalog.keys());
    return { kpi, dims, params: p, asOfDefaulted: !dimensions?.asOf };
  }

  measureOf(req: KpiRequest): Measure {
    return req.kpi.instance.measure(req.params, req.dims);
  }

  /** Whether the privacy guard must see how many facts stand behind each value. */
  private guarded(req: KpiRequest): boolean {
    const min = this.options.privacy?.minGroupSize ?? 1;
    return min > 1 && (req.dims.assignees !== null || req.dims.groupBy.includes('ASSIGNEE'));
  }

  /** Runs one request. */
  async run(req: KpiRequest): Promise<KpiAnswer> {
    const built = this.buildQuery(req);
    const rows = await this.execute(built.query);
    // A lead-time series in another zone than the delta tables' (stock-series.ts): the builder answers.
    if (rows.some((r) => r.zone_ok === false)) {
      const exact = this.builderQuery(req);
      return this.shape(req, await this.execute(exact.query), exact.groups);
    }
    return this.shape(req, rows, built.groups);
  }

  /**
   * The one statement that answers a request: from the stock delta tables where that is exact
   * (src/kpi/query/stock-series.ts), else from the query builder. Public so the benchmark times
   * exactly what the server runs.
   */
  buildQuery(req: KpiRequest): { query: Knex.QueryBuilder; groups: { by: GroupValue['by']; attribute?: string }[] } {
    const { knex } = this.options;
    const measure = this.measureOf(req);
    if (this.options.stockSeries !== false && stockSeriesApplies(measure, req.dims)) return buildStockSeriesQuery(knex, measure, req.dims);
    return this.builderQuery(req);
  }

  /** The query builder's statement for a request (every request can be answered this way). */
  private builderQuery(req: KpiRequest) {
    return buildKpiQuery(this.options.knex, this.measureOf(req), req.dims, { params: req.params, counts: this.guarded(req) });
  }

  /**
   * Requests with the same key can be answered by one statement: the same facts (source, its
   * params, conditions and every dimension) with other aggregates, e.g. a dashboard's outflow,
   * on-time rate and mean lead time of the closings of one quarter. Null: answered on its own (a
   * per-case request, one under the privacy guard, or a stock series, which is cheap already).
   */
  mergeKey(req: KpiRequest): string | null {
    return this.factsParts(req, req.dims);
  }

  /**
   * The key of a request's facts whatever its buckets and groups (null where mergeKey is null).
   * Every statement of the query builder also computes the period's total row, at the period's
   * end over the whole period, and that row does not depend on the buckets or groups it answers
   * besides. So a request for the value alone (valueOnly) can take its answer from the total row
   * of any request with the same factsKey: on a dashboard, the number of open cases from the
   * statement of open cases by status, the on-time rate of the quarter from its weekly outflow.
   */
  factsKey(req: KpiRequest): string | null {
    return this.factsParts(req, { ...req.dims, granularity: null, groupBy: [], groupByAttributes: [] });
  }

  /** Whether a request asks only for the period's value: no buckets, no groups, no points. */
  valueOnly(req: KpiRequest): boolean {
    return req.dims.granularity === null && req.dims.groupBy.length === 0 && req.dims.groupByAttributes.length === 0;
  }

  private factsParts(req: KpiRequest, dims: ResolvedDimensions): string | null {
    if (req.dims.caseId !== null || this.guarded(req)) return null;
    const m = this.measureOf(req);
    if (this.options.stockSeries !== false && stockSeriesApplies(m, req.dims)) return null;
    return JSON.stringify([m.source.key, m.sourceParams, m.conditions.map((c) => c.name), dims]);
  }

  /**
   * Answers requests of one mergeKey with one statement, one value column each; in the order of
   * `reqs`. Requests after the first may instead be valueOnly requests of the same factsKey: they
   * read the total row only.
   */
  async runMerged(reqs: KpiRequest[]): Promise<(KpiAnswer | Error)[]> {
    const [first, ...rest] = reqs;
    const built = buildKpiQuery(this.options.knex, this.measureOf(first), first.dims, {
      params: first.params, alsoMeasures: rest.map((r) => this.measureOf(r)),
    });
    const rows = await this.execute(built.query);
    // Each answer is shaped on its own: one request's refusal (too many points) is not another's.
    return reqs.map((r, i) => {
      try {
        return this.shape(r, i === 0 ? rows : rows.map((row) => ({ ...row, value: row[`value_${i}`] as number | null })), built.groups);
      } catch (e) {
        return e as Error;
      }
    });
  }

  /** Runs a KPI statement, under the statement timeout on PostgreSQL. */
  private async execute(query: Knex.QueryBuilder): Promise<Row[]> {
    const { knex, statementTimeoutMs, databaseKind, connectionSettings } = this.options;
    // The pool's connections carry the timeout and jit = off already: one round trip.
    if (databaseKind !== 'postgres' || !statementTimeoutMs || connectionSettings) return (await query) as Row[];
    return knex.transaction(async (trx) => {
      // JIT compilation costs 270–350 ms on series statements whose generate_series row estimate
      // inflates the plan cost (docs/performance.md) and never pays back at these sizes.
      await trx.raw("select set_config('statement_timeout', ?, true), set_config('jit', 'off', true)", [String(statementTimeoutMs)]);
      return (await query.transacting(trx)) as Row[];
    });
  }

  /**
   * Runs several requests that differ only in `caseId` as one statement (the per-case lead time
   * of a case list, for example). Answers come back in the order of `reqs`.
   */
  async runForCases(reqs: KpiRequest[]): Promise<KpiAnswer[]> {
    const { knex } = this.options;
    const first = reqs[0];
    const caseIds = [...new Set(reqs.map((r) => r.dims.caseId!))];
    const built = buildKpiQuery(knex, this.measureOf(first), { ...first.dims, caseId: null }, { params: first.params, caseIds, counts: this.guarded(first) });
    const rows = await this.execute(built.query);
    const byCase = new Map<string, Row[]>();
    const shared = rows.filter((r) => r.case_key === null || r.case_key === undefined);
    for (const r of rows) {
      if (r.case_key === null || r.case_key === undefined) continue;
      const list = byCase.get(r.case_key) ?? [];
      list.push(r);
      byCase.set(r.case_key, list);
    }
    // Every case gets every bucket, also those where only other cases have facts.
    const buckets = bucketList(rows);
    return reqs.map((r) => this.shape(r, [...shared, ...(byCase.get(r.dims.caseId!) ?? [])], built.groups, buckets));
  }

  private shape(req: KpiRequest, rowsIn: Row[], groups: { by: GroupValue['by']; attribute?: string }[], buckets = bucketList(rowsIn)): KpiAnswer {
    const { dims, kpi } = req;
    let rows = rowsIn;
    const isCount = kpi.options.unit === 'count';
    const empty = isCount ? 0 : null;
    const totalRow = rows.find((r) => r.is_total && r.value !== null && r.value !== undefined);
    const value = totalRow ? Number(totalRow.value) : empty;
    if (this.guarded(req)) rows = applyPrivacy(this.options.privacy!.minGroupSize, req, rows, groups, totalRow);

    const points: KpiPoint[] = [];
    if (dims.granularity !== null || dims.groupBy.length > 0) {
      const combos = new Map<string, (string | null)[]>();
      const values = new Map<string, number>();
      for (const r of rows) {
        if (r.is_total) continue;
        const b = toTime(r.bucket_start);
        if (r.value === null || r.value === undefined) continue;
        const keys = groups.map((_, i) => (r[`g${i}`] ?? null) as string | null);
        const comboKey = JSON.stringify(keys);
        if (!combos.has(comboKey)) combos.set(comboKey, keys);
        values.set(`${b}|${comboKey}`, Number(r.value));
      }
      const rank = groups.map((g) => orderOf(this.options.catalog, dims.caseTypes, g.by));
      const comboList = groups.length === 0 ? [[]] : [...combos.values()].sort((a, b) => compareCombos(a, b, rank));
      // Per combination once, not per point: its key text and its labelled groups (the same for
      // every bucket; a 52-week series by status has 8 combinations and 416 points).
      const shaped = comboList.map((combo) => ({
        key: JSON.stringify(combo),
        groups: groups.map((g, i) => ({
          by: g.by,
          key: combo[i],
          label: labelFor(this.options.catalog, dims.caseTypes, g.by, combo[i], g.attribute),
          ...(g.attribute ? { attribute: g.attribute } : {}),
        })),
      }));
      for (const b of buckets) {
        const bucket = b === null ? null : new Date(b);
        for (const combo of shaped) {
          const v = values.get(`${b}|${combo.key}`);
          points.push({ bucket, groups: combo.groups, value: v === undefined ? empty : v });
        }
      }
    }
    const maxPoints = this.options.maxPoints ?? 20_000;
    if (points.length > maxPoints) {
      throw badInput('dimensions.groupBy', `this request gives ${points.length} points (buckets × group combinations); at most ${maxPoints} are allowed. Use fewer groups, a coarser granularity or a shorter period`);
    }
    const { from, to, relative } = dims.period;
    return {
      name: kpi.options.name,
      unit: kpi.options.unit,
      value,
      period: {
        from: from === null ? null : new Date(from),
        to: to === null ? null : new Date(to),
        asOf: new Date(dims.asOf),
        timezone: dims.timezone,
        relative,
      },
      granularity: dims.granularity,
      points,
    };
  }
}

const toTime = (v: Date | string | null) => (v === null ? null : new Date(v).getTime());

/** The buckets of a result in order (rows are ordered by bucket_start). */
function bucketList(rows: Row[]): (number | null)[] {
  const list: (number | null)[] = [];
  const seen = new Set<number | null>();
  for (const r of rows) {
    if (r.is_total) continue;
    const b = toTime(r.bucket_start);
    if (!seen.has(b)) {
      seen.add(b);
      list.push(b);
    }
  }
  return list;
}

/**
 * Position of a key in its process order (statuses, roles, steps as configured; ON_TIME before
 * OVERDUE), so groups come out the way a team reads its process. Unknown keys sort after by name.
 */
function orderOf(catalog: ProcessCatalog, scope: string[] | null, by: GroupValue['by']): Map<string, number> {
  const processes = (scope ?? catalog.keys()).map((k) => catalog.get(k)).filter((p) => p !== undefined);
  const keys =
    by === 'STATUS' ? processes.flatMap((p) => [...p.statuses].sort((a, b) => a.order - b.order).map((s) => s.key))
      : by === 'ROLE' ? processes.flatMap((p) => p.roles.map((r) => r.key))
        : by === 'STEP' ? processes.flatMap((p) => p.steps.map((s) => s.key))
          : by === 'TIMELINESS' ? ['ON_TIME', 'OVERDUE']
            : by === 'CASE_TYPE' ? catalog.keys()
              : [];
  const order = new Map<string, number>();
  for (const k of keys) if (!order.has(k)) order.set(k, order.size);
  return order;
}

/** Known keys in process order, then other keys by name, then null ("none") last. */
function compareCombos(a: (string | null)[], b: (string | null)[], rank: Map<string, number>[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (a[i] === null) return 1;
    if (b[i] === null) return -1;
    const ra = rank[i].get(a[i]!) ?? Number.MAX_SAFE_INTEGER;
    const rb = rank[i].get(b[i]!) ?? Number.MAX_SAFE_INTEGER;
    if (ra !== rb) return ra - rb;
    return a[i]! < b[i]! ? -1 : 1;
  }
  return 0;
}
