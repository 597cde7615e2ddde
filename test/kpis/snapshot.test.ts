// Why: the snapshot (stock) KPIs of contract section 6 — openCases, overdueCases, openCaseLetters,
// caseLeadTime and their Ooievaarspas names — measured at hand-chosen instants of the shared
// history (test/kpis/history.ts), each dimension on its own. The history is ingested in REVERSE
// order: state must follow `at`, not arrival (contract section 3).
import { createHarness, Harness } from '../helpers/harness';
import { databaseLabel } from '../helpers/database';
import {
  HISTORY, T_FEB15, T_MAR15, T_APR10, T_JUN01, LATE, H1_2025, MONTH_STARTS_2025 as M,
  values, bucketStarts, byGroup, groupKeys,
} from './history';

// State table the tests below read from (worked out from the timeline in history.ts):
//
// at T_MAR15 (2025-03-15 12:00 Amsterdam): open B, C, D, pk-2 (A, pk-1 closed; E, G not created)
//   B  op  in_behandeling    carla/behandelaar  ON_TIME (eff. deadline moved by suspension and extension)
//   C  op  in_behandeling    erik/behandelaar   ON_TIME (reopened 03-03, deadline 03-31 07:00Z)
//   D  op  informatieverzoek carla/behandelaar  OVERDUE (date deadline 03-01)   open task d-info (OVERDUE)
//   P2 pk  controle          unassigned         ON_TIME (deadline 03-31 10:00Z) open task p2-beoordelen (OVERDUE)
//
// at T_APR10 (2025-04-10 12:00 Amsterdam): open B, D, E, pk-2 (C closed again 04-07; G not created)
//   B  op  in_behandeling    bert/senior        ON_TIME  task b-besluiten (due 04-10 21:59:59.999Z: ON_TIME)
//   D  op  informatieverzoek carla/behandelaar  OVERDUE  tasks d-info (OVERDUE), d-beoordelen (due 04-11: ON_TIME)
//   E  op  in_behandeling    dirk/manager       ON_TIME  task e-beoordelen (due 04-14: ON_TIME)
//   P2 pk  controle          unassigned         OVERDUE  task p2-beoordelen (OVERDUE)

