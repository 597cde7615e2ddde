/**
 * Checks the reference model (test/reference/model.ts) against figures worked out by hand.
 * Every expected number below has its derivation in a comment.
 */
import {
  addDuration,
  bucketContaining,
  referenceKpi,
  resolvePeriod,
  RefDimensions,
  RefEvent,
  RefProcess,
} from './model';

const AMS = 'Europe/Amsterdam';
const ms = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();

const OOIEVAARSPAS: RefProcess = {
  key: 'ooievaarspas',
  legalTerm: 'P8W',
  extensionTerm: 'P6W',
  initialStatus: 'ontvangen',
  stepTerms: { intake: 'P1W', beoordelen: 'P2W', informatie_opvragen: 'P3W', besluiten: 'P1W' },
};
const PROCESSES = [OOIEVAARSPAS];

let seq = 0;
function ev(caseId: string, type: string, at: string, data: Record<string, any> = {}): RefEvent {
  seq += 1;
  return { id: `e${String(seq).padStart(4, '0')}`, type, caseId, at, data };
}
function created(caseId: string, at: string, data: Record<string, any> = {}): RefEvent {
  return ev(caseId, 'case.created', at, { caseType: 'ooievaarspas', ...data });
}
function dims(asOf: string, extra: Partial<RefDimensions> = {}): RefDimensions {
  return { asOf, timezone: AMS, ...extra };
}
function kpi(name: string, events: RefEvent[], d: RefDimensions, params?: { letterTypes?: string[] }) {
  return referenceKpi(name, events, PROCESSES, d, params, AMS);
}

