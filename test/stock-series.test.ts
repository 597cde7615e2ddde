// Why: stock series (openCases, overdueCases, werkvoorraad, aanvragenOverTermijn per granularity)
// are answered from the delta tables of migration 003 instead of one open-case scan per bucket
// (src/kpi/query/stock-series.ts). This file checks that (1) the triggers keep those tables equal
// to a from-scratch aggregate of case_intervals through ingests, re-ingests and `rebuild`, (2) the
// delta path gives exactly the query builder's answer for many random requests (time zones with
// whole-hour, half-hour and DST offsets, periods across DST changes, asOf mid-bucket), and (3) a
// small history worked out by hand.
import type { Knex } from 'knex';
import { createTestDatabase, databaseLabel, TestDatabase } from './helpers/database';
import { deltasAndAggregate, expectDeltasExact } from './helpers/stock-deltas';
import { KpiEngine } from '../src/kpi/engine';
import { KpiRegistry } from '../src/kpi/registry';
import { stockSeriesApplies } from '../src/kpi/query/stock-series';
import { syncStockDeltaZone } from '../src/kpi/stock-delta-zone';
import { DimensionsRequest, Granularity, GroupByKey, KpiAnswer } from '../src/kpi/types';
import { PROCESSES, ProcessCatalog } from '../src/processes';
import { syncProcesses } from '../src/processes/sync';
import { ingestRaw, IngestContext } from '../src/ingest/ingest';
import { rebuildReadModel } from '../src/cli/rebuild';
import { generateDemoEvents } from '../src/demo/generate';
import { mulberry32 } from '../src/demo/random';
import { datasetCases } from '../bench/dataset';
import { KPIS } from '../kpis';

const catalog = new ProcessCatalog(PROCESSES);
const ZONES = ['Europe/Amsterdam', 'UTC', 'America/New_York', 'Asia/Kolkata'];
const NOW = Date.parse('2025-06-01T10:00:00Z');

function engines(knex: Knex): { delta: KpiEngine; builder: KpiEngine } {
  const registry = new KpiRegistry(KPIS, catalog.keys());
  const base = { knex, catalog, registry, defaultTimezone: 'Europe/Amsterdam', maxBuckets: 1000, maxPoints: 100_000 };
  return { delta: new KpiEngine({ ...base, stockSeries: true }), builder: new KpiEngine({ ...base, stockSeries: false }) };
}

const pick = <T>(rng: () => number, list: readonly T[]): T => list[Math.floor(rng() * list.length)];
const subset = <T>(rng: () => number, list: readonly T[], p: number): T[] => {
  const out = list.filter(() => rng() < p);
  return out.length ? out : [list[0]];
};

