// Why: the task KPIs of contract section 6 — openTasks, overdueTasks (snapshot) and completedTasks,
// taskDuration (flow) — over the shared history, each dimension on its own. A task's role and
// assignee are its own, else its case's; a task without dueAt is due at start + its step's term.
// The history is ingested SHUFFLED (fixed seed): the result may not depend on arrival order.
import { createHarness, Harness } from '../helpers/harness';
import { databaseLabel } from '../helpers/database';
import { HISTORY, T_MAR15, T_APR10, LATE, H1_2025, MONTH_STARTS_2025 as M, shuffled, values, byGroup, groupKeys, perBucket } from './history';

// Tasks (Amsterdam times; UTC where it matters):
//  task          case  step                  created        due                       completed        days    late?
//  a-intake      A     intake                01-06 09:05    01-09 09:05 (P3D)         01-08 09:05      2       no
//  a-beoordelen  A     beoordelen            01-08 09:05    01-22 09:05 = 08:05Z      01-24 09:05      16      yes
//  a-besluiten   A     besluiten (manager,   01-24 09:05    01-31 09:05 (P1W)         01-28 21:05      4.5     no
//                       assignee dirk)
//  p1-kenteken   pk-1  kenteken_controleren  01-20 08:00    01-22 08:00 (P2D)         01-21 08:00      1       no
//  p1-betaling   pk-1  betaling              01-21 08:00    02-04 08:00 (P14D)        02-06 08:00      16      yes
//  c-intake      C     intake                02-03 09:30    '2025-02-05' end of day   02-04 09:30      1       no
//  c-beoordelen  C     beoordelen            03-03 09:30    03-17 09:30               03-14 09:30      11      no
//  e-intake      E     intake                03-25 09:00+01 03-28 09:00+01            03-31 09:00+02   143 h = 143/24  yes
//  d-beoordelen  D     beoordelen            03-20 10:00+01 '2025-04-11' → 21:59:59.999Z 04-11 10:00+02  527 h = 527/24  no
//  b-besluiten   B     besluiten             04-01 09:00+02 '2025-04-10' → 21:59:59.999Z 05-12 11:00+02  41 d 2 h = 986/24  yes
//  d-info        D     informatie_opvragen   02-12 10:00    02-20 17:00+01 = 16:00Z   open (role senior; bert, anna from 03-10)
//  e-beoordelen  E     beoordelen (senior)   03-31 09:00+02 04-14 09:00+02 = 07:00Z   open
//  p2-beoordelen pk-2  beoordelen            03-04 12:00    '2025-03-07' → 22:59:59.999Z  open
//
// Open at T_APR10 (2025-04-10 10:00Z), role / assignee (own else case) / timeliness:
//  b-besluiten senior(B) / bert(B) / ON_TIME; d-info senior / anna / OVERDUE;
//  d-beoordelen behandelaar(D) / carla(D) / ON_TIME; e-beoordelen senior / dirk(E) / ON_TIME;
//  p2-beoordelen null / null / OVERDUE