describe('time helpers', () => {
  test('P8W from Monday 2025-01-06 09:00 Amsterdam is Monday 2025-03-03 09:00 (both CET)', () => {
    // 56 days after 6 January = 3 March; no DST change in between: 09:00+01:00 = 08:00Z.
    expect(iso(addDuration(ms('2025-01-06T09:00:00+01:00'), 'P8W', AMS))).toBe('2025-03-03T08:00:00.000Z');
  });

  test('P8W across the spring DST change keeps the local time of day', () => {
    // 2025-03-10 09:00 CET + 56 days = 2025-05-05 09:00 CEST = 07:00Z (55 days 23 hours elapsed).
    expect(iso(addDuration(ms('2025-03-10T09:00:00+01:00'), 'P8W', AMS))).toBe('2025-05-05T07:00:00.000Z');
  });

  test('hours are elapsed time, days are wall clock', () => {
    // 2025-03-29 12:00 CET (11:00Z) + PT24H = 2025-03-30 11:00Z (= 13:00 CEST),
    // + P1D = 2025-03-30 12:00 CEST = 10:00Z.
    expect(iso(addDuration(ms('2025-03-29T11:00:00Z'), 'PT24H', AMS))).toBe('2025-03-30T11:00:00.000Z');
    expect(iso(addDuration(ms('2025-03-29T11:00:00Z'), 'P1D', AMS))).toBe('2025-03-30T10:00:00.000Z');
  });

  test('months clamp to the end of the month', () => {
    // 2025-01-31 12:00 CET + P1M = 2025-02-28 12:00 CET = 11:00Z.
    expect(iso(addDuration(ms('2025-01-31T11:00:00Z'), 'P1M', AMS))).toBe('2025-02-28T11:00:00.000Z');
  });

  test('a wall time in the DST gap moves forward by the gap', () => {
    // 2025-03-29 02:30 CET + P1D = 2025-03-30 02:30, which does not exist → 03:30 CEST = 01:30Z.
    expect(iso(addDuration(ms('2025-03-29T01:30:00Z'), 'P1D', AMS))).toBe('2025-03-30T01:30:00.000Z');
  });

  test('an ambiguous wall time (autumn DST change) takes the earlier instant', () => {
    // 2025-10-25 02:30 CEST (00:30Z) + P1D = 2025-10-26 02:30, which occurs twice → 02:30 CEST = 00:30Z.
    expect(iso(addDuration(ms('2025-10-25T00:30:00Z'), 'P1D', AMS))).toBe('2025-10-26T00:30:00.000Z');
  });

  test('ISO week 1 of 2026 starts Monday 2025-12-29 00:00 Amsterdam', () => {
    const b = bucketContaining(ms('2026-01-01T12:00:00+01:00'), 'WEEK', AMS);
    expect(iso(b.start)).toBe('2025-12-28T23:00:00.000Z');
    expect(iso(b.end)).toBe('2026-01-04T23:00:00.000Z');
  });

  test('the day of the spring DST change has 23 hours, of the autumn one 25', () => {
    const spring = bucketContaining(ms('2025-03-30T12:00:00Z'), 'DAY', AMS);
    expect(iso(spring.start)).toBe('2025-03-29T23:00:00.000Z');
    expect(spring.end - spring.start).toBe(23 * 3600_000);
    const autumn = bucketContaining(ms('2025-10-26T12:00:00Z'), 'DAY', AMS);
    expect(iso(autumn.start)).toBe('2025-10-25T22:00:00.000Z');
    expect(autumn.end - autumn.start).toBe(25 * 3600_000);
  });

  test('hour buckets are local calendar hours, also across a 30-minute DST change', () => {
    // Australia/Lord_Howe, 6 April 2025: 02:00 LHDT (+11, = 15:00Z) becomes 01:30 LHST (+10:30).
    // 01:00–01:59 LHDT is one bucket, the repeated 01:30–01:59 LHST another (like Amsterdam's two 02:00 hours).
    const lh = (t: string) => {
      const b = bucketContaining(ms(t), 'HOUR', 'Australia/Lord_Howe');
      return [iso(b.start), iso(b.end)];
    };
    expect(lh('2025-04-05T14:45:00Z')).toEqual(['2025-04-05T14:00:00.000Z', '2025-04-05T15:00:00.000Z']);
    expect(lh('2025-04-05T15:00:00Z')).toEqual(['2025-04-05T15:00:00.000Z', '2025-04-05T15:30:00.000Z']);
    // 5 October 2025: 02:00 LHST (15:30Z) becomes 02:30 LHDT: the hour 02 exists from 02:30 only.
    expect(lh('2025-10-04T15:40:00Z')).toEqual(['2025-10-04T15:30:00.000Z', '2025-10-04T16:00:00.000Z']);
    expect(lh('2025-10-04T15:10:00Z')).toEqual(['2025-10-04T14:30:00.000Z', '2025-10-04T15:30:00.000Z']);
    // Asia/Kolkata (+05:30): hours start at hh:30Z.
    const k = bucketContaining(ms('2025-01-01T10:00:00Z'), 'HOUR', 'Asia/Kolkata');
    expect([iso(k.start), iso(k.end)]).toEqual(['2025-01-01T09:30:00.000Z', '2025-01-01T10:30:00.000Z']);
  });

  test('relative periods', () => {
    // asOf Monday 2025-03-31 10:00 CEST. Today = 31 March, starts 2025-03-30T22:00Z.
    const asOf = ms('2025-03-31T10:00:00+02:00');
    const r = (relative: string) => {
      const p = resolvePeriod(dims(iso(asOf), { period: { relative } }), asOf, AMS);
      return [iso(p.from), iso(p.to)];
    };
    // LAST_7_DAYS: 24..30 March: from 24 March 00:00 CET (= 23 March 23:00Z) to 31 March 00:00 CEST.
    expect(r('LAST_7_DAYS')).toEqual(['2025-03-23T23:00:00.000Z', '2025-03-30T22:00:00.000Z']);
    expect(r('YESTERDAY')).toEqual(['2025-03-29T23:00:00.000Z', '2025-03-30T22:00:00.000Z']);
    // LAST_WEEK: Monday 24 March → Monday 31 March.
    expect(r('LAST_WEEK')).toEqual(['2025-03-23T23:00:00.000Z', '2025-03-30T22:00:00.000Z']);
    // LAST_MONTH: [1 Feb, 1 Mar): 1 Feb 00:00 CET = 31 Jan 23:00Z, 1 Mar 00:00 CET = 28 Feb 23:00Z.
    expect(r('LAST_MONTH')).toEqual(['2025-01-31T23:00:00.000Z', '2025-02-28T23:00:00.000Z']);
    // THIS_MONTH: [1 March, 1 April) — capped at asOf when used.
    expect(r('THIS_MONTH')).toEqual(['2025-02-28T23:00:00.000Z', '2025-03-31T22:00:00.000Z']);
    // LAST_QUARTER: Q4 2024 = [1 Oct 2024 00:00 CEST, 1 Jan 2025 00:00 CET).
    expect(r('LAST_QUARTER')).toEqual(['2024-09-30T22:00:00.000Z', '2024-12-31T23:00:00.000Z']);
    // LAST_12_MONTHS: [1 March 2024, 1 March 2025).
    expect(r('LAST_12_MONTHS')).toEqual(['2024-02-29T23:00:00.000Z', '2025-02-28T23:00:00.000Z']);
  });
});