/** A random series request the delta path must answer, and which of its buckets' instants fall where. */
function randomRequest(rng: () => number): { name: string; dims: DimensionsRequest; params: Record<string, unknown> | null } {
  const name = pick(rng, ['openCases', 'overdueCases', 'werkvoorraad', 'aanvragenOverTermijn', 'caseLeadTime', 'caseLeadTime', 'openCaseLetters', 'openCaseLetters']);
  const granularity = pick(rng, ['HOUR', 'DAY', 'DAY', 'WEEK', 'WEEK', 'MONTH', 'MONTH', 'QUARTER', 'YEAR'] as Granularity[]);
  const spanDays = { HOUR: 4, DAY: 120, WEEK: 200, MONTH: 400, QUARTER: 450, YEAR: 500 }[granularity];
  const timezone = pick(rng, ZONES);
  // asOf at any millisecond of the last 500 days (so mid-bucket), the period somewhere before it,
  // ending on a whole hour or anywhere, or left open (up to asOf), or relative.
  const asOf = NOW - Math.floor(rng() * 500 * 86_400_000);
  const dims: DimensionsRequest = { granularity, timezone, asOf: new Date(asOf) };
  const r = rng();
  if (r < 0.15 && granularity !== 'HOUR') {
    dims.period = { relative: pick(rng, ['THIS_YEAR', 'LAST_12_MONTHS', 'LAST_90_DAYS', 'THIS_QUARTER', 'LAST_QUARTER', 'LAST_30_DAYS'] as const) };
  } else {
    const from = asOf - Math.floor(rng() * spanDays * 86_400_000);
    const length = Math.floor(rng() * spanDays * 86_400_000) + 3_600_000;
    const to = rng() < 0.3 ? null : rng() < 0.5 ? from + length : Math.ceil((from + length) / 3_600_000) * 3_600_000;
    dims.period = { from: new Date(from), to: to === null ? null : new Date(to) };
  }
  dims.groupBy = (['STATUS', 'ROLE', 'TIMELINESS', 'CASE_TYPE'] as GroupByKey[]).filter(() => rng() < 0.3);
  if (rng() < 0.2 && !name.startsWith('werk') && !name.startsWith('aanvragen')) dims.caseTypes = [pick(rng, catalog.keys())];
  const scope = (dims.caseTypes ?? (name.startsWith('werk') || name.startsWith('aanvragen') ? ['ooievaarspas'] : catalog.keys())).map((k) => catalog.get(k)!);
  if (rng() < 0.25) dims.statuses = subset(rng, [...new Set(scope.flatMap((p) => p.statuses.map((x) => x.key)))], 0.5);
  if (rng() < 0.25) dims.roles = subset(rng, [...new Set(scope.flatMap((p) => p.roles.map((x) => x.key)))], 0.6);
  if (rng() < 0.2) dims.timeliness = pick(rng, ['ON_TIME', 'OVERDUE'] as const);
  // openCaseLetters: its default (termijnbrief) or some letter types of the processes in scope.
  const params = name === 'openCaseLetters' && rng() < 0.5 ? { letterTypes: subset(rng, [...new Set(scope.flatMap((p) => p.letterTypes.map((l) => l.key)))], 0.6) } : null;
  return { name, dims, params };
}

const plain = (a: KpiAnswer) => JSON.parse(JSON.stringify(a));

