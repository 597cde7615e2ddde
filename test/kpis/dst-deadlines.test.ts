// Why: a term (P4W, P2D) moves the local wall clock of DEFAULT_TIMEZONE, so a deadline can land on
// a wall time that does not exist (the spring gap) or exists twice (the autumn overlap). The rule
// (docs/concepts.md, "Deadlines and suspension"; src/time/wall-clock.ts) is Temporal's and RFC
// 5545's 'compatible' one: a time in the gap moves forward by the gap, a time in the overlap is the
// earlier of its two instants. Hand-worked figures; the property test checks the same rule.
import { createHarness, Harness } from '../helpers/harness';
import { databaseLabel } from '../helpers/database';

const PK = 'parkeervergunning'; // legal term P4W; step kenteken_controleren P2D

const EVENTS = [
  // gap: created 2025-03-28 02:30+01 (01:30Z); task kenteken_controleren at the same instant:
  // + P2D on the wall clock = 2025-03-30 02:30, which does not exist (02:00 CET → 03:00 CEST);
  // moved forward by the one-hour gap: 03:30+02 = 01:30Z. (Read with the later offset instead,
  // it would be 00:30Z.) Task completed and case closed on 04-01, before the autumn case.
  { id: 'gap-1', type: 'case.created', caseId: 'gap', at: '2025-03-28T02:30:00+01:00', data: { caseType: PK } },
  { id: 'gap-2', type: 'task.created', caseId: 'gap', at: '2025-03-28T02:30:00+01:00', data: { taskId: 'k', step: 'kenteken_controleren' } },
  { id: 'gap-3', type: 'task.completed', caseId: 'gap', at: '2025-04-01T12:00:00+02:00', data: { taskId: 'k' } },
  { id: 'gap-4', type: 'case.closed', caseId: 'gap', at: '2025-04-01T12:00:00+02:00', data: {} },
  // overlap: created 2025-09-28 02:30+02 (00:30Z) + P4W = 2025-10-26 02:30 on the wall clock,
  // which happens twice: 02:30+02 (00:30Z) and 02:30+01 (01:30Z). The earlier one: 00:30Z.
  { id: 'ovl-1', type: 'case.created', caseId: 'ovl', at: '2025-09-28T02:30:00+02:00', data: { caseType: PK } },
];

describe(`deadlines landing in a DST gap or overlap on ${databaseLabel()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await h.ingest(EVENTS);
  });
  afterAll(async () => { await h.close(); });

  it('moves a dueAt in the spring gap forward by the gap', async () => {
    expect((await h.kpi('overdueTasks', { asOf: '2025-03-30T00:30:00.001Z' })).value).toBe(0);
    expect((await h.kpi('overdueTasks', { asOf: '2025-03-30T01:30:00.000Z' })).value).toBe(0);
    expect((await h.kpi('overdueTasks', { asOf: '2025-03-30T01:30:00.001Z' })).value).toBe(1);
  });

  it('takes the earlier instant for a deadline in the autumn overlap', async () => {
    expect((await h.kpi('overdueCases', { asOf: '2025-10-26T00:30:00.000Z' })).value).toBe(0);
    expect((await h.kpi('overdueCases', { asOf: '2025-10-26T00:30:00.001Z' })).value).toBe(1);
    // still overdue during the second 02:30 (not "on time again" until 01:30Z)
    expect((await h.kpi('overdueCases', { asOf: '2025-10-26T01:29:59.999Z', timezone: 'UTC' })).value).toBe(1);
  });
});