describe(`task KPIs on ${databaseLabel()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    const events = shuffled(HISTORY);
    expect(events.map((e) => e.id)).not.toEqual(HISTORY.map((e) => e.id));
    await h.ingest(events);
  });
  afterAll(async () => { await h.close(); });

  describe('openTasks and overdueTasks', () => {
    it('count open tasks and those past dueAt at asOf', async () => {
      // 01-10 12:00Z: a-beoordelen only (due 01-22) → 1 open, 0 overdue
      expect((await h.kpi('openTasks', { asOf: '2025-01-10T12:00:00.000Z' })).value).toBe(1);
      expect((await h.kpi('overdueTasks', { asOf: '2025-01-10T12:00:00.000Z' })).value).toBe(0);
      // 01-23 12:00Z: a-beoordelen (overdue since 01-22 08:05Z), p1-betaling (due 02-04) → 2 open, 1 overdue
      expect((await h.kpi('openTasks', { asOf: '2025-01-23T12:00:00.000Z' })).value).toBe(2);
      expect((await h.kpi('overdueTasks', { asOf: '2025-01-23T12:00:00.000Z' })).value).toBe(1);
      // T_MAR15: d-info, p2-beoordelen, both overdue
      expect((await h.kpi('openTasks', { asOf: T_MAR15 })).value).toBe(2);
      expect((await h.kpi('overdueTasks', { asOf: T_MAR15 })).value).toBe(2);
      // T_APR10: 5 open; d-info and p2-beoordelen overdue
      expect((await h.kpi('openTasks', { asOf: T_APR10 })).value).toBe(5);
      expect((await h.kpi('overdueTasks', { asOf: T_APR10 })).value).toBe(2);
    });

    it('derives dueAt from the step term when a task has none, overdue 1 ms after it', async () => {
      // a-beoordelen: 2025-01-08 09:05+01 + P2W = 01-22 09:05+01 = 08:05:00.000Z
      expect((await h.kpi('overdueTasks', { asOf: '2025-01-22T08:05:00.000Z' })).value).toBe(0);
      expect((await h.kpi('overdueTasks', { asOf: '2025-01-22T08:05:00.001Z' })).value).toBe(1);
      // e-beoordelen: 2025-03-31 09:00+02 + P2W = 04-14 09:00+02 = 07:00Z
      expect((await h.kpi('overdueTasks', { asOf: '2025-04-14T07:00:00.000Z', caseId: 'op-E' })).value).toBe(0);
      expect((await h.kpi('overdueTasks', { asOf: '2025-04-14T07:00:00.001Z', caseId: 'op-E' })).value).toBe(1);
    });

    it('treats a date dueAt as the end of that day in Amsterdam', async () => {
      // b-besluiten '2025-04-10' → 21:59:59.999Z
      expect((await h.kpi('overdueTasks', { asOf: '2025-04-10T21:59:59.999Z', caseId: 'op-B' })).value).toBe(0);
      expect((await h.kpi('overdueTasks', { asOf: '2025-04-10T22:00:00.000Z', caseId: 'op-B' })).value).toBe(1);
    });

    it('answers for one case with caseId', async () => {
      // D at T_APR10: d-info, d-beoordelen
      expect((await h.kpi('openTasks', { asOf: T_APR10, caseId: 'op-D' })).value).toBe(2);
      expect((await h.kpi('overdueTasks', { asOf: T_APR10, caseId: 'op-D' })).value).toBe(1);
    });

    it('groups by STEP', async () => {
      const r = await h.kpi('openTasks', { asOf: T_APR10, groupBy: ['STEP'] });
      // besluiten b; beoordelen d, e, p2 (both processes have a beoordelen step); informatie_opvragen d-info
      expect(byGroup(r)).toEqual({ besluiten: 1, beoordelen: 3, informatie_opvragen: 1 });
      expect(r.points.find((p) => p.groups[0].key === 'besluiten')!.groups[0].label).toBe('Besluiten');
    });

    it('uses the task\'s own role, else its case\'s (filter and group)', async () => {
      // senior: b (case B), d-info (own), e-beoordelen (own; case E is manager) → 3
      expect((await h.kpi('openTasks', { asOf: T_APR10, roles: ['senior'] })).value).toBe(3);
      // manager: E's case role, but its task has its own role senior → 0
      expect((await h.kpi('openTasks', { asOf: T_APR10, roles: ['manager'] })).value).toBe(0);
      const r = await h.kpi('openTasks', { asOf: T_APR10, groupBy: ['ROLE'] });
      expect(byGroup(r)).toEqual({ behandelaar: 1, senior: 3, null: 1 });
      expect(groupKeys(r)[2]).toBe('null'); // null last
    });

    it('uses the task\'s own assignee, following task.assigned, else its case\'s', async () => {
      // d-info: bert until 03-10, then anna
      expect((await h.kpi('openTasks', { asOf: '2025-03-05T12:00:00.000Z', assignees: ['bert'] })).value).toBe(1);
      expect((await h.kpi('openTasks', { asOf: T_MAR15, assignees: ['bert'] })).value).toBe(0);
      expect((await h.kpi('openTasks', { asOf: T_MAR15, assignees: ['anna'] })).value).toBe(1);
      const r = await h.kpi('openTasks', { asOf: T_APR10, groupBy: ['ASSIGNEE'] });
      expect(byGroup(r)).toEqual({ anna: 1, bert: 1, carla: 1, dirk: 1, null: 1 });
    });

    it('filters on statuses, caseTypes and steps', async () => {
      // status of the case: controle → p2-beoordelen
      expect((await h.kpi('openTasks', { asOf: T_APR10, statuses: ['controle'] })).value).toBe(1);
      // beoordelen: d, e, p2 = 3; ooievaarspas only: d, e = 2
      expect((await h.kpi('openTasks', { asOf: T_APR10, steps: ['beoordelen'] })).value).toBe(3);
      expect((await h.kpi('openTasks', { asOf: T_APR10, steps: ['beoordelen'], caseTypes: ['ooievaarspas'] })).value).toBe(2);
      expect((await h.kpi('overdueTasks', { asOf: T_APR10, caseTypes: ['parkeervergunning'] })).value).toBe(1);
    });

    it('filters and groups on the task\'s own timeliness', async () => {
      expect((await h.kpi('openTasks', { asOf: T_APR10, timeliness: 'ON_TIME' })).value).toBe(3);
      expect((await h.kpi('openTasks', { asOf: T_APR10, timeliness: 'OVERDUE' })).value).toBe(2);
      const r = await h.kpi('openTasks', { asOf: T_APR10, groupBy: ['TIMELINESS'] });
      expect(byGroup(r)).toEqual({ ON_TIME: 3, OVERDUE: 2 });
    });

    it('gives one point per MONTH', async () => {
      // open at each month end:
      //  Jan: p1-betaling (a-besluiten done 01-28) = 1        overdue 0 (due 02-04)
      //  Feb: d-info = 1                                        overdue 1
      //  Mar: d-info, p2, d-beoordelen, e-beoordelen = 4        overdue d-info, p2 = 2
      //  Apr: b-besluiten, d-info, e-beoordelen, p2 = 4         overdue all 4 (b due 04-10, e due 04-14)
      //  May: d-info, e-beoordelen, p2 = 3 (b done 05-12)       overdue 3
      //  Jun: same 3                                            overdue 3
      const open = await h.kpi('openTasks', { asOf: LATE, period: H1_2025, granularity: 'MONTH' });
      expect(values(open)).toEqual([1, 1, 4, 4, 3, 3]);
      const overdue = await h.kpi('overdueTasks', { asOf: LATE, period: H1_2025, granularity: 'MONTH' });
      expect(values(overdue)).toEqual([0, 1, 2, 4, 3, 3]);
      expect(overdue.value).toBe(3);
    });
  });

  describe('completedTasks and taskDuration', () => {
    it('count completions per MONTH', async () => {
      // Jan: a-intake, p1-kenteken, a-beoordelen, a-besluiten = 4; Feb: c-intake, p1-betaling = 2;
      // Mar: c-beoordelen, e-intake (03-31 09:00+02 is still March) = 2; Apr: d-beoordelen = 1; May: b-besluiten = 1
      const r = await h.kpi('completedTasks', { asOf: LATE, period: H1_2025, granularity: 'MONTH' });
      expect(values(r)).toEqual([4, 2, 2, 1, 1, 0]);
      expect(r.value).toBe(10);
    });

    it('taskDuration is the mean elapsed hours / 24 per MONTH', async () => {
      // Jan (2 + 1 + 16 + 4.5) / 4 = 5.875; Feb (1 + 16) / 2 = 8.5;
      // Mar (11 + 143/24) / 2 = (264 + 143) / 48 = 407/48 (e-intake spans the spring DST change: 143 h);
      // Apr 527/24; May 986/24; Jun null
      // total: (23.5 + 17 + 407/24 + 527/24 + 986/24) / 10 = (972 + 1920) / 240 = 2892 / 240 = 12.05
      const r = await h.kpi('taskDuration', { asOf: LATE, period: H1_2025, granularity: 'MONTH' });
      const v = values(r);
      expect(v[0]).toBeCloseTo(5.875, 9);
      expect(v[1]).toBeCloseTo(8.5, 9);
      expect(v[2]).toBeCloseTo(407 / 48, 9);
      expect(v[3]).toBeCloseTo(527 / 24, 9);
      expect(v[4]).toBeCloseTo(986 / 24, 9);
      expect(v[5]).toBeNull();
      expect(r.value).toBeCloseTo(12.05, 9);
    });

    it('judges a completed task by its completion against dueAt', async () => {
      // late: a-beoordelen, p1-betaling, e-intake, b-besluiten = 4; on time: the other 6
      expect((await h.kpi('completedTasks', { asOf: LATE, timeliness: 'OVERDUE' })).value).toBe(4);
      expect((await h.kpi('completedTasks', { asOf: LATE, timeliness: 'ON_TIME' })).value).toBe(6);
      const r = await h.kpi('completedTasks', { asOf: LATE, period: H1_2025, groupBy: ['TIMELINESS'] });
      expect(byGroup(r)).toEqual({ ON_TIME: 6, OVERDUE: 4 });
      // mean duration of the late ones: (16 + 16 + 143/24 + 986/24) / 4 = (768 + 1129) / 96 = 1897/96
      expect((await h.kpi('taskDuration', { asOf: LATE, timeliness: 'OVERDUE' })).value).toBeCloseTo(1897 / 96, 9);
    });

    it('groups by STEP and filters on steps', async () => {
      // beoordelen a, c, d = 3; besluiten a, b = 2; betaling 1; intake a, c, e = 3; kenteken_controleren 1
      const r = await h.kpi('completedTasks', { asOf: LATE, period: H1_2025, groupBy: ['STEP'] });
      expect(byGroup(r)).toEqual({ beoordelen: 3, besluiten: 2, betaling: 1, intake: 3, kenteken_controleren: 1 });
      expect((await h.kpi('completedTasks', { asOf: LATE, steps: ['intake'] })).value).toBe(3);
      // intake durations: (2 + 1 + 143/24) / 3 = (72 + 143) / 72 = 215/72
      expect((await h.kpi('taskDuration', { asOf: LATE, steps: ['intake'] })).value).toBeCloseTo(215 / 72, 9);
      // beoordelen: (16 + 11 + 527/24) / 3 = (648 + 527) / 72 = 1175/72
      const d = await h.kpi('taskDuration', { asOf: LATE, period: H1_2025, groupBy: ['STEP'] });
      expect(byGroup(d).beoordelen).toBeCloseTo(1175 / 72, 9);
    });

    it('answers for one case with caseId, counting a completion at exactly asOf', async () => {
      // A: a-intake 2, a-beoordelen 16, a-besluiten 4.5 → 3 tasks, mean 7.5
      expect((await h.kpi('completedTasks', { asOf: LATE, caseId: 'op-A' })).value).toBe(3);
      expect((await h.kpi('taskDuration', { asOf: LATE, caseId: 'op-A' })).value).toBeCloseTo(7.5, 9);
      // C: c-intake done 02-04; c-beoordelen 2025-03-14 09:30+01 = 08:30Z
      expect((await h.kpi('completedTasks', { asOf: '2025-03-14T08:30:00.000Z', caseId: 'op-C' })).value).toBe(2);
      expect((await h.kpi('completedTasks', { asOf: '2025-03-14T08:29:59.999Z', caseId: 'op-C' })).value).toBe(1);
      expect((await h.kpi('taskDuration', { asOf: '2025-03-14T08:29:59.999Z', caseId: 'op-C' })).value).toBeCloseTo(1, 9);
    });

    it('uses the task\'s role, else the case\'s role at the snapshot instant', async () => {
      // at the end of H1: A senior (bert), B senior, C behandelaar, D behandelaar, E none (unassigned 05-20),
      // pk-1 coordinator; a-besluiten has its own role manager.
      // behandelaar: c-intake, c-beoordelen, d-beoordelen = 3; coordinator: p1 ×2; manager: a-besluiten;
      // senior: a-intake, a-beoordelen, b-besluiten = 3; none: e-intake
      const r = await h.kpi('completedTasks', { asOf: LATE, period: H1_2025, groupBy: ['ROLE'] });
      expect(byGroup(r)).toEqual({ behandelaar: 3, coordinator: 2, manager: 1, senior: 3, null: 1 });
      // assignee: a-besluiten's own dirk → 1
      expect((await h.kpi('completedTasks', { asOf: LATE, period: H1_2025, assignees: ['dirk'] })).value).toBe(1);
    });

    it('filters roles per WEEK on the case state at each week end', async () => {
      // pk-1 was frank/medewerker until 01-27 (gina/coordinator). W4 (01-20..01-26): p1-kenteken done 01-21,
      // pk-1 still medewerker at 01-26 end → 1 (a-beoordelen: A is senior). W5 (01-27..02-02): a-besluiten (manager) → 0.
      const r = await h.kpi('completedTasks', {
        asOf: LATE, period: { from: '2025-01-19T23:00:00.000Z', to: '2025-02-02T23:00:00.000Z' }, granularity: 'WEEK', roles: ['medewerker'],
      });
      expect(r.points.map((p) => [p.bucket, p.value])).toEqual([['2025-01-19T23:00:00.000Z', 1], ['2025-01-26T23:00:00.000Z', 0]]);
      // the value uses the state at the period end (02-02): pk-1 is coordinator → 0
      expect(r.value).toBe(0);
    });

    it('filters on statuses and caseTypes', async () => {
      // parkeervergunning: p1-kenteken, p1-betaling
      expect((await h.kpi('completedTasks', { asOf: LATE, caseTypes: ['parkeervergunning'] })).value).toBe(2);
      // case status in_behandeling at the end of H1: E only → e-intake
      expect((await h.kpi('completedTasks', { asOf: LATE, period: H1_2025, statuses: ['in_behandeling'] })).value).toBe(1);
    });

    it('taskDuration groups by CASE_TYPE per month, null where nothing completed', async () => {
      // [Feb, Apr): Feb op c-intake 1 / pk p1-betaling 16; Mar op (11 + 143/24)/2 / pk null
      const r = await h.kpi('taskDuration', { asOf: LATE, period: { from: M.feb, to: M.apr }, granularity: 'MONTH', groupBy: ['CASE_TYPE'] });
      const v = perBucket(r);
      expect(Object.keys(v)).toEqual([M.feb, M.mar]);
      expect(v[M.feb].ooievaarspas).toBeCloseTo(1, 9);
      expect(v[M.feb].parkeervergunning).toBeCloseTo(16, 9);
      expect(v[M.mar].ooievaarspas).toBeCloseTo(407 / 48, 9);
      expect(v[M.mar]).toHaveProperty('parkeervergunning', null);
    });
  });
});