describe('one case: deadline, suspension, overdue', () => {
  // Case A: created Monday 2025-01-06 09:00 CET. Deadline = +P8W = 2025-03-03 09:00 CET (08:00Z).
  // Suspended 2025-01-20 09:00 → resumed 2025-01-30 09:00: 10 days (no DST in between),
  // so the effective deadline is 2025-03-13 09:00 CET = 08:00Z.
  const events = [
    created('A', '2025-01-06T09:00:00+01:00'),
    ev('A', 'case.suspended', '2025-01-20T09:00:00+01:00'),
    ev('A', 'case.resumed', '2025-01-30T09:00:00+01:00'),
  ];

  test('open at several instants, not before creation', () => {
    expect(kpi('openCases', events, dims('2025-01-06T07:59:59.999Z')).value).toBe(0);
    expect(kpi('openCases', events, dims('2025-01-06T08:00:00.000Z')).value).toBe(1);
    expect(kpi('openCases', events, dims('2025-06-01T00:00:00Z')).value).toBe(1);
  });

  test('overdue only strictly after the effective deadline', () => {
    // The base deadline (3 March) has passed, but 10 days of suspension moved it.
    expect(kpi('overdueCases', events, dims('2025-03-04T08:00:00Z')).value).toBe(0);
    expect(kpi('overdueCases', events, dims('2025-03-13T08:00:00.000Z')).value).toBe(0);
    expect(kpi('overdueCases', events, dims('2025-03-13T08:00:00.001Z')).value).toBe(1);
  });

  test('while suspended the deadline keeps moving', () => {
    // At 2025-01-25 the case is suspended since 5 days: effective = 3 March + 5 days, not overdue.
    expect(kpi('overdueCases', events, dims('2025-01-25T08:00:00Z', { timeliness: 'ON_TIME' })).value).toBe(0);
    expect(kpi('openCases', events, dims('2025-01-25T08:00:00Z', { timeliness: 'ON_TIME' })).value).toBe(1);
    // A case suspended after its deadline already passed stays overdue; suspended before it,
    // it never becomes overdue while suspended.
    const b = [
      created('B', '2025-01-02T10:00:00+01:00', { deadline: '2025-02-01' }), // due 2025-02-01T22:59:59.999Z
      ev('B', 'case.suspended', '2025-01-31T12:00:00Z'),
    ];
    expect(kpi('overdueCases', b, dims('2025-12-01T00:00:00Z')).value).toBe(0);
  });

  test('a date-only deadline ends at the end of the day in the default timezone, whatever the request zone', () => {
    const c = [created('C', '2025-02-01T10:00:00Z', { deadline: '2025-03-01' })]; // due 2025-03-01T22:59:59.999Z
    const utc = (asOf: string) => ({ asOf, timezone: 'UTC' });
    expect(kpi('overdueCases', c, utc('2025-03-01T22:59:59.999Z')).value).toBe(0);
    expect(kpi('overdueCases', c, utc('2025-03-01T23:00:00.000Z')).value).toBe(1);
  });

  test('extension without a date adds the extension term to the base deadline', () => {
    // Base 2025-03-03 09:00 CET + P6W = 2025-04-14 09:00 CEST = 07:00Z; + 10 days suspended
    // = 2025-04-24T07:00Z.
    const ext = [...events, ev('A', 'case.deadline_extended', '2025-02-15T12:00:00Z')];
    expect(kpi('overdueCases', ext, dims('2025-04-24T07:00:00.000Z')).value).toBe(0);
    expect(kpi('overdueCases', ext, dims('2025-04-24T07:00:00.001Z')).value).toBe(1);
  });

  test('lead time in whole calendar days of the request timezone', () => {
    // 6 Jan → 13 Mar = 25 + 28 + 13 = 66 days.
    expect(kpi('caseLeadTime', events, dims('2025-03-13T09:00:00+01:00', { caseId: 'A' })).value).toBe(66);
    // Created 2025-01-06T23:30Z: 7 Jan in Amsterdam, 6 Jan in UTC. At 2025-01-08T12:00Z: 1 vs 2 days.
    const late = [created('L', '2025-01-06T23:30:00Z')];
    expect(kpi('caseLeadTime', late, dims('2025-01-08T12:00:00Z', { caseId: 'L' })).value).toBe(1);
    expect(kpi('caseLeadTime', late, { asOf: '2025-01-08T12:00:00Z', timezone: 'UTC', caseId: 'L' }).value).toBe(2);
    // Not created yet → null.
    expect(kpi('caseLeadTime', late, dims('2025-01-01T00:00:00Z', { caseId: 'L' })).value).toBeNull();
  });
});

