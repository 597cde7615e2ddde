// Why: KPIs over the same facts with other aggregates (outflow, closedLeadTime and onTimeRate of
// the same closings; completedTasks and taskDuration; openCases and caseLeadTime as snapshots) are
// answered by one statement when they come in one GraphQL request (KpiEngine.mergeKey/runMerged,
// used by the DataLoader). Each merged answer must be exactly the answer the KPI gets on its own.
import type { Knex } from 'knex';
import { createTestDatabase, databaseLabel, TestDatabase } from '../helpers/database';
import { KpiEngine, KpiRequest } from '../../src/kpi/engine';
import { KpiRegistry } from '../../src/kpi/registry';
import { createKpiLoader, statementGroups } from '../../src/kpi/loader';
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
/** An answer as the client sees it (dates as text). */
const plain = (answer: unknown) => JSON.parse(JSON.stringify(answer));

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
      expect(plain(together)).toEqual(plain(alone));
      if (alone.every((a) => a.points.some((p) => p.value !== null && p.value !== 0) || (a.value !== null && a.value !== 0))) withValues++;
    }
    expect(merged).toBeGreaterThan(40);
    expect(withValues).toBeGreaterThan(25);
  });

  it("answers a KPI's value alone from the total row of another KPI's buckets or groups over the same facts, for 60 random requests", async () => {
    const e = engine(db.knex);
    const rng = mulberry32(20261206);
    let riding = 0;
    let nonZero = 0;
    for (let i = 0; i < 60; i++) {
      const names = GROUPS[i % GROUPS.length];
      const dims = randomDims(rng, names[0] === 'openCases');
      if (!dims.granularity && (dims.groupBy ?? []).length === 0) dims.groupBy = ['STATUS'];
      const hostName = pick(rng, names);
      const riderName = pick(rng, names);
      const host = await e.resolve(hostName, dims, null, NOW);
      const rider = await e.resolve(riderName, { ...dims, granularity: undefined, groupBy: undefined }, null, NOW);
      expect(e.valueOnly(rider)).toBe(true);
      if (e.mergeKey(host) === null) continue; // a stock series or the like: not a host
      expect(e.factsKey(host)).toBe(e.factsKey(rider));
      expect(statementGroups(e, [host, rider], [0, 1])).toEqual([[0, 1]]);
      riding++;
      const [, together] = await e.runMerged([host, rider]);
      const alone = await e.run(rider);
      expect(plain(together)).toEqual(plain(alone));
      if (alone.value !== null && alone.value !== 0) nonZero++;
    }
    expect(riding).toBeGreaterThan(40);
    expect(nonZero).toBeGreaterThan(25);
  });

  it("a value that rides along is not refused with its host: the host's too many points are the host's error only", async () => {
    const e = new KpiEngine({ knex: db.knex, catalog, registry: new KpiRegistry(KPIS, catalog.keys()), defaultTimezone: 'Europe/Amsterdam', maxBuckets: 1000, maxPoints: 50 });
    const quarter: DimensionsRequest = { period: { relative: 'LAST_QUARTER' }, asOf: new Date(NOW) };
    const host = await e.resolve('outflow', { ...quarter, granularity: 'DAY' }, null, NOW); // ~90 points > 50
    const rider = await e.resolve('onTimeRate', quarter, null, NOW);
    expect(statementGroups(e, [host, rider], [0, 1])).toEqual([[0, 1]]);
    const loader = createKpiLoader(e);
    const statements: string[] = [];
    const onQuery = (q: { sql: string }) => statements.push(q.sql);
    db.knex.on('query', onQuery);
    const [hostAnswer, riderAnswer] = await Promise.allSettled([loader.load(host), loader.load(rider)]).finally(() => db.knex.removeListener('query', onQuery));
    expect(statements).toHaveLength(1); // answered from the one statement, not asked again
    expect(hostAnswer.status).toBe('rejected');
    expect(String((hostAnswer as PromiseRejectedResult).reason)).toMatch(/points/);
    expect(riderAnswer.status).toBe('fulfilled');
    expect(plain((riderAnswer as PromiseFulfilledResult<unknown>).value)).toEqual(plain(await e.run(rider)));
  });

  it('keeps apart a value whose facts differ from every grouped request, and two grouped requests of other groups', async () => {
    const e = engine(db.knex);
    const at = { asOf: new Date(NOW), period: { relative: 'LAST_QUARTER' as const } };
    const reqs = await Promise.all([
      e.resolve('openCases', { ...at, groupBy: ['STATUS'] }, null, NOW),
      e.resolve('openCases', { ...at, groupBy: ['ROLE'] }, null, NOW),
      e.resolve('caseLeadTime', at, null, NOW), // rides on the first: same facts
      e.resolve('overdueCases', at, null, NOW), // a condition: other facts
      e.resolve('openCases', { ...at, roles: ['senior'] }, null, NOW), // a filter: other facts
    ]);
    expect(statementGroups(e, reqs, [0, 1, 2, 3, 4])).toEqual([[0, 2], [1], [3], [4]]);
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
      expect(plain(answers)).toEqual(plain(await Promise.all(reqs.map((r) => e.run(r)))));
    } finally {
      db.knex.removeListener('query', onQuery);
    }
  });

  it("the DataLoader answers a quarter's on-time rate with its weekly outflow, and the number of open cases with them by status", async () => {
    const e = engine(db.knex);
    const statements: string[] = [];
    const onQuery = (q: { sql: string }) => statements.push(q.sql);
    db.knex.on('query', onQuery);
    try {
      const loader = createKpiLoader(e);
      const quarter: DimensionsRequest = { period: { relative: 'LAST_QUARTER' }, asOf: new Date(NOW) };
      const reqs = await Promise.all([
        e.resolve('outflow', { ...quarter, granularity: 'WEEK' }, null, NOW),
        e.resolve('onTimeRate', quarter, null, NOW),
        e.resolve('openCases', { ...quarter, groupBy: ['STATUS'] }, null, NOW),
        e.resolve('openCases', quarter, null, NOW),
        e.resolve('caseLeadTime', quarter, null, NOW),
      ]);
      const answers = await Promise.all(reqs.map((r) => loader.load(r)));
      expect(statements).toHaveLength(2);
      expect(answers[1].points).toEqual([]);
      expect(answers[3].value).toBe(answers[2].points.reduce((sum, p) => sum + (p.value ?? 0), 0));
      expect(plain(answers)).toEqual(plain(await Promise.all(reqs.map((r) => e.run(r)))));
    } finally {
      db.knex.removeListener('query', onQuery);
    }
  });
});
