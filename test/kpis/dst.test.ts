// Why: calendar buckets, lead-time days and deadlines follow the civil calendar of a time zone
// (contract sections 4 and 5). Europe/Amsterdam changes clocks on 2025-03-30 (02:00 CET → 03:00
// CEST: a 23-hour day) and 2025-10-26 (03:00 CEST → 02:00 CET: a 25-hour day, 02:xx twice); ISO
// week 1 of 2026 starts on Monday 2025-12-29. The same questions in UTC give other buckets and
// other day counts. A small history of its own, every instant chosen next to a boundary.
import { createHarness, Harness } from '../helpers/harness';
import { databaseLabel } from '../helpers/database';
import { values, bucketStarts } from './history';

const OP = 'ooievaarspas';
const created = (caseId: string, at: string) => ({ id: `${caseId}-created`, type: 'case.created', caseId, at, data: { caseType: OP } });
const closed = (caseId: string, at: string) => ({ id: `${caseId}-closed`, type: 'case.closed', caseId, at, data: {} });

const EVENTS = [
  // spring
  created('s-deadline', '2025-03-10T09:00:00+01:00'), // 08:00Z; P8W on the wall clock → 2025-05-05 09:00+02 = 07:00Z
  { id: 's-deadline-task', type: 'task.created', caseId: 's-deadline', at: '2025-03-28T10:00:00+01:00', data: { taskId: 't1', step: 'intake' } }, // 09:00Z; +P3D wall clock → 03-31 10:00+02 = 08:00Z
  { id: 's-deadline-task-done', type: 'task.completed', caseId: 's-deadline', at: '2025-04-02T10:00:00+02:00', data: { taskId: 't1' } }, // 08:00Z: 5 d − 1 h = 119 h
  closed('s-deadline', '2025-05-06T12:00:00+02:00'),
  created('s-29', '2025-03-29T12:00:00+01:00'), // 11:00Z, Saturday
  created('s-30a', '2025-03-30T12:00:00+02:00'), // 10:00Z, the 23-hour Sunday
  created('s-30b', '2025-03-30T23:30:00+02:00'), // 21:30Z, still Sunday in Amsterdam
  created('s-31', '2025-03-31T00:30:00+02:00'), // 2025-03-30T22:30Z: Monday in Amsterdam, Sunday in UTC
  closed('s-29', '2025-04-01T12:00:00+02:00'),
  closed('s-30a', '2025-04-01T12:00:00+02:00'),
  closed('s-30b', '2025-04-01T12:00:00+02:00'),
  closed('s-31', '2025-04-01T12:00:00+02:00'), // 10:00Z
  // autumn
  created('a-late', '2025-10-25T23:30:00+02:00'), // 21:30Z: created at 23:30 local
  { id: 'a-late-task', type: 'task.created', caseId: 'a-late', at: '2025-10-25T23:45:00+02:00', data: { taskId: 't1', step: 'intake' } }, // 21:45Z
  { id: 'a-late-task-done', type: 'task.completed', caseId: 'a-late', at: '2025-10-26T23:45:00+01:00', data: { taskId: 't1' } }, // 22:45Z: 25 h
  closed('a-late', '2025-10-27T00:30:00+01:00'), // 2025-10-26T23:30Z: Monday in Amsterdam, Sunday in UTC
  created('a-0230-summer', '2025-10-26T02:30:00+02:00'), // 00:30Z, the first 02:30
  created('a-0230-winter', '2025-10-26T02:30:00+01:00'), // 01:30Z, the second 02:30
  created('a-2330', '2025-10-26T23:30:00+01:00'), // 22:30Z, still the 25-hour Sunday
  // around new year
  created('w-1231', '2025-12-31T10:00:00+01:00'),
  created('w-0101', '2026-01-01T10:00:00+01:00'),
  created('w-0105', '2026-01-05T00:30:00+01:00'), // 2026-01-04T23:30Z: Monday in Amsterdam, Sunday in UTC
];

const LATER = '2026-02-01T00:00:00.000Z';

