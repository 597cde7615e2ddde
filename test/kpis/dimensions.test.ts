// Why: dimensions are meant to combine freely (contract section 5). These tests take several at
// once — granularity with groups and filters, steps with timeliness and a group, statuses
// multiselect with timeliness per month — and check every point against the shared history.
import { createHarness, Harness } from '../helpers/harness';
import { databaseLabel } from '../helpers/database';
import { HISTORY, T_APR10, LATE, H1_2025, MONTH_STARTS_2025 as M, values, byGroup, groupKeys, perBucket } from './history';

describe(`combined dimensions on ${databaseLabel()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await h.ingest(HISTORY);
  });
  afterAll(async () => { await h.close(); });

  it('WEEK granularity + groupBy STATUS + roles filter (across the spring DST change)', async () => {
    // ISO weeks from Mon 2025-03-24 00:00+01 (23:00Z) to Mon 2025-04-14 00:00+02 (22:00Z); roles behandelaar or senior.
    // W13 end (Sun 03-30 23:59:59.999+02): B carla/behandelaar in_behandeling, C erik/behandelaar in_behandeling,
    //   D behandelaar informatieverzoek, E anna/behandelaar ontvangen, pk-2 unassigned → 2 / 1 / 1
    // W14 end (04-06): B bert/senior in_behandeling, C in_behandeling, D informatieverzoek; E dirk/manager out → 2 / 1 / 0
    // W15 end (04-13): B in_behandeling, D informatieverzoek (C closed 04-07) → 1 / 1 / 0
    const r = await h.kpi('openCases', {
      asOf: LATE, period: { from: '2025-03-23T23:00:00.000Z', to: '2025-04-13T22:00:00.000Z' },
      granularity: 'WEEK', groupBy: ['STATUS'], roles: ['behandelaar', 'senior'],
    });
    expect(r.points).toHaveLength(9);
    expect(perBucket(r)).toEqual({
      '2025-03-23T23:00:00.000Z': { in_behandeling: 2, informatieverzoek: 1, ontvangen: 1 },
      '2025-03-30T22:00:00.000Z': { in_behandeling: 2, informatieverzoek: 1, ontvangen: 0 },
      '2025-04-06T22:00:00.000Z': { in_behandeling: 1, informatieverzoek: 1, ontvangen: 0 },
    });
    expect([...new Set(r.points.map((p) => p.bucket))]).toEqual(['2025-03-23T23:00:00.000Z', '2025-03-30T22:00:00.000Z', '2025-04-06T22:00:00.000Z']);
    expect(r.value).toBe(2);
  });

  it('steps + timeliness OVERDUE + groupBy ROLE: case roles on a case KPI, task roles on a task KPI', async () => {
    // T_APR10, steps beoordelen or informatie_opvragen with an OVERDUE task: d-info (case D), p2-beoordelen (pk-2)
    const cases = await h.kpi('openCases', { asOf: T_APR10, steps: ['beoordelen', 'informatie_opvragen'], timeliness: 'OVERDUE', groupBy: ['ROLE'] });
    // case D is carla/behandelaar; pk-2 unassigned
    expect(groupKeys(cases)).toEqual(['behandelaar', 'null']);
    expect(values(cases)).toEqual([1, 1]);
    expect(cases.value).toBe(2);
    const tasks = await h.kpi('openTasks', { asOf: T_APR10, steps: ['beoordelen', 'informatie_opvragen'], timeliness: 'OVERDUE', groupBy: ['ROLE'] });
    // d-info has its own role senior; p2-beoordelen none
    expect(groupKeys(tasks)).toEqual(['senior', 'null']);
    expect(values(tasks)).toEqual([1, 1]);
    // overdueCases with an overdue informatie_opvragen task: D (overdue itself, d-info overdue) → behandelaar 1
    const overdue = await h.kpi('overdueCases', { asOf: T_APR10, steps: ['informatie_opvragen'], timeliness: 'OVERDUE', groupBy: ['ROLE'] });
    expect(byGroup(overdue)).toEqual({ behandelaar: 1 });
  });

  it('steps + groupBy TIMELINESS groups cases by the timeliness of those steps\' tasks', async () => {
    // T_APR10 beoordelen/informatie_opvragen tasks: D d-info OVERDUE + d-beoordelen ON_TIME (D in both groups),
    // E e-beoordelen ON_TIME, pk-2 p2-beoordelen OVERDUE
    const r = await h.kpi('openCases', { asOf: T_APR10, steps: ['beoordelen', 'informatie_opvragen'], groupBy: ['TIMELINESS'] });
    expect(byGroup(r)).toEqual({ ON_TIME: 2, OVERDUE: 2 });
    expect(r.value).toBe(3);
  });

  it('MONTH + timeliness OVERDUE + statuses multiselect', async () => {
    // overdue open cases at each month end, status in_behandeling or controle:
    // Jan 0; Feb 0; Mar: C (in_behandeling), pk-2 (controle) = 2 (D is informatieverzoek);
    // Apr: pk-2 = 1 (B in_behandeling but on time); May: pk-2 = 1; Jun: pk-2 = 1
    const r = await h.kpi('openCases', { asOf: LATE, period: H1_2025, granularity: 'MONTH', timeliness: 'OVERDUE', statuses: ['in_behandeling', 'controle'] });
    expect(values(r)).toEqual([0, 0, 2, 1, 1, 1]);
    expect(r.value).toBe(1);
  });

  it('MONTH + timeliness + statuses multiselect on closings', async () => {
    // late closings with status afgehandeld/verleend at the bucket end: C's second (Apr), B (May)
    const late = await h.kpi('outflow', { asOf: LATE, period: H1_2025, granularity: 'MONTH', timeliness: 'OVERDUE', statuses: ['afgehandeld', 'verleend'] });
    expect(values(late)).toEqual([0, 0, 0, 1, 1, 0]);
    expect(late.value).toBe(2);
    // on time: Feb pk-1 (verleend), A, C's first (afgehandeld on 02-28) = 3; May G = 1
    const onTime = await h.kpi('outflow', { asOf: LATE, period: H1_2025, granularity: 'MONTH', timeliness: 'ON_TIME', statuses: ['afgehandeld', 'verleend'] });
    expect(values(onTime)).toEqual([0, 3, 0, 0, 1, 0]);
  });

  it('DAY + groupBy STEP on a case KPI follows tasks opening and closing', async () => {
    // ooievaarspas, days 04-09..04-11 (Amsterdam), state at each day end:
    // 04-09 and 04-10: B besluiten; D informatie_opvragen + beoordelen; E beoordelen → besluiten 1, beoordelen 2, info 1
    // 04-11: d-beoordelen completed 08:00Z → beoordelen 1 (E)
    const r = await h.kpi('openCases', {
      asOf: LATE, caseTypes: ['ooievaarspas'], period: { from: '2025-04-08T22:00:00.000Z', to: '2025-04-11T22:00:00.000Z' },
      granularity: 'DAY', groupBy: ['STEP'],
    });
    expect(r.points).toHaveLength(9);
    expect(perBucket(r)).toEqual({
      '2025-04-08T22:00:00.000Z': { besluiten: 1, beoordelen: 2, informatie_opvragen: 1 },
      '2025-04-09T22:00:00.000Z': { besluiten: 1, beoordelen: 2, informatie_opvragen: 1 },
      '2025-04-10T22:00:00.000Z': { besluiten: 1, beoordelen: 1, informatie_opvragen: 1 },
    });
  });

  it('QUARTER + groupBy ROLE on inflow uses the role at each quarter end', async () => {
    // Q1 creations A, B, pk-1, C, D, pk-2, E; roles at 03-31 end: A senior, B behandelaar (bert only from 04-01),
    // pk-1 coordinator, C behandelaar, D behandelaar, pk-2 none, E behandelaar (dirk only from 04-02)
    // → behandelaar 4, coordinator 1, senior 1, null 1. Q2: G (behandelaar at 06-30) → behandelaar 1.
    const r = await h.kpi('inflow', { asOf: LATE, period: H1_2025, granularity: 'QUARTER', groupBy: ['ROLE'] });
    expect(r.points).toHaveLength(8);
    expect(perBucket(r)).toEqual({
      [M.jan]: { behandelaar: 4, coordinator: 1, senior: 1, null: 1 },
      [M.apr]: { behandelaar: 1, coordinator: 0, senior: 0, null: 0 },
    });
    expect(r.points[0].bucket).toBe(M.jan);
    expect(r.value).toBe(8);
  });

  it('YEAR granularity gives one bucket starting at local new year', async () => {
    const r = await h.kpi('inflow', { asOf: LATE, period: { from: M.jan, to: '2025-12-31T23:00:00.000Z' }, granularity: 'YEAR' });
    expect(r.points).toEqual([{ bucket: '2024-12-31T23:00:00.000Z', groups: [], value: 8 }]);
  });

  it('MONTH + groupBy STEP + caseTypes on completed tasks', async () => {
    // ooievaarspas completions Jan..Mar: Jan a-beoordelen, a-besluiten, a-intake; Feb c-intake; Mar c-beoordelen, e-intake
    const r = await h.kpi('completedTasks', { asOf: LATE, caseTypes: ['ooievaarspas'], period: { from: M.jan, to: M.apr }, granularity: 'MONTH', groupBy: ['STEP'] });
    expect(r.points).toHaveLength(9);
    expect(perBucket(r)).toEqual({
      [M.jan]: { beoordelen: 1, besluiten: 1, intake: 1 },
      [M.feb]: { beoordelen: 0, besluiten: 0, intake: 1 },
      [M.mar]: { beoordelen: 1, besluiten: 0, intake: 1 },
    });
  });

  it('groupBy ASSIGNEE + TIMELINESS on closings, with assignees filter', async () => {
    // closings of bert's cases (state at H1 end): A (on time), B (late) → bert/ON_TIME 1, bert/OVERDUE 1
    const r = await h.kpi('outflow', { asOf: LATE, period: H1_2025, assignees: ['bert'], groupBy: ['ASSIGNEE', 'TIMELINESS'] });
    expect(byGroup(r)).toEqual({ 'bert/ON_TIME': 1, 'bert/OVERDUE': 1 });
    expect(r.value).toBe(2);
  });

  it('onTimeRate per MONTH grouped by CASE_TYPE', async () => {
    // Feb: op A, C on time → 100; pk pk-1 → 100 | Apr: op C late → 0; pk none → null | May: op G, B → 50
    const r = await h.kpi('onTimeRate', { asOf: LATE, period: { from: M.feb, to: M.jun }, granularity: 'MONTH', groupBy: ['CASE_TYPE'] });
    expect(r.points.map((p) => [p.bucket, p.groups[0].key, p.value])).toEqual([
      [M.feb, 'ooievaarspas', 100], [M.feb, 'parkeervergunning', 100],
      [M.mar, 'ooievaarspas', null], [M.mar, 'parkeervergunning', null],
      [M.apr, 'ooievaarspas', 0], [M.apr, 'parkeervergunning', null],
      [M.may, 'ooievaarspas', 50], [M.may, 'parkeervergunning', null],
    ]);
  });
});