describe(`stock series from the delta tables on ${databaseLabel()}`, () => {
  let db: TestDatabase;
  let ctx: IngestContext;
  beforeAll(async () => {
    db = await createTestDatabase();
    await syncProcesses(db.knex, PROCESSES);
    // As the service does at start-up: the lead-time sums are kept in DEFAULT_TIMEZONE.
    await syncStockDeltaZone(db.knex, 'Europe/Amsterdam');
    ctx = { knex: db.knex, catalog, zone: 'Europe/Amsterdam' };
    // Office-hours demo history of both processes, and bench cases at any time of day and night.
    const demo = [...generateDemoEvents({ now: new Date(NOW), months: 18, scale: 0.08, seed: 5 })];
    const bench = [...datasetCases({ cases: 500, months: 18, now: NOW, seed: 3, zone: 'Europe/Amsterdam' })].flat();
    const all = [...demo, ...bench];
    // The first two thirds in one go (new cases), the rest in small batches: most of those touch
    // cases that already have rows, so the triggers see deletes and re-inserts.
    const cut = Math.floor(all.length * 0.66);
    await ingestRaw(ctx, all.slice(0, cut));
    for (let i = cut; i < all.length; i += 700) await ingestRaw(ctx, all.slice(i, i + 700));
  });
  afterAll(async () => { await db.dispose(); });

  it('the triggers keep stock_deltas equal to a from-scratch aggregate of case_intervals', async () => {
    await expectDeltasExact(db.knex);
  });

  it('after `rebuild` (deletes and re-inserts every case) the deltas still equal the aggregate', async () => {
    const before = await deltasAndAggregate(db.knex);
    await rebuildReadModel(ctx, { chunkSize: 300 });
    const after = await deltasAndAggregate(db.knex);
    expect(after.day).toEqual(before.dayAggregate);
    expect(after.day).toEqual(after.dayAggregate);
    expect(after.fine).toEqual(after.fineAggregate);
  });

  it('an UPDATE and a TRUNCATE of case_intervals are followed too', async () => {
    const undo = new Error('undo');
    await expect(db.knex.transaction(async (trx) => {
      await trx.raw("update case_intervals set role = 'senior' where is_open and role = 'behandelaar' and valid_from < '2025-01-01'");
      await expectDeltasExact(trx as unknown as Knex);
      await trx.raw('truncate case_intervals');
      const counts = (await trx.raw('select (select count(*) from stock_deltas)::int as d, (select count(*) from stock_deltas_fine)::int as f')).rows[0];
      expect(counts).toEqual({ d: 0, f: 0 });
      throw undo; // roll back: the next tests need the data
    })).rejects.toBe(undo);
    await expectDeltasExact(db.knex);
  });

  it('answers 160 random series requests exactly as the query builder does', async () => {
    const { delta, builder } = engines(db.knex);
    const rng = mulberry32(20261204);
    let nonZero = 0;
    let aligned = 0;
    const leadTimes = { inZone: 0, otherZone: 0 };
    let letters = 0;
    for (let i = 0; i < 160; i++) {
      const { name, dims, params } = randomRequest(rng);
      const req = await delta.resolve(name, dims, params, NOW);
      const applies = stockSeriesApplies(delta.measureOf(req), req.dims);
      if (!applies) {
        // Only an asOf before the period start leaves no bucket: then the builder answers.
        expect(req.dims.asOf).toBeLessThan(req.dims.period.from!);
        continue;
      }
      const [a, b] = [await delta.run(req), await builder.run(req)];
      if (plain(a).points.length !== plain(b).points.length || JSON.stringify(plain(a)) !== JSON.stringify(plain(b))) {
        throw new Error(`request ${i} differs: ${JSON.stringify({ name, dims, params })}`);
      }
      expect(plain(a)).toEqual(plain(b));
      if (a.points.some((p) => (p.value ?? 0) > 0)) nonZero++;
      if (a.points.length > 2) aligned++;
      if (name === 'caseLeadTime' && a.points.some((p) => p.value !== null)) leadTimes[req.dims.timezone === 'Europe/Amsterdam' ? 'inZone' : 'otherZone']++;
      if (name === 'openCaseLetters' && a.points.some((p) => (p.value ?? 0) > 0)) letters++;
    }
    expect(letters).toBeGreaterThan(10);
    // Mean lead times both from the deltas (the zone of the tables) and through the builder (others).
    expect(leadTimes.inZone).toBeGreaterThan(5);
    expect(leadTimes.otherZone).toBeGreaterThan(10);
    // The comparison is only worth something when the answers have stock in them.
    expect(nonZero).toBeGreaterThan(100);
    expect(aligned).toBeGreaterThan(80);
  });

  it('takes the delta path only for counts, mean lead times and letters of open cases with case-state dimensions', async () => {
    const { delta } = engines(db.knex);
    const applies = async (name: string, dims: DimensionsRequest) => {
      const req = await delta.resolve(name, dims, null, NOW);
      return stockSeriesApplies(delta.measureOf(req), req.dims);
    };
    const series = { granularity: 'WEEK' as const, period: { relative: 'LAST_90_DAYS' as const } };
    expect(await applies('openCases', series)).toBe(true);
    expect(await applies('overdueCases', { ...series, groupBy: ['STATUS', 'ROLE', 'TIMELINESS', 'CASE_TYPE'] })).toBe(true);
    expect(await applies('openCases', {})).toBe(false); // no granularity: one snapshot
    expect(await applies('openCases', { ...series, assignees: ['carla'] })).toBe(false);
    expect(await applies('openCases', { ...series, groupBy: ['ASSIGNEE'] })).toBe(false);
    expect(await applies('openCases', { ...series, steps: ['intake'] })).toBe(false);
    expect(await applies('openCases', { ...series, groupBy: ['STEP'] })).toBe(false);
    expect(await applies('opgeschorteAanvragen', series)).toBe(false); // suspended is not kept
    expect(await applies('caseLeadTime', { ...series, groupBy: ['STATUS'] })).toBe(true); // Σ creation dates (migration 006)
    expect(await applies('caseLeadTime', { ...series, caseId: 'x' })).toBe(false); // one case: caseStates
    expect(await applies('doorlooptijdAanvraag', series)).toBe(true);
    expect(await applies('openCaseLetters', { ...series, groupBy: ['STATUS'] })).toBe(true); // letter_deltas (migration 007)
    expect(await applies('openCaseLetters', { ...series, steps: ['intake'] })).toBe(false);
    expect(await applies('openTasks', series)).toBe(false);
  });
});

