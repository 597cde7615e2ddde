// Why: the case flow KPIs of contract section 6 — inflow, outflow, closedLeadTime, onTimeRate and
// the Ooievaarspas aanvragenPerKanaal — over the shared history, each dimension on its own. The
// history arrives in two batches that overlap: the overlap must count once (contract section 3),
// and a case whose events are split over both batches must end up whole.
import { createHarness, Harness } from '../helpers/harness';
import { databaseLabel } from '../helpers/database';
import { HISTORY, LATE, H1_2025, MONTH_STARTS_2025 as M, values, bucketStarts, byGroup, groupKeys, perBucket } from './history';

// Facts (from the timeline in history.ts), Amsterdam dates:
// creations: A 01-06, B 01-13, pk-1 01-20, C 02-03, D 02-10, pk-2 03-03, E 03-24, G 04-14
//   → per month Jan 3, Feb 2, Mar 2, Apr 1, May 0, Jun 0 (8 in all; ooievaarspas 2, 2, 1, 1 = 6)
// closings (lead days, on time?):
//   pk-1 02-07 (18, on time), A 02-14 (39, on time), C 02-20 (17, on time),
//   C 04-07 (63, LATE), G 05-06 (22, on time: exactly at its effective deadline), B 05-12 (119, LATE)
//   → per month Feb 3, Apr 1, May 2 (6 in all; ooievaarspas 5)
// State at the end of H1 (2025-06-30 23:59:59.999 Amsterdam), used by filters on the period value:
//   A afgehandeld bert/senior ON_TIME | B afgehandeld bert/senior OVERDUE | C afgehandeld erik/behandelaar OVERDUE
//   D informatieverzoek carla/behandelaar OVERDUE | E in_behandeling unassigned ON_TIME (due exactly then)
//   G afgehandeld anna/behandelaar ON_TIME | pk-1 verleend gina/coordinator ON_TIME | pk-2 controle unassigned OVERDUE