describe('flows', () => {
  // Case R: created 2025-02-03 10:00 CET, closed 10 Feb, reopened 11 Feb, closed again 20 Feb.
  // Deadline 2025-03-31 10:00 CEST: both closings on time.
  const events = [
    created('R', '2025-02-03T10:00:00+01:00'),
    ev('R', 'case.closed', '2025-02-10T10:00:00+01:00'),
    ev('R', 'case.reopened', '2025-02-11T10:00:00+01:00'),
    ev('R', 'case.closed', '2025-02-20T10:00:00+01:00'),
    ev('R', 'case.closed', '2025-02-21T10:00:00+01:00'), // already closed: not a closing
  ];
  const feb = { from: '2025-02-01T00:00:00+01:00', to: '2025-03-01T00:00:00+01:00' };

  test('a reopened-and-closed-again case counts twice in outflow', () => {
    expect(kpi('outflow', events, dims('2025-06-01T00:00:00Z', { period: feb })).value).toBe(2);
    expect(kpi('inflow', events, dims('2025-06-01T00:00:00Z', { period: feb })).value).toBe(1);
    // closedLeadTime: (10 Feb − 3 Feb = 7) and (20 Feb − 3 Feb = 17) → mean 12.
    expect(kpi('closedLeadTime', events, dims('2025-06-01T00:00:00Z', { period: feb })).value).toBe(12);
    expect(kpi('onTimeRate', events, dims('2025-06-01T00:00:00Z', { period: feb })).value).toBe(100);
    // asOf 15 Feb: only the first closing happened.
    expect(kpi('outflow', events, dims('2025-02-15T00:00:00Z', { period: feb })).value).toBe(1);
  });

  test('onTimeRate: late closings, closings without deadline excluded', () => {
    const ev2 = [
      ...events,
      // Late: deadline 2025-02-05 (end of day), closed 2025-02-06.
      created('X', '2025-02-01T10:00:00+01:00', { deadline: '2025-02-05' }),
      ev('X', 'case.closed', '2025-02-06T10:00:00+01:00'),
      // Unknown case type: no deadline, excluded from the rate but counted in outflow.
      ev('U', 'case.created', '2025-02-01T10:00:00+01:00', { caseType: 'onbekend' }),
      ev('U', 'case.closed', '2025-02-02T10:00:00+01:00'),
    ];
    const d = dims('2025-06-01T00:00:00Z', { period: feb });
    expect(kpi('outflow', ev2, d).value).toBe(4);
    // 2 on time of 3 with a deadline.
    expect(kpi('onTimeRate', ev2, d).value).toBeCloseTo(200 / 3, 10);
    expect(kpi('outflow', ev2, { ...d, timeliness: 'OVERDUE' }).value).toBe(1);
    const byTl = kpi('outflow', ev2, { ...d, groupBy: ['TIMELINESS'] });
    // Group combinations sort by key with null last (the engine's order).
    expect(byTl.points).toEqual([
      { bucket: null, groups: [{ by: 'TIMELINESS', key: 'ON_TIME' }], value: 2 },
      { bucket: null, groups: [{ by: 'TIMELINESS', key: 'OVERDUE' }], value: 1 },
      { bucket: null, groups: [{ by: 'TIMELINESS', key: null }], value: 1 },
    ]);
  });

  test('daily buckets across the spring DST change', () => {
    // Period 29 March 00:00 CET (28 Mar 23:00Z) → 1 April 00:00 CEST (31 Mar 22:00Z):
    // buckets 29 Mar (24h), 30 Mar (23h: starts 29 Mar 23:00Z), 31 Mar (starts 30 Mar 22:00Z).
    const e = [
      created('D1', '2025-03-30T21:59:59.999Z'), // 23:59:59.999 CEST on 30 March
      created('D2', '2025-03-30T22:00:00.000Z'), // 00:00 CEST on 31 March
      created('D3', '2025-03-30T22:30:00.000Z'),
    ];
    const r = kpi(
      'inflow',
      e,
      dims('2025-06-01T00:00:00Z', {
        period: { from: '2025-03-29T00:00:00+01:00', to: '2025-04-01T00:00:00+02:00' },
        granularity: 'DAY',
      }),
    );
    expect(r.value).toBe(3);
    expect(r.points).toEqual([
      { bucket: '2025-03-28T23:00:00.000Z', groups: [], value: 0 },
      { bucket: '2025-03-29T23:00:00.000Z', groups: [], value: 1 },
      { bucket: '2025-03-30T22:00:00.000Z', groups: [], value: 2 },
    ]);
    // Means give null for an empty bucket.
    const lead = kpi(
      'caseLeadTime',
      e,
      dims('2025-06-01T00:00:00Z', {
        period: { from: '2025-03-29T00:00:00+01:00', to: '2025-04-01T00:00:00+02:00' },
        granularity: 'DAY',
      }),
    );
    // Snapshots at the last ms of each day: 29 Mar none; 30 Mar D1 (0 days); 31 Mar D1 (1), D2, D3 (0).
    expect(lead.points.map((p) => p.value)).toEqual([null, 0, 1 / 3]);
  });

  test('hourly buckets across the autumn DST change: two local 02:00 hours', () => {
    const e = [created('H', '2025-10-26T01:30:00Z')]; // 02:30 CET, the second 02:xx hour
    const r = kpi(
      'inflow',
      e,
      dims('2025-10-27T00:00:00Z', {
        period: { from: '2025-10-26T00:00:00+02:00', to: '2025-10-26T04:00:00+01:00' },
        granularity: 'HOUR',
      }),
    );
    expect(r.points.map((p) => [p.bucket, p.value])).toEqual([
      ['2025-10-25T22:00:00.000Z', 0],
      ['2025-10-25T23:00:00.000Z', 0],
      ['2025-10-26T00:00:00.000Z', 0],
      ['2025-10-26T01:00:00.000Z', 1],
      ['2025-10-26T02:00:00.000Z', 0],
    ]);
  });

  test('weekly buckets start at the ISO week containing `from`, capped at asOf', () => {
    // from Thursday 1 Jan 2026 → the first bucket is the week of Monday 29 Dec 2025.
    // asOf Wednesday 7 Jan 2026 12:00: the second bucket is the last one; its snapshot is asOf.
    const e = [
      created('W1', '2025-12-30T12:00:00+01:00'), // before `from`: not inflow
      created('W2', '2026-01-02T12:00:00+01:00'),
      created('W3', '2026-01-07T11:00:00+01:00'),
      created('W4', '2026-01-07T13:00:00+01:00'), // after asOf
    ];
    const d = dims('2026-01-07T12:00:00+01:00', {
      period: { from: '2026-01-01T00:00:00+01:00', to: '2026-02-01T00:00:00+01:00' },
      granularity: 'WEEK',
    });
    expect(kpi('inflow', e, d).points).toEqual([
      { bucket: '2025-12-28T23:00:00.000Z', groups: [], value: 1 },
      { bucket: '2026-01-04T23:00:00.000Z', groups: [], value: 1 },
    ]);
    // Snapshot openCases: end of week 1 (4 Jan 23:59:59.999) → W1, W2; at asOf → W1, W2, W3.
    expect(kpi('openCases', e, d).points.map((p) => p.value)).toEqual([2, 3]);
    expect(kpi('openCases', e, d).value).toBe(3);
  });

  test('a period that starts after asOf has no buckets; a snapshot value is still measured at asOf', () => {
    // asOf Wednesday 7 Jan 2026 12:00, period from 13:00 that day: the period up to asOf is empty,
    // so not even the DAY/WEEK bucket holding both instants is returned. Inflow in
    // [from, to) ∩ (-∞, asOf] is 0; open at asOf: W1, W2, W3 = 3.
    const e = [
      created('W1', '2025-12-30T12:00:00+01:00'),
      created('W2', '2026-01-02T12:00:00+01:00'),
      created('W3', '2026-01-07T11:00:00+01:00'),
    ];
    for (const granularity of ['HOUR', 'DAY', 'WEEK'] as const) {
      const d = dims('2026-01-07T12:00:00+01:00', { period: { from: '2026-01-07T13:00:00+01:00', to: '2026-02-01T00:00:00+01:00' }, granularity });
      expect(kpi('inflow', e, d)).toEqual({ value: 0, points: [] });
      expect(kpi('openCases', e, { ...d, groupBy: ['STATUS'] })).toEqual({ value: 3, points: [] });
    }
  });
});

