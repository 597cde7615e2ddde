// Why: the GraphQL-overhead target compares a scenario's end-to-end time with "the very same SQL"
// run directly through `pg`. The SQL is built exactly as the engine builds it: KpiEngine.resolve
// (validation, relative periods, defaults) and then KpiEngine.buildQuery, for a per-case batch the way
// KpiEngine.runForCases does. This module builds those statements, times them and EXPLAINs them.
import 'reflect-metadata';
import { knex, Knex } from 'knex';
import { Pool } from 'pg';
import { PROCESSES, ProcessCatalog } from '../src/processes';
import { KpiRegistry } from '../src/kpi/registry';
import { KpiEngine } from '../src/kpi/engine';
import { buildKpiQuery } from '../src/kpi/query/build-kpi-query';
import { statementGroups } from '../src/kpi/loader';
import { KPIS } from '../kpis';
import { KpiCall, toDimensionsRequest, ZONE } from './scenarios';

export interface Statement {
  /** What it answers (KPI name, widget key or "100 cases"). */
  label: string;
  sql: string;
  bindings: unknown[];
}

export class SqlBench {
  readonly knex: Knex;
  readonly pool: Pool;
  readonly engine: KpiEngine;

  constructor(readonly url: string) {
    // Only builds queries; the statements run on `pool`. pool max 10 = the server's pool.
    this.knex = knex({ client: 'pg', connection: { connectionString: url, application_name: 'stuurinfo-bench' }, pool: { min: 0, max: 2 } });
    // jit = off on every connection, as the server's read pool has it (src/db/read-database.ts):
    // "the very same SQL" must run under the same settings, or the direct side pays for JIT.
    this.pool = new Pool({ connectionString: url, max: 10, application_name: 'stuurinfo-bench', options: '-c jit=off' });
    const catalog = new ProcessCatalog(PROCESSES);
    this.engine = new KpiEngine({
      knex: this.knex, catalog, registry: new KpiRegistry(KPIS, catalog.keys()), defaultTimezone: ZONE,
      maxBuckets: 2000, maxPoints: 20_000, privacy: { assigneeDimension: true, minGroupSize: 1 }, databaseKind: 'postgres',
    });
  }

  /**
   * The statements behind these calls, as the server's DataLoader makes them: one for a per-case
   * batch, one for calls over the same facts (a dashboard's closings widgets), else one per call.
   */
  async build(calls: KpiCall[], now: number, labels?: string[]): Promise<Statement[]> {
    const reqs = await Promise.all(calls.map((c) => this.engine.resolve(c.name, toDimensionsRequest(c.dims), c.params ?? null, now)));
    const batch = reqs.length > 1 && reqs.every((r) => r.kpi.options.caseId && r.dims.caseId !== null && r.kpi.options.name === reqs[0].kpi.options.name);
    if (batch) {
      const first = reqs[0];
      const caseIds = [...new Set(reqs.map((r) => r.dims.caseId!))];
      const built = buildKpiQuery(this.knex, this.engine.measureOf(first), { ...first.dims, caseId: null }, { params: first.params, caseIds });
      const native = built.query.toSQL().toNative();
      return [{ label: `${first.kpi.options.name} × ${caseIds.length} cases`, sql: native.sql, bindings: [...native.bindings] }];
    }
    // As the DataLoader does: requests over the same facts are one statement (statementGroups).
    const groups = statementGroups(this.engine, reqs, reqs.map((_, i) => i));
    return groups.map((indexes) => {
      const [first, ...rest] = indexes.map((i) => reqs[i]);
      const built = rest.length
        ? buildKpiQuery(this.knex, this.engine.measureOf(first), first.dims, { params: first.params, alsoMeasures: rest.map((r) => this.engine.measureOf(r)) })
        : this.engine.buildQuery(first);
      const native = built.query.toSQL().toNative();
      const label = indexes.map((i) => labels?.[i] ?? reqs[i].kpi.options.name).join(' + ');
      return { label, sql: native.sql, bindings: [...native.bindings] };
    });
  }

  /** Runs the statements concurrently on the pool (as the server does for a request); ms until all are done. */
  async time(statements: Statement[]): Promise<number> {
    const started = performance.now();
    await Promise.all(statements.map((s) => this.pool.query({ text: s.sql, values: s.bindings })));
    return performance.now() - started;
  }

  /**
   * EXPLAIN (ANALYZE, BUFFERS) of one statement, in a transaction that is rolled back, after the
   * given session settings (e.g. `set local jit = off`, to see what JIT compilation costs).
   */
  async explain(s: Statement, format: 'json' | 'text', settings: string[] = []): Promise<unknown> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      for (const setting of settings) await client.query(setting);
      const r = await client.query({ text: `explain (analyze, buffers, format ${format}) ${s.sql}`, values: s.bindings });
      return format === 'json'
        ? (r.rows[0] as Record<string, unknown>)['QUERY PLAN']
        : r.rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
    } finally {
      await client.query('rollback').catch(() => undefined);
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
    await this.knex.destroy();
  }
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'CTE Name'?: string;
  'Subplan Name'?: string;
  'Actual Total Time'?: number;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Join Filter'?: number;
  Filter?: string;
  'Index Cond'?: string;
  'Join Filter'?: string;
  'Hash Cond'?: string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  'Parent Relationship'?: string;
  Plans?: PlanNode[];
}