describe(`daylight saving and time zones on ${databaseLabel()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await h.ingest(EVENTS);
  });
  afterAll(async () => { await h.close(); });

  it('DAY buckets across 2025-03-30 (23 hours) in Amsterdam', async () => {
    // [03-29 00:00+01, 04-01 00:00+02) = [03-28 23:00Z, 03-31 22:00Z); the 03-30 bucket is 23:00Z → 22:00Z
    const period = { from: '2025-03-28T23:00:00.000Z', to: '2025-03-31T22:00:00.000Z' };
    const inflow = await h.kpi('inflow', { asOf: LATER, period, granularity: 'DAY' });
    expect(bucketStarts(inflow)).toEqual(['2025-03-28T23:00:00.000Z', '2025-03-29T23:00:00.000Z', '2025-03-30T22:00:00.000Z']);
    // 03-29: s-29; 03-30: s-30a, s-30b (21:30Z < 22:00Z); 03-31: s-31 (22:30Z)
    expect(values(inflow)).toEqual([1, 2, 1]);
    // open at each day end: 03-29 s-deadline, s-29; 03-30 + s-30a, s-30b; 03-31 + s-31
    const open = await h.kpi('openCases', { asOf: LATER, period, granularity: 'DAY' });
    expect(values(open)).toEqual([2, 4, 5]);
  });

  it('the same DAY question in UTC has other bucket starts and counts', async () => {
    // same instants; UTC days overlapping [03-28 23:00Z, 03-31 22:00Z): 03-28 .. 03-31
    const r = await h.kpi('inflow', { asOf: LATER, period: { from: '2025-03-28T23:00:00.000Z', to: '2025-03-31T22:00:00.000Z' }, granularity: 'DAY', timezone: 'UTC' });
    expect(bucketStarts(r)).toEqual(['2025-03-28T00:00:00.000Z', '2025-03-29T00:00:00.000Z', '2025-03-30T00:00:00.000Z', '2025-03-31T00:00:00.000Z']);
    // 03-29 s-29; 03-30 s-30a, s-30b, s-31
    expect(values(r)).toEqual([0, 1, 3, 0]);
  });

  it('DAY buckets across 2025-10-26 (25 hours) in Amsterdam', async () => {
    // [10-25 00:00+02, 10-28 00:00+01) = [10-24 22:00Z, 10-27 23:00Z); the 10-26 bucket is 22:00Z → 23:00Z next day
    const period = { from: '2025-10-24T22:00:00.000Z', to: '2025-10-27T23:00:00.000Z' };
    const inflow = await h.kpi('inflow', { asOf: LATER, period, granularity: 'DAY' });
    expect(bucketStarts(inflow)).toEqual(['2025-10-24T22:00:00.000Z', '2025-10-25T22:00:00.000Z', '2025-10-26T23:00:00.000Z']);
    // 10-25 a-late; 10-26: both 02:30s and a-2330 (22:30Z < 23:00Z); 10-27 none
    expect(values(inflow)).toEqual([1, 3, 0]);
    // open at day ends: 10-25 a-late; 10-26 + 3; 10-27: a-late closed 10-26 23:30Z → 3
    expect(values(await h.kpi('openCases', { asOf: LATER, period, granularity: 'DAY' }))).toEqual([1, 4, 3]);
  });

  it('HOUR buckets across the autumn change show 02:00 local twice', async () => {
    // [10-26 00:00+02, 10-26 04:00+01) = [10-25 22:00Z, 10-26 03:00Z): 5 elapsed hours
    const r = await h.kpi('inflow', { asOf: LATER, period: { from: '2025-10-25T22:00:00.000Z', to: '2025-10-26T03:00:00.000Z' }, granularity: 'HOUR' });
    // local 00:00+02, 01:00+02, 02:00+02, 02:00+01, 03:00+01
    expect(bucketStarts(r)).toEqual([
      '2025-10-25T22:00:00.000Z', '2025-10-25T23:00:00.000Z', '2025-10-26T00:00:00.000Z', '2025-10-26T01:00:00.000Z', '2025-10-26T02:00:00.000Z',
    ]);
    // 02:30+02 (00:30Z) and 02:30+01 (01:30Z) land in different buckets
    expect(values(r)).toEqual([0, 0, 1, 1, 0]);
  });

  it('WEEK buckets are ISO weeks starting Monday; 2025-12-29 starts ISO week 1 of 2026', async () => {
    // [Mon 12-22 00:00+01, Mon 2026-01-12 00:00+01)
    const period = { from: '2025-12-21T23:00:00.000Z', to: '2026-01-11T23:00:00.000Z' };
    const r = await h.kpi('inflow', { asOf: LATER, period, granularity: 'WEEK' });
    expect(bucketStarts(r)).toEqual(['2025-12-21T23:00:00.000Z', '2025-12-28T23:00:00.000Z', '2026-01-04T23:00:00.000Z']);
    // week of 12-29: w-1231, w-0101; week of 01-05: w-0105 (00:30 local on Monday)
    expect(values(r)).toEqual([0, 2, 1]);
    // in UTC: the weeks of 12-15 (holds 12-21 23:00Z), 12-22, 12-29, 01-05; w-0105 is Sunday 01-04 23:30Z
    const utc = await h.kpi('inflow', { asOf: LATER, period, granularity: 'WEEK', timezone: 'UTC' });
    expect(bucketStarts(utc)).toEqual(['2025-12-15T00:00:00.000Z', '2025-12-22T00:00:00.000Z', '2025-12-29T00:00:00.000Z', '2026-01-05T00:00:00.000Z']);
    expect(values(utc)).toEqual([0, 0, 3, 0]);
  });

  it('MONTH buckets start at local midnight in Amsterdam and at 00:00Z in UTC', async () => {
    const ams = await h.kpi('inflow', { asOf: LATER, period: { from: '2025-09-30T22:00:00.000Z', to: '2025-11-30T23:00:00.000Z' }, granularity: 'MONTH' });
    expect(bucketStarts(ams)).toEqual(['2025-09-30T22:00:00.000Z', '2025-10-31T23:00:00.000Z']);
    expect(values(ams)).toEqual([4, 0]);
    const utc = await h.kpi('inflow', { asOf: LATER, period: { from: '2025-10-01T00:00:00.000Z', to: '2025-12-01T00:00:00.000Z' }, granularity: 'MONTH', timezone: 'UTC' });
    expect(bucketStarts(utc)).toEqual(['2025-10-01T00:00:00.000Z', '2025-11-01T00:00:00.000Z']);
  });

  it('lead time of a case created at 23:30 local counts local days of the request\'s time zone', async () => {
    // a-late: created 10-25 23:30+02 (21:30Z), closed 10-27 00:30+01 (10-26 23:30Z)
    // Amsterdam: 10-27 − 10-25 = 2 days; UTC: 10-26 − 10-25 = 1 day
    expect((await h.kpi('caseLeadTime', { asOf: LATER, caseId: 'a-late' })).value).toBe(2);
    expect((await h.kpi('caseLeadTime', { asOf: LATER, caseId: 'a-late', timezone: 'UTC' })).value).toBe(1);
    // the same closing through closedLeadTime, on the local day of the closing in each zone
    expect((await h.kpi('closedLeadTime', { asOf: LATER, period: { from: '2025-10-26T23:00:00.000Z', to: '2025-10-27T23:00:00.000Z' } })).value).toBe(2);
    expect((await h.kpi('closedLeadTime', { asOf: LATER, period: { from: '2025-10-26T00:00:00.000Z', to: '2025-10-27T00:00:00.000Z' }, timezone: 'UTC' })).value).toBe(1);
    // s-31: created 03-31 00:30+02 (03-30 22:30Z), closed 04-01: Amsterdam 1 day, UTC 2 days
    expect((await h.kpi('caseLeadTime', { asOf: LATER, caseId: 's-31' })).value).toBe(1);
    expect((await h.kpi('caseLeadTime', { asOf: LATER, caseId: 's-31', timezone: 'UTC' })).value).toBe(2);
  });

  it('lead time of open cases uses the local date of the snapshot instant', async () => {
    // asOf 10-27 00:30+01 = 10-26 23:30Z: a-late closes at exactly asOf (closed then); open: both 02:30s and a-2330,
    // all created on 10-26 (local and UTC). Amsterdam: 10-27 − 10-26 = 1 each; UTC: 10-26 − 10-26 = 0.
    const asOf = '2025-10-26T23:30:00.000Z';
    expect((await h.kpi('openCases', { asOf })).value).toBe(3);
    expect((await h.kpi('caseLeadTime', { asOf })).value).toBe(1);
    expect((await h.kpi('caseLeadTime', { asOf, timezone: 'UTC' })).value).toBe(0);
    expect((await h.kpi('caseLeadTime', { asOf, caseId: 'a-2330' })).value).toBe(1);
    expect((await h.kpi('caseLeadTime', { asOf, caseId: 'a-2330', timezone: 'UTC' })).value).toBe(0);
  });

  it('keeps the local time of day for a P8W deadline across the spring change, whatever the request zone', async () => {
    // s-deadline: 2025-03-10 09:00+01 + 8 weeks = 2025-05-05 09:00+02 = 07:00Z (56 days minus 1 hour elapsed)
    expect((await h.kpi('overdueCases', { asOf: '2025-05-05T07:00:00.000Z' })).value).toBe(0);
    expect((await h.kpi('overdueCases', { asOf: '2025-05-05T07:00:00.001Z' })).value).toBe(1);
    expect((await h.kpi('overdueCases', { asOf: '2025-05-05T07:00:00.001Z', timezone: 'UTC' })).value).toBe(1);
  });

  it('keeps the local time of day for a step term across the spring change', async () => {
    // t1 of s-deadline: 03-28 10:00+01 + P3D = 03-31 10:00+02 = 08:00Z
    expect((await h.kpi('overdueTasks', { asOf: '2025-03-31T08:00:00.000Z' })).value).toBe(0);
    expect((await h.kpi('overdueTasks', { asOf: '2025-03-31T08:00:00.001Z' })).value).toBe(1);
  });

  it('measures task duration in elapsed hours / 24 across both changes', async () => {
    // a-late t1: 10-25 23:45+02 → 10-26 23:45+01 = 25 h
    expect((await h.kpi('taskDuration', { asOf: LATER, caseId: 'a-late' })).value).toBeCloseTo(25 / 24, 9);
    // s-deadline t1: 03-28 10:00+01 → 04-02 10:00+02 = 5 days − 1 h = 119 h
    expect((await h.kpi('taskDuration', { asOf: LATER, caseId: 's-deadline' })).value).toBeCloseTo(119 / 24, 9);
  });
});