describe(`snapshot KPIs on ${databaseLabel()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    const r = await h.ingest([...HISTORY].reverse());
    // 83 events, none sent before: all inserted; 8 cases rebuilt (op-A, B, C, D, E, G, pk-1, pk-2).
    expect(HISTORY.length).toBe(83);
    expect(r.received).toBe(HISTORY.length);
    expect(r.inserted).toBe(HISTORY.length);
    expect(r.duplicates).toBe(0);
    expect(r.casesRebuilt).toBe(8);
  });
  afterAll(async () => { await h.close(); });

  describe('openCases', () => {
    it('counts the cases open at asOf (without a period)', async () => {
      // T_FEB15: A closed 02-14 15:00, pk-1 closed 02-07 → open B, C, D = 3
      expect((await h.kpi('openCases', { asOf: T_FEB15 })).value).toBe(3);
      // T_MAR15: B, C (reopened), D, pk-2 = 4
      expect((await h.kpi('openCases', { asOf: T_MAR15 })).value).toBe(4);
      // T_APR10: B, D, E, pk-2 = 4 (C closed again on 04-07)
      expect((await h.kpi('openCases', { asOf: T_APR10 })).value).toBe(4);
      // T_JUN01: B closed 05-12, G closed 05-06 → D, E, pk-2 = 3
      expect((await h.kpi('openCases', { asOf: T_JUN01 })).value).toBe(3);
    });

    it('gives no buckets when the period starts after asOf, but still a value at asOf', async () => {
      // asOf 2025-03-24 10:00Z = E's creation (11:00 Amsterdam); period from 11:00Z that day to May.
      // No bucket overlaps the period up to asOf (it is empty): no points. `value` is measured at
      // the period's end capped at asOf, i.e. at asOf: open are B, C (reopened 03-03, closed again
      // 04-07), D, pk-2 and E (created exactly at asOf); A and pk-1 are closed, G not created = 5.
      const r = await h.kpi('openCases', { asOf: '2025-03-24T10:00:00.000Z', period: { from: '2025-03-24T11:00:00.000Z', to: M.may }, granularity: 'MONTH', groupBy: ['STATUS'] });
      expect(r.points).toEqual([]);
      expect(r.value).toBe(5);
    });

    it('returns no points without granularity and groupBy', async () => {
      const r = await h.kpi('openCases', { asOf: T_APR10 });
      expect(r.points).toEqual([]);
    });

    it('filters on caseTypes', async () => {
      // T_APR10: ooievaarspas B, D, E = 3; parkeervergunning pk-2 = 1
      expect((await h.kpi('openCases', { asOf: T_APR10, caseTypes: ['ooievaarspas'] })).value).toBe(3);
      expect((await h.kpi('openCases', { asOf: T_APR10, caseTypes: ['parkeervergunning'] })).value).toBe(1);
      expect((await h.kpi('openCases', { asOf: T_APR10, caseTypes: ['ooievaarspas', 'parkeervergunning'] })).value).toBe(4);
    });

    it('filters on a status multiselect', async () => {
      // T_APR10: in_behandeling B, E = 2; + controle pk-2 = 3
      expect((await h.kpi('openCases', { asOf: T_APR10, statuses: ['in_behandeling'] })).value).toBe(2);
      expect((await h.kpi('openCases', { asOf: T_APR10, statuses: ['in_behandeling', 'controle'] })).value).toBe(3);
    });

    it('filters on roles', async () => {
      // T_APR10: senior B = 1; behandelaar D + manager E = 2
      expect((await h.kpi('openCases', { asOf: T_APR10, roles: ['senior'] })).value).toBe(1);
      expect((await h.kpi('openCases', { asOf: T_APR10, roles: ['behandelaar', 'manager'] })).value).toBe(2);
    });

    it('keeps the previous role when a case is assigned without a role', async () => {
      // C was anna/behandelaar, reassigned to erik without role on 03-03: at T_MAR15 behandelaar = B, C, D = 3
      expect((await h.kpi('openCases', { asOf: T_MAR15, roles: ['behandelaar'] })).value).toBe(3);
      expect((await h.kpi('openCases', { asOf: T_MAR15, assignees: ['erik'], roles: ['behandelaar'] })).value).toBe(1);
    });

    it('filters on assignees', async () => {
      // T_APR10: carla D = 1; carla D + bert B = 2
      expect((await h.kpi('openCases', { asOf: T_APR10, assignees: ['carla'] })).value).toBe(1);
      expect((await h.kpi('openCases', { asOf: T_APR10, assignees: ['carla', 'bert'] })).value).toBe(2);
    });

    it('applies an assignment made at the creation instant even when its id sorts first', async () => {
      // op-E-00 (assigned anna) and op-E-01 (created) share 2025-03-24 11:00+01 = 10:00Z; created applies
      // first, so at exactly that instant E is anna's. Other anna cases then: A, C closed/erik → 1.
      expect((await h.kpi('openCases', { asOf: '2025-03-24T10:00:00.000Z', assignees: ['anna'] })).value).toBe(1);
      // 1 ms earlier E does not exist yet.
      expect((await h.kpi('openCases', { asOf: '2025-03-24T09:59:59.999Z', assignees: ['anna'] })).value).toBe(0);
    });

    it('filters on timeliness (the case deadline)', async () => {
      // T_APR10: OVERDUE D, pk-2 = 2; ON_TIME B, E = 2. T_MAR15: OVERDUE D = 1; ON_TIME B, C, pk-2 = 3
      expect((await h.kpi('openCases', { asOf: T_APR10, timeliness: 'OVERDUE' })).value).toBe(2);
      expect((await h.kpi('openCases', { asOf: T_APR10, timeliness: 'ON_TIME' })).value).toBe(2);
      expect((await h.kpi('openCases', { asOf: T_MAR15, timeliness: 'OVERDUE' })).value).toBe(1);
      expect((await h.kpi('openCases', { asOf: T_MAR15, timeliness: 'ON_TIME' })).value).toBe(3);
    });

    it('filters on steps: cases with an open task in one of them', async () => {
      // T_APR10: open beoordelen tasks: d-beoordelen (D), e-beoordelen (E), p2-beoordelen (pk-2) → 3 cases
      expect((await h.kpi('openCases', { asOf: T_APR10, steps: ['beoordelen'] })).value).toBe(3);
      // besluiten: b-besluiten (B) → 1
      expect((await h.kpi('openCases', { asOf: T_APR10, steps: ['besluiten'] })).value).toBe(1);
      // T_MAR15: only d-info and p2-beoordelen are open → intake: 0
      expect((await h.kpi('openCases', { asOf: T_MAR15, steps: ['intake'] })).value).toBe(0);
    });

    it('judges the tasks of the chosen steps, not the case deadline, with steps + timeliness', async () => {
      // T_APR10 beoordelen tasks: d-beoordelen ON_TIME, e-beoordelen ON_TIME, p2-beoordelen OVERDUE
      // OVERDUE → pk-2 only (D is overdue as a case, but its beoordelen task is on time)
      expect((await h.kpi('openCases', { asOf: T_APR10, steps: ['beoordelen'], timeliness: 'OVERDUE' })).value).toBe(1);
      // ON_TIME → D and E (D counts although the case itself is overdue)
      expect((await h.kpi('openCases', { asOf: T_APR10, steps: ['beoordelen'], timeliness: 'ON_TIME' })).value).toBe(2);
      // besluiten: b-besluiten is due 04-10 21:59:59.999Z, so at 10:00Z ON_TIME → B; OVERDUE → none
      expect((await h.kpi('openCases', { asOf: T_APR10, steps: ['besluiten'], timeliness: 'ON_TIME' })).value).toBe(1);
      expect((await h.kpi('openCases', { asOf: T_APR10, steps: ['besluiten'], timeliness: 'OVERDUE' })).value).toBe(0);
      // informatie_opvragen or besluiten, OVERDUE → D (d-info) = 1
      expect((await h.kpi('openCases', { asOf: T_APR10, steps: ['informatie_opvragen', 'besluiten'], timeliness: 'OVERDUE' })).value).toBe(1);
    });

    it('groups by STATUS with labels', async () => {
      // T_APR10: controle pk-2, in_behandeling B + E, informatieverzoek D
      const r = await h.kpi('openCases', { asOf: T_APR10, groupBy: ['STATUS'] });
      expect(r.points).toHaveLength(3);
      expect(r.points).toEqual(expect.arrayContaining([
        { bucket: null, groups: [{ by: 'STATUS', key: 'controle', label: 'Kenteken en adres in controle', attribute: null }], value: 1 },
        { bucket: null, groups: [{ by: 'STATUS', key: 'in_behandeling', label: 'In behandeling genomen', attribute: null }], value: 2 },
        { bucket: null, groups: [{ by: 'STATUS', key: 'informatieverzoek', label: 'Informatieverzoek uitgezet', attribute: null }], value: 1 },
      ]));
      expect(r.value).toBe(4);
    });

    it('groups by ROLE with unassigned under a null key, last', async () => {
      // T_APR10: behandelaar D, manager E, senior B, null pk-2
      const r = await h.kpi('openCases', { asOf: T_APR10, groupBy: ['ROLE'] });
      expect(byGroup(r)).toEqual({ behandelaar: 1, manager: 1, senior: 1, null: 1 });
      expect(r.points.find((p) => p.groups[0].key === 'manager')!.groups[0].label).toBe('Manager');
      expect(groupKeys(r)[3]).toBe('null');
      expect(r.points[3].groups[0].label).toBeNull();
    });

    it('groups by ASSIGNEE', async () => {
      // T_MAR15: carla B + D, erik C, null pk-2
      const r = await h.kpi('openCases', { asOf: T_MAR15, groupBy: ['ASSIGNEE'] });
      expect(byGroup(r)).toEqual({ carla: 2, erik: 1, null: 1 });
      expect(groupKeys(r)).toEqual(['carla', 'erik', 'null']);
    });

    it('sorts group combinations in process order, other keys by name, null last', async () => {
      // Statuses in configured order: ooievaarspas (in_behandeling 2, informatieverzoek 3), then parkeervergunning (controle)
      expect(groupKeys(await h.kpi('openCases', { asOf: T_APR10, groupBy: ['STATUS'] }))).toEqual(['in_behandeling', 'informatieverzoek', 'controle']);
      // roles as configured: behandelaar, senior, manager; then unassigned
      expect(groupKeys(await h.kpi('openCases', { asOf: T_APR10, groupBy: ['ROLE'] }))).toEqual(['behandelaar', 'senior', 'manager', 'null']);
      // steps as configured: (intake), beoordelen, informatie_opvragen, besluiten
      expect(groupKeys(await h.kpi('openCases', { asOf: T_APR10, groupBy: ['STEP'] }))).toEqual(['beoordelen', 'informatie_opvragen', 'besluiten']);
      // two groups: by the first, then the second
      expect(groupKeys(await h.kpi('openCases', { asOf: T_APR10, groupBy: ['STATUS', 'CASE_TYPE'] })))
        .toEqual(['in_behandeling/ooievaarspas', 'informatieverzoek/ooievaarspas', 'controle/parkeervergunning']);
      // attribute values have no rank: by name (balie < digitaal < post)
      expect(groupKeys(await h.kpi('aanvragenPerKanaal', { asOf: LATE }))).toEqual(['balie', 'digitaal', 'post']);
    });

    it('groups by TIMELINESS', async () => {
      // T_MAR15: ON_TIME B, C, pk-2; OVERDUE D
      const r = await h.kpi('openCases', { asOf: T_MAR15, groupBy: ['TIMELINESS'] });
      expect(byGroup(r)).toEqual({ ON_TIME: 3, OVERDUE: 1 });
      expect(groupKeys(r)).toEqual(['ON_TIME', 'OVERDUE']);
    });

    it('groups by CASE_TYPE with the process label', async () => {
      const r = await h.kpi('openCases', { asOf: T_APR10, groupBy: ['CASE_TYPE'] });
      expect(byGroup(r)).toEqual({ ooievaarspas: 3, parkeervergunning: 1 });
      expect(r.points.map((p) => p.groups[0].label)).toEqual(['Ooievaarspas', 'Parkeervergunning bewoners']);
    });

    it('groups by STEP: a case in the group of each open task, cases without one under null', async () => {
      // T_MAR15: d-info (D) informatie_opvragen, p2-beoordelen (pk-2) beoordelen; B and C have no open task
      const mar = await h.kpi('openCases', { asOf: T_MAR15, groupBy: ['STEP'] });
      expect(byGroup(mar)).toEqual({ beoordelen: 1, informatie_opvragen: 1, null: 2 });
      expect(groupKeys(mar)).toEqual(['beoordelen', 'informatie_opvragen', 'null']);
      expect(mar.value).toBe(4);
      // T_APR10: besluiten B; beoordelen D, E, pk-2; informatie_opvragen D (D in two groups)
      const apr = await h.kpi('openCases', { asOf: T_APR10, groupBy: ['STEP'] });
      expect(byGroup(apr)).toEqual({ besluiten: 1, beoordelen: 3, informatie_opvragen: 1 });
      // the value counts each case once: B, D, E, pk-2
      expect(apr.value).toBe(4);
    });

    it('groups by two dimensions in the requested order, only the combinations that occur', async () => {
      // T_APR10: op/in_behandeling B, E; op/informatieverzoek D; pk/controle pk-2
      const r = await h.kpi('openCases', { asOf: T_APR10, groupBy: ['CASE_TYPE', 'STATUS'] });
      expect(byGroup(r)).toEqual({
        'ooievaarspas/in_behandeling': 2, 'ooievaarspas/informatieverzoek': 1, 'parkeervergunning/controle': 1,
      });
      const swapped = await h.kpi('openCases', { asOf: T_APR10, groupBy: ['STATUS', 'CASE_TYPE'] });
      expect(byGroup(swapped)).toEqual({
        'controle/parkeervergunning': 1, 'in_behandeling/ooievaarspas': 2, 'informatieverzoek/ooievaarspas': 1,
      });
      expect(swapped.points[0].groups.map((g) => g.by)).toEqual(['STATUS', 'CASE_TYPE']);
    });

    it('measures a period at its end (last ms before period.to)', async () => {
      // [02-01, 03-01): at 02-28 23:59:59.999+01 open B, D (A closed 02-14, C 02-20, pk-1 02-07) = 2
      expect((await h.kpi('openCases', { asOf: LATE, period: { from: M.feb, to: M.mar } })).value).toBe(2);
      // [01-01, 02-10 00:00+01): at 02-09 23:59:59.999+01 open A, B, C = 3 (pk-1 closed 02-07)
      expect((await h.kpi('openCases', { asOf: LATE, period: { from: M.jan, to: '2025-02-09T23:00:00.000Z' } })).value).toBe(3);
    });

    it('caps the period end at asOf', async () => {
      // [03-01, 04-01) asked at T_MAR15: measured at T_MAR15 → 4; one MONTH bucket with the same value
      const r = await h.kpi('openCases', { asOf: T_MAR15, period: { from: M.mar, to: M.apr }, granularity: 'MONTH' });
      expect(r.value).toBe(4);
      expect(r.points).toEqual([{ bucket: M.mar, groups: [], value: 4 }]);
    });

    it('gives one point per MONTH, each measured at the end of its month', async () => {
      // Jan 31 end: A, B, pk-1 = 3
      // Feb 28 end: B, D = 2
      // Mar 31 end: B, C (reopened), D, E, pk-2 = 5
      // Apr 30 end: B, D, E, G, pk-2 = 5
      // May 31 end: D, E, pk-2 = 3
      // Jun 30 end: D, E, pk-2 = 3 (value: the period's end)
      const r = await h.kpi('openCases', { asOf: LATE, period: H1_2025, granularity: 'MONTH' });
      expect(bucketStarts(r)).toEqual([M.jan, M.feb, M.mar, M.apr, M.may, M.jun]);
      expect(values(r)).toEqual([3, 2, 5, 5, 3, 3]);
      expect(r.value).toBe(3);
    });

    it('fills every MONTH bucket for every group combination (0 where empty)', async () => {
      // Jan: op A, B; pk pk-1 | Feb: op B, D; pk none | Mar: op B, C, D, E; pk pk-2
      const r = await h.kpi('openCases', { asOf: LATE, period: { from: M.jan, to: M.apr }, granularity: 'MONTH', groupBy: ['CASE_TYPE'] });
      expect(r.points.map((p) => [p.bucket, p.groups[0].key, p.value])).toEqual([
        [M.jan, 'ooievaarspas', 2], [M.jan, 'parkeervergunning', 1],
        [M.feb, 'ooievaarspas', 2], [M.feb, 'parkeervergunning', 0],
        [M.mar, 'ooievaarspas', 4], [M.mar, 'parkeervergunning', 1],
      ]);
    });

    it('stops the buckets at asOf', async () => {
      // the whole of 2025 asked at T_APR10: buckets Jan..Apr only; Apr measured at T_APR10 (4)
      const r = await h.kpi('openCases', { asOf: T_APR10, period: { from: M.jan, to: '2025-12-31T23:00:00.000Z' }, granularity: 'MONTH' });
      expect(bucketStarts(r)).toEqual([M.jan, M.feb, M.mar, M.apr]);
      expect(values(r)).toEqual([3, 2, 5, 4]);
      expect(r.value).toBe(4);
    });
  });

  describe('overdueCases', () => {
    it('counts open cases past their effective deadline', async () => {
      // T_FEB15: none; T_MAR15: D; T_APR10: D, pk-2; T_JUN01: D, pk-2 (E extended to 06-30)
      expect((await h.kpi('overdueCases', { asOf: T_FEB15 })).value).toBe(0);
      expect((await h.kpi('overdueCases', { asOf: T_MAR15 })).value).toBe(1);
      expect((await h.kpi('overdueCases', { asOf: T_APR10 })).value).toBe(2);
      expect((await h.kpi('overdueCases', { asOf: T_JUN01 })).value).toBe(2);
    });

    it('treats a date deadline as due by the end of that day in Amsterdam, overdue 1 ms later', async () => {
      // D: '2025-03-01' → 2025-03-01T23:59:59.999+01:00 = 22:59:59.999Z. Other open case then: B (on time).
      expect((await h.kpi('overdueCases', { asOf: '2025-03-01T22:59:59.999Z' })).value).toBe(0);
      expect((await h.kpi('overdueCases', { asOf: '2025-03-01T23:00:00.000Z' })).value).toBe(1);
    });

    it('keeps a reopened case on its original deadline (exactly at the deadline still on time)', async () => {
      // 2025-03-31 10:00Z: C (deadline 07:00Z) and D overdue; pk-2's deadline is exactly 10:00Z → on time
      expect((await h.kpi('overdueCases', { asOf: '2025-03-31T10:00:00.000Z' })).value).toBe(2);
      expect((await h.kpi('overdueCases', { asOf: '2025-03-31T10:00:00.001Z' })).value).toBe(3);
    });

    it('moves the deadline by the time a case was suspended', async () => {
      // B: deadline 03-10 09:00Z + 14 days suspended = 03-24 09:00Z. On 03-12 open in_behandeling: B, C
      // (both on time; without the suspension B would be overdue).
      expect((await h.kpi('overdueCases', { asOf: '2025-03-12T12:00:00.000Z', statuses: ['in_behandeling'] })).value).toBe(0);
    });

    it('moves the deadline by the extension term when extended without a date', async () => {
      // B extended 03-20: 03-10 10:00+01 + P6W = 04-21 10:00+02, + 14 days suspended = 05-05 10:00+02 = 08:00Z.
      // in_behandeling then: B and E (E extended to 06-30). Past 03-24 B is still on time:
      expect((await h.kpi('overdueCases', { asOf: '2025-03-25T12:00:00.000Z', statuses: ['in_behandeling'] })).value).toBe(0);
      expect((await h.kpi('overdueCases', { asOf: '2025-05-05T08:00:00.000Z', statuses: ['in_behandeling'] })).value).toBe(0);
      expect((await h.kpi('overdueCases', { asOf: '2025-05-05T08:00:00.001Z', statuses: ['in_behandeling'] })).value).toBe(1);
    });

    it('does not let a suspended case become overdue, even past its deadline', async () => {
      // G: instant deadline 04-22 15:00Z, suspended 04-18 07:00Z → 05-02 07:00Z. anna's only open case is G.
      expect((await h.kpi('openCases', { asOf: '2025-04-25T12:00:00.000Z', assignees: ['anna'] })).value).toBe(1);
      expect((await h.kpi('overdueCases', { asOf: '2025-04-25T12:00:00.000Z', assignees: ['anna'] })).value).toBe(0);
      // after resuming: effective deadline 04-22 15:00Z + 14 d = 05-06 15:00Z; at 05-06 14:59Z still on time
      expect((await h.kpi('overdueCases', { asOf: '2025-05-06T14:59:00.000Z', assignees: ['anna'] })).value).toBe(0);
    });

    it('moves the deadline to the new date of an extension with a date', async () => {
      // E: 05-19 09:00Z → '2025-06-30' = 21:59:59.999Z. Open then: D, pk-2 overdue, E not until 22:00:00.000Z.
      expect((await h.kpi('overdueCases', { asOf: '2025-06-30T21:59:59.999Z' })).value).toBe(2);
      expect((await h.kpi('overdueCases', { asOf: '2025-06-30T22:00:00.000Z' })).value).toBe(3);
      // on 05-20 (past the original 05-19 deadline) E is on time: ooievaarspas overdue = D only
      expect((await h.kpi('overdueCases', { asOf: '2025-05-20T12:00:00.000Z', caseTypes: ['ooievaarspas'] })).value).toBe(1);
    });

    it('combines its own deadline with filters (steps + timeliness judge the tasks)', async () => {
      // T_APR10 overdue cases: D, pk-2. With an ON_TIME beoordelen task: D (d-beoordelen) → 1
      expect((await h.kpi('overdueCases', { asOf: T_APR10, steps: ['beoordelen'], timeliness: 'ON_TIME' })).value).toBe(1);
      // with an OVERDUE beoordelen task: pk-2 → 1
      expect((await h.kpi('overdueCases', { asOf: T_APR10, steps: ['beoordelen'], timeliness: 'OVERDUE' })).value).toBe(1);
      // timeliness ON_TIME without steps contradicts "overdue" → 0
      expect((await h.kpi('overdueCases', { asOf: T_APR10, timeliness: 'ON_TIME' })).value).toBe(0);
    });

    it('filters on caseTypes, statuses, roles and assignees', async () => {
      // T_APR10 overdue: D (op, informatieverzoek, carla/behandelaar), pk-2 (pk, controle, unassigned)
      expect((await h.kpi('overdueCases', { asOf: T_APR10, caseTypes: ['parkeervergunning'] })).value).toBe(1);
      expect((await h.kpi('overdueCases', { asOf: T_APR10, statuses: ['informatieverzoek'] })).value).toBe(1);
      expect((await h.kpi('overdueCases', { asOf: T_APR10, roles: ['behandelaar'] })).value).toBe(1);
      expect((await h.kpi('overdueCases', { asOf: T_APR10, roles: ['senior'] })).value).toBe(0);
      expect((await h.kpi('overdueCases', { asOf: T_APR10, assignees: ['carla'] })).value).toBe(1);
    });

    it('groups by CASE_TYPE and by ASSIGNEE', async () => {
      const r = await h.kpi('overdueCases', { asOf: T_APR10, groupBy: ['CASE_TYPE'] });
      expect(byGroup(r)).toEqual({ ooievaarspas: 1, parkeervergunning: 1 });
      const a = await h.kpi('overdueCases', { asOf: T_APR10, groupBy: ['ASSIGNEE'] });
      expect(byGroup(a)).toEqual({ carla: 1, null: 1 });
    });

    it('gives one point per MONTH', async () => {
      // Jan end 0; Feb end 0 (D due 03-01); Mar end (21:59:59.999Z): C, D, pk-2 = 3 (B, E on time);
      // Apr end: D, pk-2 = 2 (G suspended); May end: D, pk-2 = 2; Jun end: D, pk-2 = 2 (E due exactly then)
      const r = await h.kpi('overdueCases', { asOf: LATE, period: H1_2025, granularity: 'MONTH' });
      expect(values(r)).toEqual([0, 0, 3, 2, 2, 2]);
      expect(r.value).toBe(2);
    });
  });

  describe('openCaseLetters', () => {
    it('counts termijnbrieven of open cases by default', async () => {
      // T_MAR15: D's (03-03); B's is sent 03-20; D's letter before its creation is ignored → 1
      expect((await h.kpi('openCaseLetters', { asOf: T_MAR15 })).value).toBe(1);
      // T_APR10: B (03-20), D (03-03) = 2
      expect((await h.kpi('openCaseLetters', { asOf: T_APR10 })).value).toBe(2);
      // 05-05 00:00Z: B, D, E (05-01) = 3
      expect((await h.kpi('openCaseLetters', { asOf: '2025-05-05T00:00:00.000Z' })).value).toBe(3);
      // T_JUN01: B closed → D, E = 2
      expect((await h.kpi('openCaseLetters', { asOf: T_JUN01 })).value).toBe(2);
    });

    it('counts the letter types given in params.letterTypes', async () => {
      // T_APR10 informatieverzoek: B (02-03), E (04-02) = 2; with termijnbrief: + B, D = 4
      expect((await h.kpi('openCaseLetters', { asOf: T_APR10 }, { letterTypes: ['informatieverzoek'] })).value).toBe(2);
      expect((await h.kpi('openCaseLetters', { asOf: T_APR10 }, { letterTypes: ['termijnbrief', 'informatieverzoek'] })).value).toBe(4);
      // T_MAR15 termijnbrief + informatieverzoek: D's termijnbrief + B's informatieverzoek = 2
      expect((await h.kpi('openCaseLetters', { asOf: T_MAR15 }, { letterTypes: ['termijnbrief', 'informatieverzoek'] })).value).toBe(2);
      // ontvangstbevestiging of open cases at T_MAR15: pk-2 only (pk-1 is closed) = 1
      expect((await h.kpi('openCaseLetters', { asOf: T_MAR15 }, { letterTypes: ['ontvangstbevestiging'] })).value).toBe(1);
      // besluit: only A's, and A is closed → 0
      expect((await h.kpi('openCaseLetters', { asOf: T_MAR15 }, { letterTypes: ['besluit'] })).value).toBe(0);
    });

    it('answers for one case with caseId', async () => {
      // B at T_APR10: its termijnbrief = 1; at T_JUN01 B is closed → 0
      expect((await h.kpi('openCaseLetters', { asOf: T_APR10, caseId: 'op-B' })).value).toBe(1);
      expect((await h.kpi('openCaseLetters', { asOf: T_JUN01, caseId: 'op-B' })).value).toBe(0);
    });

    it('gives one point per MONTH, ignoring the letter dated before case.created', async () => {
      // termijnbrieven of open cases at each month end: Jan 0; Feb 0 (D is open, but its 02-09 letter predates
      // the case); Mar: B (03-20), D (03-03) = 2; Apr: B, D = 2; May: D, E (05-01) = 2 (B closed); Jun: D, E = 2
      const r = await h.kpi('openCaseLetters', { asOf: LATE, period: H1_2025, granularity: 'MONTH' });
      expect(values(r)).toEqual([0, 0, 2, 2, 2, 2]);
    });

    it('filters and groups letters by the state of their case', async () => {
      // T_APR10 termijnbrieven: B (bert/senior), D (carla/behandelaar)
      expect((await h.kpi('openCaseLetters', { asOf: T_APR10, roles: ['senior'] })).value).toBe(1);
      const r = await h.kpi('openCaseLetters', { asOf: T_APR10, groupBy: ['TIMELINESS'] });
      expect(byGroup(r)).toEqual({ ON_TIME: 1, OVERDUE: 1 });
    });
  });

  describe('caseLeadTime', () => {
    it('is the mean lead time of the open cases in whole local days', async () => {
      // T_MAR15 (local date 03-15): B 61 (01-13→03-15), C 40 (02-03→), D 33 (02-10→), pk-2 12 → 146 / 4
      expect((await h.kpi('caseLeadTime', { asOf: T_MAR15 })).value).toBeCloseTo(36.5, 9);
      // T_APR10: B 87, D 59, E 17, pk-2 38 → 201 / 4
      expect((await h.kpi('caseLeadTime', { asOf: T_APR10 })).value).toBeCloseTo(50.25, 9);
    });

    it('answers for one case: to its closing when closed, to T while open', async () => {
      // A closed 02-14: 01-06 → 02-14 = 39
      expect((await h.kpi('caseLeadTime', { asOf: T_APR10, caseId: 'op-A' })).value).toBe(39);
      // C: closed 02-20 (lead 17); reopened, open at T_MAR15 (03-15 − 02-03 = 40); closed again 04-07 (63)
      expect((await h.kpi('caseLeadTime', { asOf: '2025-02-25T12:00:00.000Z', caseId: 'op-C' })).value).toBe(17);
      expect((await h.kpi('caseLeadTime', { asOf: T_MAR15, caseId: 'op-C' })).value).toBe(40);
      expect((await h.kpi('caseLeadTime', { asOf: T_APR10, caseId: 'op-C' })).value).toBe(63);
    });

    it('is null for an unknown case', async () => {
      expect((await h.kpi('caseLeadTime', { asOf: T_APR10, caseId: 'bestaat-niet' })).value).toBeNull();
    });

    it('filters and groups', async () => {
      // T_APR10 in_behandeling: B 87, E 17 → 52
      expect((await h.kpi('caseLeadTime', { asOf: T_APR10, statuses: ['in_behandeling'] })).value).toBeCloseTo(52, 9);
      // by case type: op (87 + 59 + 17) / 3 = 54.333…; pk 38
      const r = await h.kpi('caseLeadTime', { asOf: T_APR10, groupBy: ['CASE_TYPE'] });
      expect(r.points).toHaveLength(2);
      expect(r.points[0].value).toBeCloseTo(163 / 3, 9);
      expect(r.points[1].value).toBeCloseTo(38, 9);
    });

    it('is null in buckets without open cases', async () => {
      // parkeervergunning per MONTH Jan..Mar: Jan end pk-1 open (01-20 → 01-31 = 11); Feb none; Mar end pk-2 (03-03 → 03-31 = 28)
      const r = await h.kpi('caseLeadTime', { asOf: LATE, caseTypes: ['parkeervergunning'], period: { from: M.jan, to: M.apr }, granularity: 'MONTH' });
      expect(values(r)).toEqual([11, null, 28]);
    });
  });

  describe('Ooievaarspas KPIs', () => {
    it('werkvoorraad is openCases of the Ooievaarspas', async () => {
      // T_APR10: B, D, E = 3; T_MAR15: B, C, D = 3; 05-01: B, D, E, G = 4
      expect((await h.kpi('werkvoorraad', { asOf: T_APR10 })).value).toBe(3);
      expect((await h.kpi('werkvoorraad', { asOf: T_MAR15 })).value).toBe(3);
      expect((await h.kpi('werkvoorraad', { asOf: '2025-05-01T00:00:00.000Z' })).value).toBe(4);
      const r = await h.kpi('werkvoorraad', { asOf: T_APR10, groupBy: ['STATUS'] });
      expect(byGroup(r)).toEqual({ in_behandeling: 2, informatieverzoek: 1 });
    });

    it('werkvoorraad per MONTH', async () => {
      // Ooievaarspas open at month ends: Jan A, B; Feb B, D; Mar B, C, D, E; Apr B, D, E, G; May D, E; Jun D, E
      const r = await h.kpi('werkvoorraad', { asOf: LATE, period: H1_2025, granularity: 'MONTH' });
      expect(values(r)).toEqual([2, 2, 4, 4, 2, 2]);
    });

    it('aanvragenOverTermijn counts overdue Ooievaarspas requests', async () => {
      // T_APR10: D (pk-2 is not an Ooievaarspas) = 1; 2025-03-31 12:00Z: C and D = 2
      expect((await h.kpi('aanvragenOverTermijn', { asOf: T_APR10 })).value).toBe(1);
      expect((await h.kpi('aanvragenOverTermijn', { asOf: '2025-03-31T12:00:00.000Z' })).value).toBe(2);
      const r = await h.kpi('aanvragenOverTermijn', { asOf: LATE, period: H1_2025, granularity: 'MONTH' });
      // as overdueCases without pk-2: Mar end C, D = 2; Apr..Jun end D = 1
      expect(values(r)).toEqual([0, 0, 2, 1, 1, 1]);
    });

    it('termijnbrieven counts termijnbrieven of open requests, including one sent at exactly T', async () => {
      // 05-05 00:00Z: B, D, E = 3; 04-30: B, D = 2
      expect((await h.kpi('termijnbrieven', { asOf: '2025-05-05T00:00:00.000Z' })).value).toBe(3);
      expect((await h.kpi('termijnbrieven', { asOf: '2025-04-30T00:00:00.000Z' })).value).toBe(2);
      // E's termijnbrief: 05-01 09:05+02 = 07:05Z
      expect((await h.kpi('termijnbrieven', { asOf: '2025-05-01T07:05:00.000Z', caseId: 'op-E' })).value).toBe(1);
      expect((await h.kpi('termijnbrieven', { asOf: '2025-05-01T07:04:59.999Z', caseId: 'op-E' })).value).toBe(0);
      // D: the letter dated before case.created is ignored → 1, not 2
      expect((await h.kpi('termijnbrieven', { asOf: T_APR10, caseId: 'op-D' })).value).toBe(1);
      // by assignee on 05-05: B bert, D carla, E dirk
      const r = await h.kpi('termijnbrieven', { asOf: '2025-05-05T00:00:00.000Z', groupBy: ['ASSIGNEE'] });
      expect(byGroup(r)).toEqual({ bert: 1, carla: 1, dirk: 1 });
    });

    it('doorlooptijdAanvraag is the lead time of one request or the mean over open requests', async () => {
      // T_APR10: (87 + 59 + 17) / 3; B alone 87; B after closing (05-12): 119
      expect((await h.kpi('doorlooptijdAanvraag', { asOf: T_APR10 })).value).toBeCloseTo(163 / 3, 9);
      expect((await h.kpi('doorlooptijdAanvraag', { asOf: T_APR10, caseId: 'op-B' })).value).toBe(87);
      expect((await h.kpi('doorlooptijdAanvraag', { asOf: LATE, caseId: 'op-B' })).value).toBe(119);
    });

    it('doorlooptijdAanvraag per MONTH', async () => {
      // Jan 31: A 25, B 18 → 21.5 | Feb 28: B 46, D 18 → 32 | Mar 31: B 77, C 56, D 49, E 7 → 189/4
      const r = await h.kpi('doorlooptijdAanvraag', { asOf: LATE, period: { from: M.jan, to: M.apr }, granularity: 'MONTH' });
      const v = values(r);
      expect(v[0]).toBeCloseTo(21.5, 9);
      expect(v[1]).toBeCloseTo(32, 9);
      expect(v[2]).toBeCloseTo(47.25, 9);
    });
  });
});