export interface PlanNodeSummary {
  node: string;
  relation: string | null;
  index: string | null;
  /** Time in this node itself (children, and for a CTE Scan its share of the CTE, subtracted), ms over all loops. */
  selfMs: number;
  totalMs: number;
  rows: number;
  loops: number;
  rowsRemovedByFilter: number;
  rowsRemovedByJoinFilter: number;
  condition: string | null;
}

export interface PlanSummary {
  executionMs: number;
  planningMs: number;
  /** JIT compilation inside the execution time (it shows up in the first nodes' times). */
  jitMs: number;
  /** The same statement with `set local jit = off` (only for the slowest statements). */
  executionMsJitOff?: number;
  estimatedCost: number;
  sharedHitBlocks: number;
  sharedReadBlocks: number;
  /** Nodes by own time, most expensive first. */
  topNodes: PlanNodeSummary[];
  seqScans: PlanNodeSummary[];
}

const totalOf = (n: PlanNode) => (n['Actual Total Time'] ?? 0) * (n['Actual Loops'] ?? 1);
const cteOf = (n: PlanNode) => (n['Parent Relationship'] === 'InitPlan' && n['Subplan Name']?.startsWith('CTE ') ? n['Subplan Name'].slice(4) : null);

/** Reads an EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) result into the figures the report needs. */
export function summarisePlan(json: unknown): PlanSummary {
  const root = (json as { Plan: PlanNode & { 'Total Cost'?: number }; 'Execution Time': number; 'Planning Time': number; JIT?: { Timing?: { Total?: number } } }[])[0];
  // A CTE runs once, inside whichever CTE Scan reads it first: its time is inside those scans'.
  const cteTime = new Map<string, number>();
  const cteScans = new Map<string, number>();
  const collect = (n: PlanNode) => {
    const cte = cteOf(n);
    if (cte) cteTime.set(cte, totalOf(n));
    if (n['Node Type'] === 'CTE Scan' && n['CTE Name']) cteScans.set(n['CTE Name'], (cteScans.get(n['CTE Name']) ?? 0) + totalOf(n));
    for (const c of n.Plans ?? []) collect(c);
  };
  collect(root.Plan);
  const all: PlanNodeSummary[] = [];
  const walk = (n: PlanNode) => {
    const loops = n['Actual Loops'] ?? 1;
    const total = totalOf(n);
    // CTE definitions hang under the node that owns them but run inside the CTE Scans.
    let self = total - (n.Plans ?? []).filter((c) => !cteOf(c)).reduce((sum, c) => sum + totalOf(c), 0);
    if (n['Node Type'] === 'CTE Scan' && n['CTE Name']) {
      const scans = cteScans.get(n['CTE Name']) ?? 0;
      self -= scans > 0 ? ((cteTime.get(n['CTE Name']) ?? 0) * total) / scans : 0;
    }
    all.push({
      node: n['Node Type'],
      relation: n['Relation Name'] ?? n['CTE Name'] ?? null,
      index: n['Index Name'] ?? null,
      selfMs: Math.max(0, self),
      totalMs: total,
      rows: (n['Actual Rows'] ?? 0) * loops,
      loops,
      rowsRemovedByFilter: (n['Rows Removed by Filter'] ?? 0) * loops,
      rowsRemovedByJoinFilter: (n['Rows Removed by Join Filter'] ?? 0) * loops,
      condition: n['Index Cond'] ?? n['Hash Cond'] ?? n.Filter ?? n['Join Filter'] ?? null,
    });
    for (const c of n.Plans ?? []) walk(c);
  };
  walk(root.Plan);
  const round = (x: PlanNodeSummary) => ({ ...x, selfMs: Math.round(x.selfMs * 10) / 10, totalMs: Math.round(x.totalMs * 10) / 10 });
  return {
    executionMs: root['Execution Time'],
    planningMs: root['Planning Time'],
    jitMs: Math.round((root.JIT?.Timing?.Total ?? 0) * 10) / 10,
    estimatedCost: root.Plan['Total Cost'] ?? 0,
    sharedHitBlocks: root.Plan['Shared Hit Blocks'] ?? 0,
    sharedReadBlocks: root.Plan['Shared Read Blocks'] ?? 0,
    topNodes: [...all].sort((a, b) => b.selfMs - a.selfMs).slice(0, 6).map(round),
    seqScans: all.filter((n) => n.node === 'Seq Scan').sort((a, b) => b.totalMs - a.totalMs).map(round),
  };
}