describe('tasks, steps, roles and letters', () => {
  // Case T created 2025-01-06 09:00 CET, assigned to ann as behandelaar.
  // Task t1 (intake, term P1W → due 2025-01-13 09:00 CET), no own role/assignee.
  // Task t2 (beoordelen, explicit dueAt 2025-02-01 = end of 1 Feb), own role senior.
  // t1 completed 2025-01-16 09:00 CET: 10 days after creation, 3 days late.
  const events = [
    created('T', '2025-01-06T09:00:00+01:00'),
    ev('T', 'case.assigned', '2025-01-06T09:00:00+01:00', { assignee: 'ann', role: 'behandelaar' }),
    ev('T', 'task.created', '2025-01-06T09:00:00+01:00', { taskId: 't1', step: 'intake' }),
    ev('T', 'task.created', '2025-01-07T09:00:00+01:00', { taskId: 't2', step: 'beoordelen', dueAt: '2025-02-01', role: 'senior' }),
    ev('T', 'task.completed', '2025-01-16T09:00:00+01:00', { taskId: 't1' }),
    ev('T', 'letter.sent', '2025-01-08T09:00:00+01:00', { letterType: 'termijnbrief' }),
    ev('T', 'letter.sent', '2025-01-09T09:00:00+01:00', { letterType: 'besluit' }),
    ev('T', 'letter.sent', '2025-01-20T09:00:00+01:00', { letterType: 'termijnbrief' }),
  ];

  test('open and overdue tasks', () => {
    expect(kpi('openTasks', events, dims('2025-01-10T12:00:00Z')).value).toBe(2);
    // 13 Jan 08:00Z is exactly t1's due instant: not yet overdue.
    expect(kpi('overdueTasks', events, dims('2025-01-13T08:00:00.000Z')).value).toBe(0);
    expect(kpi('overdueTasks', events, dims('2025-01-14T12:00:00Z')).value).toBe(1);
    expect(kpi('openTasks', events, dims('2025-01-20T12:00:00Z')).value).toBe(1);
  });

  test('task role falls back to the case role', () => {
    const r = kpi('openTasks', events, dims('2025-01-10T12:00:00Z', { groupBy: ['ROLE'] }));
    expect(r.points).toEqual([
      { bucket: null, groups: [{ by: 'ROLE', key: 'behandelaar' }], value: 1 },
      { bucket: null, groups: [{ by: 'ROLE', key: 'senior' }], value: 1 },
    ]);
  });

  test('completed tasks and task duration', () => {
    const d = dims('2025-06-01T00:00:00Z', { period: { from: '2025-01-01T00:00:00+01:00', to: '2025-02-01T00:00:00+01:00' } });
    expect(kpi('completedTasks', events, d).value).toBe(1);
    expect(kpi('taskDuration', events, d).value).toBe(10);
    expect(kpi('completedTasks', events, { ...d, timeliness: 'OVERDUE' }).value).toBe(1);
    expect(kpi('completedTasks', events, { ...d, timeliness: 'ON_TIME' }).value).toBe(0);
  });

  test('steps filter and per-step timeliness on case KPIs', () => {
    // 14 Jan: t1 (intake) open and overdue, t2 (beoordelen) open and on time; the case itself is on time.
    const at = '2025-01-14T12:00:00Z';
    expect(kpi('openCases', events, dims(at, { steps: ['intake'] })).value).toBe(1);
    expect(kpi('openCases', events, dims(at, { steps: ['besluiten'] })).value).toBe(0);
    expect(kpi('openCases', events, dims(at, { steps: ['intake'], timeliness: 'OVERDUE' })).value).toBe(1);
    expect(kpi('openCases', events, dims(at, { steps: ['beoordelen'], timeliness: 'OVERDUE' })).value).toBe(0);
    expect(kpi('openCases', events, dims(at, { timeliness: 'OVERDUE' })).value).toBe(0);
    // STEP groups: the case is in both groups.
    expect(kpi('openCases', events, dims(at, { groupBy: ['STEP'] })).points).toEqual([
      { bucket: null, groups: [{ by: 'STEP', key: 'beoordelen' }], value: 1 },
      { bucket: null, groups: [{ by: 'STEP', key: 'intake' }], value: 1 },
    ]);
    // 20 Jan: only beoordelen is open.
    expect(kpi('openCases', events, dims('2025-01-20T12:00:00Z', { groupBy: ['STEP'] })).points).toEqual([
      { bucket: null, groups: [{ by: 'STEP', key: 'beoordelen' }], value: 1 },
    ]);
  });

  test('letters up to T of open cases', () => {
    expect(kpi('openCaseLetters', events, dims('2025-01-15T00:00:00Z')).value).toBe(1);
    expect(kpi('openCaseLetters', events, dims('2025-01-25T00:00:00Z')).value).toBe(2);
    expect(kpi('openCaseLetters', events, dims('2025-01-25T00:00:00Z'), { letterTypes: ['besluit', 'termijnbrief'] }).value).toBe(3);
    const closed = [...events, ev('T', 'case.closed', '2025-01-21T00:00:00Z')];
    expect(kpi('openCaseLetters', closed, dims('2025-01-25T00:00:00Z')).value).toBe(0);
  });

  test('unassigning clears the role; assigning without role keeps it', () => {
    const e = [
      ...events,
      ev('T', 'case.assigned', '2025-01-10T00:00:00Z', { assignee: 'bob' }),
      ev('T', 'case.assigned', '2025-01-11T00:00:00Z', { assignee: null }),
    ];
    const g = (asOf: string) =>
      kpi('openCases', e, dims(asOf, { groupBy: ['ASSIGNEE', 'ROLE'] })).points.map((p) => p.groups.map((x) => x.key));
    expect(g('2025-01-10T12:00:00Z')).toEqual([['bob', 'behandelaar']]);
    expect(g('2025-01-11T12:00:00Z')).toEqual([[null, null]]);
  });
});

