// Why: KPIs over the same facts with other aggregates (outflow, closedLeadTime and onTimeRate of
// the same closings; completedTasks and taskDuration; openCases and caseLeadTime as snapshots) are
// answered by one statement when they come in one GraphQL request (KpiEngine.mergeKey/runMerged,
// used by the DataLoader). Each merged answer must be exactly the answer the KPI gets on its own.
import type { Knex } from 'knex';
import { createTestDatabase, databaseLabel, TestDatabase } from '../helpers/database';
import { KpiEngine, KpiRequest } from '../../src/kpi/engine';
import { KpiRegistry } from '../../src/kpi/registry';
import { createKpiLoader } from '../../src/kpi/loader';
import { DimensionsRequest, Granularity, GroupByKey } from '../../src/kpi/types';
import { PROCESSES, ProcessCatalog } from '../../src/processes';
import { syncProcesses } from '../../src/processes/sync';
import { ingestRaw } from '../../src/ingest/ingest';
import { generateDemoEvents } from '../../src/demo/generate';
import { mulberry32 } from '../../src/demo/random';
import { KPIS } from '../../kpis';

const catalog = new ProcessCatalog(PROCESSES);
const NOW = Date.parse('2025-06-01T10:00:00Z');
/** KPIs that share their facts, per group. */
const GROUPS = [['outflow', 'closedLeadTime', 'onTimeRate'], ['completedTasks', 'taskDuration'], ['openCases', 'caseLeadTime']];

function engine(knex: Knex): KpiEngine {
  return new KpiEngine({ knex, catalog, registry: new KpiRegistry(KPIS, catalog.keys()), defaultTimezone: 'Europe/Amsterdam', maxBuckets: 1000, maxPoints: 100_000 });
}

const pick = <T>(rng: () => number, list: readonly T[]): T => list[Math.floor(rng() * list.length)];

function randomDims(rng: () => number, snapshot: boolean): DimensionsRequest {
  const dims: DimensionsRequest = { timezone: pick(rng, ['Europe/Amsterdam', 'UTC', 'America/New_York']), asOf: new Date(NOW - Math.floor(rng() * 200 * 86_400_000)) };
  // Snapshot KPIs: a single snapshot or a series with groups the stock path does not take (ASSIGNEE).
  if (!snapshot || rng() < 0.5) {
    dims.granularity = pick(rng, ['DAY', 'WEEK', 'MONTH', 'QUARTER'] as Granularity[]);
    dims.period = { relative: pick(rng, ['LAST_90_DAYS', 'LAST_QUARTER', 'THIS_YEAR', 'LAST_12_MONTHS'] as const) };
  }
  dims.groupBy = (['STATUS', 'ROLE', 'CASE_TYPE', 'TIMELINESS'] as GroupByKey[]).filter(() => rng() < 0.3);
  if (snapshot && dims.granularity) dims.groupBy = [...dims.groupBy, 'ASSIGNEE'];
  if (rng() < 0.3) dims.caseTypes = [pick(rng, catalog.keys())];
  return dims;
}

describe(`KPIs over the same facts in one statement on ${databaseLabel()}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await syncProcesses(db.knex, PROCESSES);
    await ingestRaw({ knex: db.knex, catalog, zone: 'Europe/Amsterdam' }, [...generateDemoEvents({ now: new Date(NOW), months: 12, scale: 0.08, seed: 9 })]);
  });
  afterAll(async () => { await db.dispose(); });

  it('gives every KPI exactly its own answer, for 60 random requests of three groups', async () => {
    const e = engine(db.knex);
    const rng = mulberry32(20261205);
    let merged = 0;
    let withValues = 0;
    for (let i = 0; i < 60; i++) {
      const names = GROUPS[i % GROUPS.length];
      const dims = randomDims(rng, names[0] === 'openCases');
      const reqs: KpiRequest[] = await Promise.all(names.map((n) => e.resolve(n, dims, null, NOW)));
      const keys = reqs.map((r) => e.mergeKey(r));
      if (keys[0] === null || keys.some((k) => k !== keys[0])) continue;
      merged++;
      const together = await e.runMerged(reqs);
      const alone = await Promise.all(reqs.map((r) => e.run(r)));
      expect(JSON.parse(JSON.stringify(together))).toEqual(JSON.parse(JSON.stringify(alone)));
      if (alone.every((a) => a.points.some((p) => p.value !== null && p.value !== 0) || (a.value !== null && a.value !== 0))) withValues++;
    }
    expect(merged).toBeGreaterThan(40);
    expect(withValues).toBeGreaterThan(25);
  });

  it('does not merge what differs in its facts, or a per-case request', async () => {
    const e = engine(db.knex);
    const dims: DimensionsRequest = { granularity: 'WEEK', period: { relative: 'LAST_QUARTER' }, asOf: new Date(NOW) };
    const key = async (name: string, d: DimensionsRequest, params: Record<string, unknown> | null = null) => e.mergeKey(await e.resolve(name, d, params, NOW));
    expect(await key('outflow', dims)).toBe(await key('onTimeRate', dims));
    expect(await key('outflow', dims)).not.toBe(await key('outflow', { ...dims, groupBy: ['STATUS'] }));
    expect(await key('outflow', dims)).not.toBe(await key('inflow', dims)); // other facts
    expect(await key('openCases', { asOf: new Date(NOW) })).not.toBe(await key('overdueCases', { asOf: new Date(NOW) })); // a condition
    expect(await key('caseLeadTime', { asOf: new Date(NOW), caseId: 'x' })).toBeNull();
    expect(await key('openCases', dims)).toBeNull(); // a stock series: the delta path
  });

  it('the DataLoader sends one statement for three KPIs of one quarter of closings', async () => {
    const e = engine(db.knex);
    const statements: string[] = [];
    const onQuery = (q: { sql: string }) => statements.push(q.sql);
    db.knex.on('query', onQuery);
    try {
      const loader = createKpiLoader(e);
      const dims: DimensionsRequest = { granularity: 'WEEK', period: { relative: 'LAST_QUARTER' }, asOf: new Date(NOW) };
      const reqs = await Promise.all(['outflow', 'closedLeadTime', 'onTimeRate', 'inflow'].map((n) => e.resolve(n, dims, null, NOW)));
      const answers = await Promise.all(reqs.map((r) => loader.load(r)));
      expect(statements.filter((s) => s.includes('case_closings'))).toHaveLength(1);
      expect(statements).toHaveLength(2); // the closings, and inflow's creations
      expect(JSON.parse(JSON.stringify(answers))).toEqual(JSON.parse(JSON.stringify(await Promise.all(reqs.map((r) => e.run(r))))));
    } finally {
      db.knex.removeListener('query', onQuery);
    }
  });
});