describe(`stock series worked out by hand on ${databaseLabel()}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await syncProcesses(db.knex, PROCESSES);
    await syncStockDeltaZone(db.knex, 'Europe/Amsterdam');
  });
  afterAll(async () => { await db.dispose(); });

  it('the mean lead time per DAY in Amsterdam from the deltas, local creation dates included', async () => {
    const ev = (id: string, type: string, caseId: string, at: string, data: Record<string, unknown> = {}) => ({ id, type, caseId, at, data });
    // l-a: created Mon 2025-03-03 09:00 local, open.
    // l-b: created Wed 2025-03-05 23:30 local (22:30Z, still 03-05 in UTC too), closed 2025-03-12 10:00 local.
    // l-c: created Mon 2025-03-10 00:30 local = 2025-03-09T23:30Z: local date 03-10, UTC date 03-09.
    await ingestRaw({ knex: db.knex, catalog, zone: 'Europe/Amsterdam' }, [
      ev('la-c', 'case.created', 'l-a', '2025-03-03T09:00:00+01:00', { caseType: 'ooievaarspas' }),
      ev('lb-c', 'case.created', 'l-b', '2025-03-05T23:30:00+01:00', { caseType: 'ooievaarspas' }),
      ev('lb-x', 'case.closed', 'l-b', '2025-03-12T10:00:00+01:00'),
      ev('lc-c', 'case.created', 'l-c', '2025-03-10T00:30:00+01:00', { caseType: 'ooievaarspas' }),
    ]);
    const { delta, builder } = engines(db.knex);
    const dims: DimensionsRequest = { granularity: 'DAY', asOf: new Date('2025-03-12T12:00:00+01:00'), period: { from: new Date('2025-03-09T00:00:00+01:00') } };
    const req = await delta.resolve('caseLeadTime', dims, null, NOW);
    expect(stockSeriesApplies(delta.measureOf(req), req.dims)).toBe(true);
    // Local days 9–12 March, each measured at its last ms (the 12th at asOf, 12:00):
    //   9th:  l-a 9−3 = 6, l-b 9−5 = 4                 → 10 / 2 = 5
    //   10th: l-a 7, l-b 5, l-c 10−10 = 0              → 12 / 3 = 4
    //   11th: l-a 8, l-b 6, l-c 1                      → 15 / 3 = 5
    //   12th: l-b closed at 10:00; l-a 9, l-c 2        → 11 / 2 = 5.5 (also the value)
    // With l-c's UTC creation date (the 9th) the 10th would be 13 / 3 instead.
    const answer = await delta.run(req);
    expect(answer.points.map((p) => [p.bucket!.toISOString(), p.value])).toEqual([
      ['2025-03-08T23:00:00.000Z', 5], ['2025-03-09T23:00:00.000Z', 4], ['2025-03-10T23:00:00.000Z', 5], ['2025-03-11T23:00:00.000Z', 5.5],
    ]);
    expect(answer.value).toBe(5.5);
    expect(JSON.parse(JSON.stringify(answer))).toEqual(JSON.parse(JSON.stringify(await builder.run(req))));
    // In another zone the sums do not hold: the statement says so and the builder answers.
    const utc = await delta.resolve('caseLeadTime', { ...dims, timezone: 'UTC' }, null, NOW);
    expect(JSON.parse(JSON.stringify(await delta.run(utc)))).toEqual(JSON.parse(JSON.stringify(await builder.run(utc))));
    await db.knex.raw(`truncate case_intervals, cases, events, case_closings, letters, tasks, task_intervals`);
  });

  it('letters of the open cases per DAY by STATUS from the letter deltas, a letter sent at the very instant included', async () => {
    const ev = (id: string, type: string, caseId: string, at: string, data: Record<string, unknown> = {}) => ({ id, type, caseId, at, data });
    // m-a: created 2025-03-03, termijnbrief at 2025-03-09T23:59:59.999 local (day 9's instant itself)
    //      and at 2025-03-10 12:00; in_behandeling from 2025-03-10 15:00; a besluit letter (not counted).
    // m-b: created 2025-03-04, termijnbrieven 2025-03-05 10:00 and at day 8's instant (23:59:59.999,
    //      the first bucket, which is probed), closed 2025-03-10 09:00.
    await ingestRaw({ knex: db.knex, catalog, zone: 'Europe/Amsterdam' }, [
      ev('ma-c', 'case.created', 'm-a', '2025-03-03T09:00:00+01:00', { caseType: 'ooievaarspas' }),
      ev('ma-l1', 'letter.sent', 'm-a', '2025-03-09T23:59:59.999+01:00', { letterType: 'termijnbrief' }),
      ev('ma-l2', 'letter.sent', 'm-a', '2025-03-10T12:00:00+01:00', { letterType: 'termijnbrief' }),
      ev('ma-s', 'case.status_changed', 'm-a', '2025-03-10T15:00:00+01:00', { status: 'in_behandeling' }),
      ev('ma-l3', 'letter.sent', 'm-a', '2025-03-10T16:00:00+01:00', { letterType: 'besluit' }),
      ev('mb-c', 'case.created', 'm-b', '2025-03-04T09:00:00+01:00', { caseType: 'ooievaarspas' }),
      ev('mb-l1', 'letter.sent', 'm-b', '2025-03-05T10:00:00+01:00', { letterType: 'termijnbrief' }),
      ev('mb-l2', 'letter.sent', 'm-b', '2025-03-08T23:59:59.999+01:00', { letterType: 'termijnbrief' }),
      ev('mb-x', 'case.closed', 'm-b', '2025-03-10T09:00:00+01:00'),
    ]);
    const { delta, builder } = engines(db.knex);
    const dims: DimensionsRequest = { granularity: 'DAY', groupBy: ['STATUS'], asOf: new Date('2025-03-11T12:00:00+01:00'), period: { from: new Date('2025-03-08T00:00:00+01:00') } };
    const req = await delta.resolve('openCaseLetters', dims, null, NOW);
    expect(stockSeriesApplies(delta.measureOf(req), req.dims)).toBe(true);
    // Day 8 (its last ms): m-a 0 letters, m-b 2 (one at that very ms)             → ontvangen 2
    // Day 9 (23:59:59.999): m-a's first letter at that very ms counts; m-b 2      → ontvangen 3
    // Day 10: m-b closed; m-a 2 termijnbrieven, in_behandeling (besluit not asked) → in_behandeling 2
    // Day 11 (asOf 12:00): the same                                               → in_behandeling 2
    const answer = await delta.run(req);
    // (Counts come with a 0 for every other status seen in the series; those are left out here.)
    expect(answer.points.filter((p) => p.value !== 0).map((p) => [p.bucket!.toISOString(), p.groups[0].key, p.value])).toEqual([
      ['2025-03-07T23:00:00.000Z', 'ontvangen', 2], ['2025-03-08T23:00:00.000Z', 'ontvangen', 3],
      ['2025-03-09T23:00:00.000Z', 'in_behandeling', 2], ['2025-03-10T23:00:00.000Z', 'in_behandeling', 2],
    ]);
    expect(answer.value).toBe(2);
    expect(JSON.parse(JSON.stringify(answer))).toEqual(JSON.parse(JSON.stringify(await builder.run(req))));
    // Both letter types: the besluit letter counts from day 10.
    const both = await delta.run(await delta.resolve('openCaseLetters', { ...dims, groupBy: [] }, { letterTypes: ['termijnbrief', 'besluit'] }, NOW));
    expect(both.points.map((p) => p.value)).toEqual([2, 3, 3, 3]);
    await db.knex.raw(`truncate case_intervals, cases, events, case_closings, letters, tasks, task_intervals`);
  });

  it('per DAY in Asia/Kolkata (UTC+05:30) and per WEEK in Amsterdam, with asOf mid-bucket', async () => {
    const ev = (id: string, type: string, caseId: string, at: string, data: Record<string, unknown> = {}) => ({ id, type, caseId, at, data });
    // h-1: created 2025-03-03 10:00Z with deadline 2025-03-05 (end of that day in Amsterdam =
    //      2025-03-05T22:59:59.999Z), so overdue from 2025-03-05T23:00:00.000Z; closed 2025-03-07 12:00Z.
    // h-2: created 2025-03-04 18:29:59.999Z (one ms before midnight in Kolkata), assigned as
    //      senior 2025-03-05 03:00Z, still open.
    // h-3: created 2025-03-05 18:30Z (Kolkata midnight exactly), closed 2025-03-06 02:00Z.
    await ingestRaw({ knex: db.knex, catalog, zone: 'Europe/Amsterdam' }, [
      ev('h1-c', 'case.created', 'h-1', '2025-03-03T10:00:00Z', { caseType: 'ooievaarspas', deadline: '2025-03-05' }),
      ev('h1-x', 'case.closed', 'h-1', '2025-03-07T12:00:00Z'),
      ev('h2-c', 'case.created', 'h-2', '2025-03-04T18:29:59.999Z', { caseType: 'ooievaarspas' }),
      ev('h2-a', 'case.assigned', 'h-2', '2025-03-05T03:00:00Z', { assignee: 'sam', role: 'senior' }),
      ev('h3-c', 'case.created', 'h-3', '2025-03-05T18:30:00Z', { caseType: 'ooievaarspas' }),
      ev('h3-x', 'case.closed', 'h-3', '2025-03-06T02:00:00Z'),
    ]);
    const { delta } = engines(db.knex);
    const run = async (name: string, dims: DimensionsRequest) => delta.run(await delta.resolve(name, dims, null, NOW));

    // Kolkata days from 2025-03-03 (local) to asOf 2025-03-07T08:00Z (13:30 local, mid-day).
    // Instants: 03-03 end = 03-03T18:29:59.999Z: h-1 → 1
    //           03-04 end = 03-04T18:29:59.999Z: h-1, h-2 (created at that very ms) → 2
    //           03-05 end = 03-05T18:29:59.999Z: h-1 (overdue? no: not until 23:00Z), h-2 → 2 (h-3 not yet)
    //           03-06 end = 03-06T18:29:59.999Z: h-1 (overdue), h-2 (h-3 closed 02:00Z) → 2
    //           03-07 at asOf 08:00Z: h-1 (closes 12:00Z), h-2 → 2
    const days = await run('openCases', { granularity: 'DAY', timezone: 'Asia/Kolkata', asOf: new Date('2025-03-07T08:00:00Z'), period: { from: new Date('2025-03-02T18:30:00Z') } });
    expect(days.points.map((p) => [p.bucket!.toISOString(), p.value])).toEqual([
      ['2025-03-02T18:30:00.000Z', 1], ['2025-03-03T18:30:00.000Z', 2], ['2025-03-04T18:30:00.000Z', 2],
      ['2025-03-05T18:30:00.000Z', 2], ['2025-03-06T18:30:00.000Z', 2],
    ]);
    expect(days.value).toBe(2);

    // Overdue per Kolkata day: only h-1, from 03-05T23:00Z until its closing 03-07T12:00Z → 0, 0, 0, 1, 1.
    const overdue = await run('overdueCases', { granularity: 'DAY', timezone: 'Asia/Kolkata', asOf: new Date('2025-03-07T08:00:00Z'), period: { from: new Date('2025-03-02T18:30:00Z') } });
    expect(overdue.points.map((p) => p.value)).toEqual([0, 0, 0, 1, 1]);

    // Amsterdam weeks 2025-03-03 (Mon) and 2025-03-10, by ROLE, asOf 2025-03-12T09:00Z.
    // Week 1 ends 2025-03-09T22:59:59.999Z: h-1 closed, h-3 closed, h-2 open as senior → senior 1.
    // Week 2 at asOf: h-2 senior → senior 1. No unassigned case is open at either instant.
    const weeks = await run('openCases', { granularity: 'WEEK', groupBy: ['ROLE'], asOf: new Date('2025-03-12T09:00:00Z'), period: { from: new Date('2025-03-02T23:00:00Z') } });
    expect(weeks.points.map((p) => [p.bucket!.toISOString(), p.groups[0].key, p.value])).toEqual([
      ['2025-03-02T23:00:00.000Z', 'senior', 1], ['2025-03-09T23:00:00.000Z', 'senior', 1],
    ]);
  });
});