describe('event ordering', () => {
  test('events before creation are ignored; creation first at equal instants', () => {
    const e = [
      ev('O', 'case.closed', '2025-01-01T00:00:00Z'), // before creation: ignored
      created('O', '2025-01-02T00:00:00Z'),
      { id: 'a-first', type: 'case.closed', caseId: 'P', at: '2025-01-02T00:00:00Z', data: {} },
      { id: 'z-last', type: 'case.created', caseId: 'P', at: '2025-01-02T00:00:00Z', data: { caseType: 'ooievaarspas' } },
    ];
    // O is open; P was created and then closed at the same instant.
    expect(kpi('openCases', e, dims('2025-01-03T00:00:00Z')).value).toBe(1);
    expect(kpi('outflow', e, dims('2025-01-03T00:00:00Z')).value).toBe(1);
  });
});

describe('decisions aligned with the engine', () => {
  test('events at the same instant apply in causal order: the closing after the others, whatever the ids', () => {
    // Deadline 2025-02-05 (end of day = 2025-02-05T22:59:59.999Z); closed 2025-02-06T10:00Z. A
    // deadline_extended to 2025-02-10 at the same millisecond applies before the closing, also
    // with a larger id: the closing is on time.
    const e = [
      created('Q', '2025-02-01T10:00:00+01:00', { deadline: '2025-02-05' }),
      { id: 'q-1', type: 'case.closed', caseId: 'Q', at: '2025-02-06T10:00:00Z', data: {} },
      { id: 'q-2', type: 'case.deadline_extended', caseId: 'Q', at: '2025-02-06T10:00:00Z', data: { deadline: '2025-02-10' } },
    ];
    const d = dims('2025-03-01T00:00:00Z', { period: { from: '2025-02-01T00:00:00Z', to: '2025-03-01T00:00:00Z' } });
    expect(kpi('onTimeRate', e, d).value).toBe(100);
    expect(kpi('outflow', e, { ...d, timeliness: 'OVERDUE' }).value).toBe(0);
    // Without the extension the closing is late, and the closed case's own timeliness is that.
    expect(kpi('onTimeRate', e.slice(0, 2), d).value).toBe(0);
    expect(kpi('caseLeadTime', e.slice(0, 2), dims('2025-03-01T00:00:00Z', { caseId: 'Q', timeliness: 'OVERDUE' })).value).toBe(5);
    // A task created and completed at the same instant is completed (duration 0), whatever the ids.
    const t = [
      created('K', '2025-02-01T10:00:00Z'),
      { id: 'k-1', type: 'task.completed', caseId: 'K', at: '2025-02-02T10:00:00Z', data: { taskId: 'x' } },
      { id: 'k-2', type: 'task.created', caseId: 'K', at: '2025-02-02T10:00:00Z', data: { taskId: 'x', step: 'intake' } },
    ];
    expect(kpi('openTasks', t, dims('2025-02-03T00:00:00Z')).value).toBe(0);
    expect(kpi('taskDuration', t, d).value).toBe(0);
    // A closed case reopened and closed at the same instant: reopen first, so a second closing.
    const r = [
      created('R2', '2025-02-01T10:00:00Z'),
      { id: 'r-1', type: 'case.closed', caseId: 'R2', at: '2025-02-02T10:00:00Z', data: {} },
      { id: 'r-2', type: 'case.closed', caseId: 'R2', at: '2025-02-03T10:00:00Z', data: {} },
      { id: 'r-3', type: 'case.reopened', caseId: 'R2', at: '2025-02-03T10:00:00Z', data: {} },
    ];
    expect(kpi('outflow', r, d).value).toBe(2);
  });

  // Case S: created 2025-01-06 09:00 CET, deadline far away (on time); task s1 (intake, P1W in this
  // test's process: due 2025-01-13 09:00 CET) stays open; task s2 (beoordelen, dueAt 2025-03-01)
  // stays open; closed 2025-01-20 09:00 CET (on time).
  const s = [
    created('S', '2025-01-06T09:00:00+01:00'),
    ev('S', 'task.created', '2025-01-06T09:00:00+01:00', { taskId: 's1', step: 'intake' }),
    ev('S', 'task.created', '2025-01-06T09:00:00+01:00', { taskId: 's2', step: 'beoordelen', dueAt: '2025-03-01' }),
    ev('S', 'case.closed', '2025-01-20T09:00:00+01:00'),
  ];
  const jan = dims('2025-02-01T00:00:00Z', { period: { from: '2025-01-01T00:00:00+01:00', to: '2025-02-01T00:00:00+01:00' } });

  test('with steps, closings are judged per step (the open tasks), not by the closing', () => {
    // Snapshot 31 Jan 23:59:59.999: s1 open and overdue, s2 open and on time; the closing was on time.
    expect(kpi('outflow', s, { ...jan, timeliness: 'OVERDUE' }).value).toBe(0);
    expect(kpi('outflow', s, { ...jan, steps: ['intake'], timeliness: 'OVERDUE' }).value).toBe(1);
    expect(kpi('outflow', s, { ...jan, steps: ['beoordelen'], timeliness: 'OVERDUE' }).value).toBe(0);
    // The rate itself is still the closing's lateness.
    expect(kpi('onTimeRate', s, { ...jan, steps: ['intake'], timeliness: 'OVERDUE' }).value).toBe(100);
    expect(kpi('outflow', s, { ...jan, steps: ['intake', 'beoordelen'], groupBy: ['TIMELINESS'] }).points).toEqual([
      { bucket: null, groups: [{ by: 'TIMELINESS', key: 'ON_TIME' }], value: 1 },
      { bucket: null, groups: [{ by: 'TIMELINESS', key: 'OVERDUE' }], value: 1 },
    ]);
  });

  test('with steps, STEP and TIMELINESS groups pair up per open task', () => {
    const r = kpi('openCases', s, dims('2025-01-15T00:00:00Z', { steps: ['intake', 'beoordelen'], groupBy: ['STEP', 'TIMELINESS'] }));
    expect(r.points).toEqual([
      { bucket: null, groups: [{ by: 'STEP', key: 'beoordelen' }, { by: 'TIMELINESS', key: 'ON_TIME' }], value: 1 },
      { bucket: null, groups: [{ by: 'STEP', key: 'intake' }, { by: 'TIMELINESS', key: 'OVERDUE' }], value: 1 },
    ]);
    // With a timeliness filter, only the tasks of that timeliness give groups.
    const o = kpi('openCases', s, dims('2025-01-15T00:00:00Z', { steps: ['intake', 'beoordelen'], timeliness: 'OVERDUE', groupBy: ['STEP'] }));
    expect(o.points).toEqual([{ bucket: null, groups: [{ by: 'STEP', key: 'intake' }], value: 1 }]);
    // Without steps, TIMELINESS is the case's and a case without open tasks is in the null step.
    const n = kpi('openCases', [created('N', '2025-01-06T09:00:00+01:00'), ...s], dims('2025-01-15T00:00:00Z', { groupBy: ['STEP', 'TIMELINESS'] }));
    expect(n.points).toEqual([
      { bucket: null, groups: [{ by: 'STEP', key: 'beoordelen' }, { by: 'TIMELINESS', key: 'ON_TIME' }], value: 1 },
      { bucket: null, groups: [{ by: 'STEP', key: 'intake' }, { by: 'TIMELINESS', key: 'ON_TIME' }], value: 1 },
      { bucket: null, groups: [{ by: 'STEP', key: null }, { by: 'TIMELINESS', key: 'ON_TIME' }], value: 1 },
    ]);
  });
});
