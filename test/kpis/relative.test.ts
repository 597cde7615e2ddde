// Why: relative periods resolve at asOf in the request's time zone (contract section 5). With a
// fixed asOf — Wednesday 2025-04-16 12:00 Amsterdam (10:00Z, CEST) — each one must give the
// expected [from, to), the expected bucket list and the expected figures on the shared history.
import { createHarness, Harness } from '../helpers/harness';
import { databaseLabel } from '../helpers/database';
import { HISTORY, values, bucketStarts } from './history';

const AS_OF = '2025-04-16T10:00:00.000Z';

const QUERY = `query K($name: String!, $dimensions: DimensionsInput) {
  kpi(name: $name, dimensions: $dimensions) { value period { from to relative timezone } points { bucket value } }
}`;

describe(`relative periods on ${databaseLabel()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await h.ingest(HISTORY);
  });
  afterAll(async () => { await h.close(); });

  const period = async (name: string, dimensions: Record<string, unknown>) => {
    const r = await h.gql(QUERY, { name, dimensions: { asOf: AS_OF, ...dimensions } });
    expect(r.errors).toBeUndefined();
    return r.data.kpi as { value: number | null; period: { from: string; to: string; relative: string; timezone: string }; points: { bucket: string; value: number | null }[] };
  };

  it('LAST_WEEK is the previous ISO week, Monday 04-07 to Monday 04-14', async () => {
    const r = await period('outflow', { period: { relative: 'LAST_WEEK' }, granularity: 'DAY' });
    // Mon 2025-04-07 00:00+02 = 04-06 22:00Z .. Mon 04-14 00:00+02 = 04-13 22:00Z
    expect(r.period).toEqual({ from: '2025-04-06T22:00:00.000Z', to: '2025-04-13T22:00:00.000Z', relative: 'LAST_WEEK', timezone: 'Europe/Amsterdam' });
    expect(r.points.map((p) => p.bucket)).toEqual([
      '2025-04-06T22:00:00.000Z', '2025-04-07T22:00:00.000Z', '2025-04-08T22:00:00.000Z', '2025-04-09T22:00:00.000Z',
      '2025-04-10T22:00:00.000Z', '2025-04-11T22:00:00.000Z', '2025-04-12T22:00:00.000Z',
    ]);
    // C's second closing on Monday 04-07
    expect(values(r)).toEqual([1, 0, 0, 0, 0, 0, 0]);
    expect(r.value).toBe(1);
    // open at Sun 04-13 23:59:59.999: B, D, E, pk-2 (G starts 04-14) = 4
    expect((await h.kpi('openCases', { asOf: AS_OF, period: { relative: 'LAST_WEEK' } })).value).toBe(4);
  });

  it('LAST_MONTH is March: 31 DAY buckets, the one of 03-30 starting at 23:00Z before the 23-hour day', async () => {
    const r = await period('inflow', { period: { relative: 'LAST_MONTH' }, granularity: 'DAY' });
    expect(r.period.from).toBe('2025-02-28T23:00:00.000Z');
    expect(r.period.to).toBe('2025-03-31T22:00:00.000Z');
    expect(r.points).toHaveLength(31);
    expect(r.points[0].bucket).toBe('2025-02-28T23:00:00.000Z');
    expect(r.points[29].bucket).toBe('2025-03-29T23:00:00.000Z'); // 03-30 00:00+01
    expect(r.points[30].bucket).toBe('2025-03-30T22:00:00.000Z'); // 03-31 00:00+02
    // pk-2 on 03-03 (index 2), E on 03-24 (index 23)
    expect(r.points.filter((p) => p.value !== 0).map((p) => p.bucket)).toEqual(['2025-03-02T23:00:00.000Z', '2025-03-23T23:00:00.000Z']);
    expect(r.value).toBe(2);
  });

  it('LAST_MONTH in UTC is the UTC month', async () => {
    const r = await period('inflow', { period: { relative: 'LAST_MONTH' }, timezone: 'UTC' });
    expect(r.period).toEqual({ from: '2025-03-01T00:00:00.000Z', to: '2025-04-01T00:00:00.000Z', relative: 'LAST_MONTH', timezone: 'UTC' });
    expect(r.value).toBe(2);
  });

  it('LAST_QUARTER is Q1 with three MONTH buckets', async () => {
    const r = await period('inflow', { period: { relative: 'LAST_QUARTER' }, granularity: 'MONTH' });
    expect(r.period.from).toBe('2024-12-31T23:00:00.000Z');
    expect(r.period.to).toBe('2025-03-31T22:00:00.000Z');
    expect(r.points.map((p) => p.bucket)).toEqual(['2024-12-31T23:00:00.000Z', '2025-01-31T23:00:00.000Z', '2025-02-28T23:00:00.000Z']);
    // Jan A, B, pk-1; Feb C, D; Mar pk-2, E
    expect(values(r)).toEqual([3, 2, 2]);
    expect(r.value).toBe(7);
    // closings in Q1: pk-1, A, C's first = 3
    expect((await h.kpi('outflow', { asOf: AS_OF, period: { relative: 'LAST_QUARTER' } })).value).toBe(3);
  });

  it('LAST_7_DAYS is the 7 whole days before today (04-09 .. 04-15)', async () => {
    const r = await period('inflow', { period: { relative: 'LAST_7_DAYS' }, granularity: 'DAY' });
    expect(r.period.from).toBe('2025-04-08T22:00:00.000Z');
    expect(r.period.to).toBe('2025-04-15T22:00:00.000Z');
    expect(r.points).toHaveLength(7);
    // G created Mon 04-14 (index 5)
    expect(values(r)).toEqual([0, 0, 0, 0, 0, 1, 0]);
    // d-beoordelen completed 04-11
    expect((await h.kpi('completedTasks', { asOf: AS_OF, period: { relative: 'LAST_7_DAYS' } })).value).toBe(1);
  });

  it('THIS_MONTH runs from 04-01 to asOf: 16 DAY buckets', async () => {
    const r = await period('outflow', { period: { relative: 'THIS_MONTH' }, granularity: 'DAY' });
    expect(r.period.from).toBe('2025-03-31T22:00:00.000Z');
    expect(r.points).toHaveLength(16);
    expect(r.points[15].bucket).toBe('2025-04-15T22:00:00.000Z');
    expect(r.value).toBe(1); // C 04-07
    expect((await h.kpi('inflow', { asOf: AS_OF, period: { relative: 'THIS_MONTH' } })).value).toBe(1); // G
    // snapshot at asOf: B, D, E, G, pk-2
    expect((await h.kpi('openCases', { asOf: AS_OF, period: { relative: 'THIS_MONTH' } })).value).toBe(5);
  });

  it('THIS_WEEK starts on Monday 04-14', async () => {
    const r = await period('inflow', { period: { relative: 'THIS_WEEK' } });
    expect(r.period.from).toBe('2025-04-13T22:00:00.000Z');
    expect(r.value).toBe(1); // G
  });

  it('YESTERDAY is 04-15 with 24 HOUR buckets', async () => {
    const r = await period('openCases', { period: { relative: 'YESTERDAY' }, granularity: 'HOUR' });
    expect(r.period.from).toBe('2025-04-14T22:00:00.000Z');
    expect(r.period.to).toBe('2025-04-15T22:00:00.000Z');
    expect(r.points).toHaveLength(24);
    expect(r.points[0].bucket).toBe('2025-04-14T22:00:00.000Z');
    expect(r.points[23].bucket).toBe('2025-04-15T21:00:00.000Z');
    // B, D, E, G, pk-2 all day long
    expect(new Set(values(r))).toEqual(new Set([5]));
    expect(r.value).toBe(5);
    expect((await h.kpi('inflow', { asOf: AS_OF, period: { relative: 'YESTERDAY' } })).value).toBe(0);
  });

  it('LAST_12_MONTHS is April 2024 .. March 2025 in 12 MONTH buckets', async () => {
    const r = await period('inflow', { period: { relative: 'LAST_12_MONTHS' }, granularity: 'MONTH' });
    expect(r.period.from).toBe('2024-03-31T22:00:00.000Z');
    expect(r.period.to).toBe('2025-03-31T22:00:00.000Z');
    expect(bucketStarts(r)).toEqual([
      '2024-03-31T22:00:00.000Z', '2024-04-30T22:00:00.000Z', '2024-05-31T22:00:00.000Z', '2024-06-30T22:00:00.000Z',
      '2024-07-31T22:00:00.000Z', '2024-08-31T22:00:00.000Z', '2024-09-30T22:00:00.000Z', '2024-10-31T23:00:00.000Z',
      '2024-11-30T23:00:00.000Z', '2024-12-31T23:00:00.000Z', '2025-01-31T23:00:00.000Z', '2025-02-28T23:00:00.000Z',
    ]);
    expect(values(r)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 2, 2]);
    expect(r.value).toBe(7);
  });
});