describe(`flow KPIs on ${databaseLabel()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    // HISTORY indexes: op-A 0–12, op-B 13–27, op-C 28–40, op-D 41–49, op-E 50–60, op-G 61–66, pk-1 67–78, pk-2 79–82.
    const first = await h.ingest(HISTORY.slice(0, 45)); // A, B, C whole; D's first 4 events (41–44)
    expect(first).toEqual({ received: 45, inserted: 45, duplicates: 0, casesRebuilt: 4 });
    const second = await h.ingest(HISTORY.slice(35)); // 35–82: 48 events, 35–44 (10) sent before
    // new events: D 45–49, E, G, pk-1, pk-2 → 5 cases rebuilt (C only had repeats)
    expect(second).toEqual({ received: 48, inserted: 38, duplicates: 10, casesRebuilt: 5 });
  });
  afterAll(async () => { await h.close(); });

  describe('inflow', () => {
    it('counts creations per MONTH and over the period', async () => {
      const r = await h.kpi('inflow', { asOf: LATE, period: H1_2025, granularity: 'MONTH' });
      expect(bucketStarts(r)).toEqual([M.jan, M.feb, M.mar, M.apr, M.may, M.jun]);
      expect(values(r)).toEqual([3, 2, 2, 1, 0, 0]);
      expect(r.value).toBe(8);
    });

    it('counts everything up to asOf without a period, including a creation at exactly asOf', async () => {
      expect((await h.kpi('inflow', { asOf: LATE })).value).toBe(8);
      // D is created 2025-02-10 14:00+01 = 13:00Z; before it: A, B, pk-1, C
      expect((await h.kpi('inflow', { asOf: '2025-02-10T13:00:00.000Z' })).value).toBe(5);
      expect((await h.kpi('inflow', { asOf: '2025-02-10T12:59:59.999Z' })).value).toBe(4);
    });

    it('stops the buckets at asOf, counting a creation at exactly asOf in the last one', async () => {
      // asOf = E's creation 2025-03-24 11:00+01 = 10:00Z: buckets Jan..Mar; Mar: pk-2, E = 2
      const r = await h.kpi('inflow', { asOf: '2025-03-24T10:00:00.000Z', period: H1_2025, granularity: 'MONTH' });
      expect(bucketStarts(r)).toEqual([M.jan, M.feb, M.mar]);
      expect(values(r)).toEqual([3, 2, 2]);
      expect(r.value).toBe(7);
    });

    it('gives no buckets when the period starts after asOf', async () => {
      // asOf 2025-03-24 10:00Z (11:00 Amsterdam, E's creation); period from 12:00 Amsterdam (11:00Z)
      // that same day. "The period up to asOf" is empty, so no bucket overlaps it — not even the
      // DAY or MONTH bucket that contains both asOf and `from` — and no creation lies in
      // [from, to) ∩ (-∞, asOf]: value 0, no points, also with groups.
      const asOf = '2025-03-24T10:00:00.000Z';
      const period = { from: '2025-03-24T11:00:00.000Z', to: M.may };
      for (const granularity of ['HOUR', 'DAY', 'MONTH'] as const) {
        const r = await h.kpi('inflow', { asOf, period, granularity });
        expect(r.points).toEqual([]);
        expect(r.value).toBe(0);
      }
      const g = await h.kpi('inflow', { asOf, period, granularity: 'DAY', groupBy: ['CASE_TYPE'] });
      expect(g.points).toEqual([]);
      // from exactly at asOf: the period up to asOf is that one millisecond, with E's creation in
      // it: one DAY bucket (03-24 starts at 03-23 23:00Z) holding 1.
      const one = await h.kpi('inflow', { asOf, period: { from: asOf, to: M.may }, granularity: 'DAY' });
      expect(one.points).toEqual([{ bucket: '2025-03-23T23:00:00.000Z', groups: [], value: 1 }]);
      expect(one.value).toBe(1);
    });

    it('filters on caseTypes', async () => {
      const r = await h.kpi('inflow', { asOf: LATE, period: H1_2025, granularity: 'MONTH', caseTypes: ['ooievaarspas'] });
      expect(values(r)).toEqual([2, 2, 1, 1, 0, 0]);
      expect(r.value).toBe(6);
    });

    it('counts only the part of the first bucket inside the period', async () => {
      // [2025-01-10 00:00+01, 2025-03-01): A (01-06) is before the period → Jan: B, pk-1 = 2; Feb: C, D = 2
      const r = await h.kpi('inflow', { asOf: LATE, period: { from: '2025-01-09T23:00:00.000Z', to: M.mar }, granularity: 'MONTH' });
      expect(bucketStarts(r)).toEqual([M.jan, M.feb]);
      expect(values(r)).toEqual([2, 2]);
      expect(r.value).toBe(4);
    });

    it('filters statuses on the state at each bucket snapshot, and the value on the state at the period end', async () => {
      // afgehandeld at each month end: Jan none (A, B in_behandeling; pk-1 wacht_op_betaling);
      // Feb: C (closed 02-20) yes, D no → 1; Mar: pk-2 controle, E in_behandeling → 0; Apr: G ontvangen → 0
      const r = await h.kpi('inflow', { asOf: LATE, period: H1_2025, granularity: 'MONTH', statuses: ['afgehandeld'] });
      expect(values(r)).toEqual([0, 1, 0, 0, 0, 0]);
      // at the end of H1: A, B, C, G are afgehandeld → 4
      expect(r.value).toBe(4);
    });

    it('filters on roles and assignees at the period end', async () => {
      // behandelaar at H1 end: C (erik kept the role), D, G = 3; anna: G = 1
      expect((await h.kpi('inflow', { asOf: LATE, period: H1_2025, roles: ['behandelaar'] })).value).toBe(3);
      expect((await h.kpi('inflow', { asOf: LATE, period: H1_2025, assignees: ['anna'] })).value).toBe(1);
    });

    it('filters and groups on timeliness (closed cases by their last closing)', async () => {
      // OVERDUE: B, C (last closing late), D, pk-2 = 4; ON_TIME: A, E, G, pk-1 = 4
      expect((await h.kpi('inflow', { asOf: LATE, period: H1_2025, timeliness: 'OVERDUE' })).value).toBe(4);
      expect((await h.kpi('inflow', { asOf: LATE, period: H1_2025, timeliness: 'ON_TIME' })).value).toBe(4);
      const r = await h.kpi('inflow', { asOf: LATE, period: H1_2025, groupBy: ['TIMELINESS'] });
      expect(byGroup(r)).toEqual({ ON_TIME: 4, OVERDUE: 4 });
    });

    it('groups by ASSIGNEE with unassigned last', async () => {
      // bert A, B; carla D; erik C; anna G; gina pk-1; unassigned E (since 05-20), pk-2
      const r = await h.kpi('inflow', { asOf: LATE, period: H1_2025, groupBy: ['ASSIGNEE'] });
      expect(byGroup(r)).toEqual({ anna: 1, bert: 2, carla: 1, erik: 1, gina: 1, null: 2 });
      expect(groupKeys(r)[5]).toBe('null');
    });

    it('groups by STATUS', async () => {
      const r = await h.kpi('inflow', { asOf: LATE, period: H1_2025, groupBy: ['STATUS'] });
      expect(byGroup(r)).toEqual({ afgehandeld: 4, controle: 1, in_behandeling: 1, informatieverzoek: 1, verleend: 1 });
      expect(r.points.find((p) => p.groups[0].key === 'verleend')!.groups[0].label).toBe('Vergunning verleend');
    });

    it('groups by STEP and filters on steps through the open tasks at the period end', async () => {
      // open tasks at H1 end: d-info (D), e-beoordelen (E), p2-beoordelen (pk-2); the 5 others have none
      const r = await h.kpi('inflow', { asOf: LATE, period: H1_2025, groupBy: ['STEP'] });
      expect(byGroup(r)).toEqual({ beoordelen: 2, informatie_opvragen: 1, null: 5 });
      expect((await h.kpi('inflow', { asOf: LATE, period: H1_2025, steps: ['beoordelen'] })).value).toBe(2);
    });

    it('groups by CASE_TYPE per MONTH', async () => {
      const r = await h.kpi('inflow', { asOf: LATE, period: { from: M.jan, to: M.apr }, granularity: 'MONTH', groupBy: ['CASE_TYPE'] });
      // Jan op A, B / pk pk-1; Feb op C, D / pk 0; Mar op E / pk pk-2
      expect(r.points.map((p) => [p.bucket, p.groups[0].key, p.value])).toEqual([
        [M.jan, 'ooievaarspas', 2], [M.jan, 'parkeervergunning', 1],
        [M.feb, 'ooievaarspas', 2], [M.feb, 'parkeervergunning', 0],
        [M.mar, 'ooievaarspas', 1], [M.mar, 'parkeervergunning', 1],
      ]);
    });
  });

  describe('outflow', () => {
    it('counts closings per MONTH; a reopened case closed again counts twice', async () => {
      const r = await h.kpi('outflow', { asOf: LATE, period: H1_2025, granularity: 'MONTH' });
      expect(values(r)).toEqual([0, 3, 0, 1, 2, 0]);
      expect(r.value).toBe(6);
      expect((await h.kpi('outflow', { asOf: LATE, caseTypes: ['ooievaarspas'] })).value).toBe(5);
    });

    it('is 0 (not null) for a period without closings', async () => {
      expect((await h.kpi('outflow', { asOf: LATE, period: { from: M.mar, to: M.apr } })).value).toBe(0);
    });

    it('judges each closing by its own lateness', async () => {
      // late: C's second closing, B = 2; on time: pk-1, A, C's first, G = 4
      expect((await h.kpi('outflow', { asOf: LATE, period: H1_2025, timeliness: 'OVERDUE' })).value).toBe(2);
      expect((await h.kpi('outflow', { asOf: LATE, period: H1_2025, timeliness: 'ON_TIME' })).value).toBe(4);
    });

    it('fills every MONTH with both TIMELINESS groups', async () => {
      const r = await h.kpi('outflow', { asOf: LATE, period: H1_2025, granularity: 'MONTH', groupBy: ['TIMELINESS'] });
      // Jan 0/0, Feb 3/0, Mar 0/0, Apr 0/1 (C), May 1/1 (G, B), Jun 0/0
      expect(r.points.map((p) => `${p.groups[0].key}:${p.value}`)).toEqual([
        'ON_TIME:0', 'OVERDUE:0', 'ON_TIME:3', 'OVERDUE:0', 'ON_TIME:0', 'OVERDUE:0',
        'ON_TIME:0', 'OVERDUE:1', 'ON_TIME:1', 'OVERDUE:1', 'ON_TIME:0', 'OVERDUE:0',
      ]);
      expect(r.points[1].groups[0].label).toBe('Over de termijn');
    });

    it('filters assignees on the case state at each bucket snapshot', async () => {
      // C closed 02-20 while anna's, reassigned to erik on 03-03, closed again 04-07.
      // Feb bucket (state 02-28): C is anna's → 0. Apr bucket (state 04-30): erik → 1.
      const r = await h.kpi('outflow', { asOf: LATE, period: H1_2025, granularity: 'MONTH', assignees: ['erik'] });
      expect(values(r)).toEqual([0, 0, 0, 1, 0, 0]);
      // the period value uses the state at the end of H1: both closings are erik's → 2
      expect(r.value).toBe(2);
    });

    it('filters on roles and statuses and groups by CASE_TYPE', async () => {
      // coordinator at H1 end: pk-1 → 1; verleend: pk-1 → 1; afgehandeld: A, C, C, G, B → 5
      expect((await h.kpi('outflow', { asOf: LATE, period: H1_2025, roles: ['coordinator'] })).value).toBe(1);
      expect((await h.kpi('outflow', { asOf: LATE, period: H1_2025, statuses: ['verleend'] })).value).toBe(1);
      expect((await h.kpi('outflow', { asOf: LATE, period: H1_2025, statuses: ['afgehandeld'] })).value).toBe(5);
      const r = await h.kpi('outflow', { asOf: LATE, period: H1_2025, groupBy: ['CASE_TYPE'] });
      expect(byGroup(r)).toEqual({ ooievaarspas: 5, parkeervergunning: 1 });
    });
  });

  describe('closedLeadTime', () => {
    it('is the mean lead time of the closings per MONTH, null without closings', async () => {
      // Feb (18 + 39 + 17) / 3; Apr 63; May (22 + 119) / 2; total (18+39+17+63+22+119) / 6 = 278 / 6
      const r = await h.kpi('closedLeadTime', { asOf: LATE, period: H1_2025, granularity: 'MONTH' });
      const v = values(r);
      expect(v[0]).toBeNull();
      expect(v[1]).toBeCloseTo(74 / 3, 9);
      expect(v[2]).toBeNull();
      expect(v[3]).toBeCloseTo(63, 9);
      expect(v[4]).toBeCloseTo(70.5, 9);
      expect(v[5]).toBeNull();
      expect(r.value).toBeCloseTo(278 / 6, 9);
    });

    it('filters on caseTypes and groups by TIMELINESS', async () => {
      // ooievaarspas: (39 + 17 + 63 + 22 + 119) / 5 = 52
      expect((await h.kpi('closedLeadTime', { asOf: LATE, caseTypes: ['ooievaarspas'] })).value).toBeCloseTo(52, 9);
      // on time (18 + 39 + 17 + 22) / 4 = 24; late (63 + 119) / 2 = 91
      const r = await h.kpi('closedLeadTime', { asOf: LATE, period: H1_2025, groupBy: ['TIMELINESS'] });
      expect(groupKeys(r)).toEqual(['ON_TIME', 'OVERDUE']);
      expect(r.points[0].value).toBeCloseTo(24, 9);
      expect(r.points[1].value).toBeCloseTo(91, 9);
    });
  });

  describe('onTimeRate', () => {
    it('is the percentage of closings on time per MONTH, null without closings', async () => {
      // Feb 3/3; Apr 0/1; May 1/2 (G on time, B late); total 4/6
      const r = await h.kpi('onTimeRate', { asOf: LATE, period: H1_2025, granularity: 'MONTH' });
      const v = values(r);
      expect(v[0]).toBeNull();
      expect(v[1]).toBeCloseTo(100, 9);
      expect(v[2]).toBeNull();
      expect(v[3]).toBeCloseTo(0, 9);
      expect(v[4]).toBeCloseTo(50, 9);
      expect(v[5]).toBeNull();
      expect(r.value).toBeCloseTo(400 / 6, 9);
    });

    it('counts a closing exactly at the effective deadline as on time', async () => {
      // 2025-05-06 (Amsterdam): only G's closing, at 15:00:00.000Z = its effective deadline → 100
      expect((await h.kpi('onTimeRate', { asOf: LATE, period: { from: '2025-05-05T22:00:00.000Z', to: '2025-05-06T22:00:00.000Z' } })).value).toBeCloseTo(100, 9);
    });

    it('is null for a period without closings', async () => {
      expect((await h.kpi('onTimeRate', { asOf: LATE, period: { from: M.mar, to: M.apr } })).value).toBeNull();
    });

    it('filters on caseTypes and groups by CASE_TYPE', async () => {
      // ooievaarspas: A, C, G on time of A, C, C, G, B → 60; parkeervergunning pk-1 → 100
      expect((await h.kpi('onTimeRate', { asOf: LATE, caseTypes: ['ooievaarspas'] })).value).toBeCloseTo(60, 9);
      const r = await h.kpi('onTimeRate', { asOf: LATE, period: H1_2025, groupBy: ['CASE_TYPE'] });
      expect(r.points[0].groups[0].key).toBe('ooievaarspas');
      expect(r.points[0].value).toBeCloseTo(60, 9);
      expect(r.points[1].value).toBeCloseTo(100, 9);
    });
  });

  describe('aanvragenPerKanaal', () => {
    it('groups Ooievaarspas inflow by the kanaal attribute by default', async () => {
      // A digitaal, B post, C balie, D digitaal, E post, G digitaal
      const r = await h.kpi('aanvragenPerKanaal', { asOf: LATE, period: H1_2025 });
      expect(r.points).toHaveLength(3);
      expect(r.points).toEqual(expect.arrayContaining([
        { bucket: null, groups: [{ by: 'ATTRIBUTE', attribute: 'kanaal', key: 'balie', label: 'Balie' }], value: 1 },
        { bucket: null, groups: [{ by: 'ATTRIBUTE', attribute: 'kanaal', key: 'digitaal', label: 'Digitaal (website)' }], value: 3 },
        { bucket: null, groups: [{ by: 'ATTRIBUTE', attribute: 'kanaal', key: 'post', label: 'Post' }], value: 2 },
      ]));
      expect(r.value).toBe(6);
    });

    it('fills every channel in every MONTH', async () => {
      // Jan: A digitaal, B post | Feb: C balie, D digitaal | Mar: E post
      const r = await h.kpi('aanvragenPerKanaal', { asOf: LATE, period: { from: M.jan, to: M.apr }, granularity: 'MONTH' });
      expect(r.points).toHaveLength(9);
      expect(perBucket(r)).toEqual({
        [M.jan]: { balie: 0, digitaal: 1, post: 1 },
        [M.feb]: { balie: 1, digitaal: 1, post: 0 },
        [M.mar]: { balie: 0, digitaal: 0, post: 1 },
      });
    });

    it('filters on dimensions.attributes', async () => {
      const r = await h.kpi('aanvragenPerKanaal', { asOf: LATE, period: H1_2025, attributes: [{ key: 'kanaal', values: ['post'] }] });
      expect(r.value).toBe(2);
      expect(byGroup(r)).toEqual({ post: 2 });
      // per MONTH: B in Jan, E in Mar
      const m = await h.kpi('aanvragenPerKanaal', { asOf: LATE, period: H1_2025, granularity: 'MONTH', attributes: [{ key: 'kanaal', values: ['post'] }] });
      expect(values(m)).toEqual([1, 0, 1, 0, 0, 0]);
    });
  });
});
