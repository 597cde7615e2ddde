// Why: projectCase is the read model (contract section 4) for one case. These are its rows worked out
// by hand: when a case is overdue, what a suspension, an extension, a closing and a reopening do,
// when a task is due, and that the order in which events arrive never matters.
//
// All cases are Ooievaarspas (P8W, extension P6W; step intake P3D, beoordelen P2W) in
// Europe/Amsterdam: CET (UTC+1) until 2025-03-30, CEST (UTC+2) after.
import fc from 'fast-check';
import { CaseEvent, EventType } from '../../src/ingest/events';
import { CaseIntervalRow, INFINITY, projectCase, TaskIntervalRow } from '../../src/ingest/project-case';
import { PROCESSES, ProcessCatalog } from '../../src/processes';
import { generateDemoEvents } from '../../src/demo/generate';
import { mulberry32 } from '../../src/demo/random';

const AMS = 'Europe/Amsterdam';
const catalog = new ProcessCatalog(PROCESSES);
const ms = (iso: string) => Date.parse(iso);
const iso = (t: number | null) => (t === null ? null : t === INFINITY ? 'infinity' : new Date(t).toISOString());

let seq = 0;
function ev(type: EventType, at: string, data: Record<string, unknown> = {}, id?: string): CaseEvent {
  seq += 1;
  return { id: id ?? `e${String(seq).padStart(4, '0')}`, type, caseId: 'c1', at: ms(at), data };
}
const created = (at = '2025-01-06T08:00:00Z', data: Record<string, unknown> = {}) => ev('case.created', at, { caseType: 'ooievaarspas', ...data });
const project = (events: CaseEvent[]) => {
  const p = projectCase(events, catalog, AMS);
  if (!p) throw new Error('no projection');
  return p;
};

/** Case intervals in a readable form: [from, to) and what changes between rows. */
function intervals(rows: CaseIntervalRow[]) {
  return rows.map((r) => ({
    from: iso(r.valid_from), to: iso(r.valid_to), open: r.is_open, status: r.status, suspended: r.suspended,
    deadline: iso(r.deadline), overdue: r.overdue, closedAt: iso(r.closed_at),
  }));
}
function taskIntervals(rows: TaskIntervalRow[], taskId: string) {
  return rows.filter((r) => r.task_id === taskId).map((r) => ({
    from: iso(r.valid_from), to: iso(r.valid_to), assignee: r.assignee, dueAt: iso(r.due_at), overdue: r.overdue,
  }));
}
const open = (from: string, to: string, deadline: string | null, overdue: boolean | null, extra: Partial<ReturnType<typeof intervals>[number]> = {}) =>
  ({ from, to, open: true, status: 'ontvangen', suspended: false, deadline, overdue, closedAt: null, ...extra });

// created 2025-01-06 09:00 CET; + P8W on the wall clock = 2025-03-03 09:00 CET = 08:00Z.
const CREATED = '2025-01-06T08:00:00.000Z';
const D = '2025-03-03T08:00:00.000Z';
const D1 = '2025-03-03T08:00:00.001Z';

describe('projectCase: deadline and overdue', () => {
  it('gives the legal term as deadline and splits the open interval exactly at deadline + 1 ms', () => {
    const p = project([created()]);
    expect(p.case).toEqual({ case_id: 'c1', case_type: 'ooievaarspas', reference: null, created_at: ms(CREATED), attributes: {} });
    expect(intervals(p.intervals)).toEqual([
      open(CREATED, D1, D, false),
      open(D1, 'infinity', D, true),
    ]);
    expect(p.intervals[0]).toMatchObject({ case_id: 'c1', case_type: 'ooievaarspas', created_at: ms(CREATED), assignee: null, role: null });
  });

  it('is not overdue at the deadline itself, only 1 ms after it (an event at the deadline)', () => {
    const p = project([created(), ev('case.status_changed', D, { status: 'in_behandeling' })]);
    expect(intervals(p.intervals)).toEqual([
      open(CREATED, D, D, false),
      open(D, D1, D, false, { status: 'in_behandeling' }),
      open(D1, 'infinity', D, true, { status: 'in_behandeling' }),
    ]);
    const q = project([created(), ev('case.status_changed', D1, { status: 'in_behandeling' })]);
    expect(intervals(q.intervals)).toEqual([
      open(CREATED, D1, D, false),
      open(D1, 'infinity', D, true, { status: 'in_behandeling' }),
    ]);
  });

  it('has no deadline and no timeliness for a process that is not configured', () => {
    const p = project([ev('case.created', CREATED, { caseType: 'onbekend_proces' })]);
    expect(intervals(p.intervals)).toEqual([open(CREATED, 'infinity', null, null, { status: null })]);
  });

  it('takes data.status and a date deadline (the end of that day in the zone)', () => {
    // 2025-01-10 ends at 23:59:59.999 CET = 22:59:59.999Z.
    const p = project([created(CREATED, { deadline: '2025-01-10', status: 'in_behandeling', reference: 'OP-1', attributes: { kanaal: 'balie' } })]);
    expect(p.case).toMatchObject({ reference: 'OP-1', attributes: { kanaal: 'balie' } });
    expect(intervals(p.intervals)).toEqual([
      open(CREATED, '2025-01-10T23:00:00.000Z', '2025-01-10T22:59:59.999Z', false, { status: 'in_behandeling' }),
      open('2025-01-10T23:00:00.000Z', 'infinity', '2025-01-10T22:59:59.999Z', true, { status: 'in_behandeling' }),
    ]);
  });
});

describe('projectCase: suspension moves the deadline', () => {
  it('adds the suspended time to the deadline', () => {
    // Suspended 10 days (01-10 → 01-20): deadline 03-03 08:00Z + 10 days = 03-13 08:00Z.
    const p = project([created(), ev('case.suspended', '2025-01-10T08:00:00Z', { reason: 'informatieverzoek' }), ev('case.resumed', '2025-01-20T08:00:00Z')]);
    expect(intervals(p.intervals)).toEqual([
      open(CREATED, '2025-01-10T08:00:00.000Z', D, false),
      open('2025-01-10T08:00:00.000Z', '2025-01-20T08:00:00.000Z', D, false, { suspended: true }),
      open('2025-01-20T08:00:00.000Z', '2025-03-13T08:00:00.001Z', '2025-03-13T08:00:00.000Z', false),
      open('2025-03-13T08:00:00.001Z', 'infinity', '2025-03-13T08:00:00.000Z', true),
    ]);
  });

  it('cannot become overdue while suspended, across the old deadline', () => {
    // Suspended 02-20 → 03-10 (18 days): deadline 03-21 08:00Z; nothing overdue before that.
    const p = project([created(), ev('case.suspended', '2025-02-20T08:00:00Z'), ev('case.resumed', '2025-03-10T08:00:00Z')]);
    expect(intervals(p.intervals)).toEqual([
      open(CREATED, '2025-02-20T08:00:00.000Z', D, false),
      open('2025-02-20T08:00:00.000Z', '2025-03-10T08:00:00.000Z', D, false, { suspended: true }),
      open('2025-03-10T08:00:00.000Z', '2025-03-21T08:00:00.001Z', '2025-03-21T08:00:00.000Z', false),
      open('2025-03-21T08:00:00.001Z', 'infinity', '2025-03-21T08:00:00.000Z', true),
    ]);
  });

  it('stays overdue when suspended after the deadline', () => {
    const p = project([created(), ev('case.suspended', '2025-03-05T08:00:00Z')]);
    expect(intervals(p.intervals)).toEqual([
      open(CREATED, D1, D, false),
      open(D1, '2025-03-05T08:00:00.000Z', D, true),
      // The deadline of a suspended row is the one at valid_from (it grows while suspended).
      open('2025-03-05T08:00:00.000Z', 'infinity', D, true, { suspended: true }),
    ]);
  });

  it('ignores a resume without suspension and a second suspension while suspended', () => {
    const base = project([created(), ev('case.suspended', '2025-01-10T08:00:00Z'), ev('case.resumed', '2025-01-20T08:00:00Z')]);
    const noisy = project([
      created(), ev('case.resumed', '2025-01-08T08:00:00Z'), ev('case.suspended', '2025-01-10T08:00:00Z'),
      ev('case.suspended', '2025-01-15T08:00:00Z'), ev('case.resumed', '2025-01-20T08:00:00Z'),
    ]);
    expect(intervals(noisy.intervals)).toEqual(intervals(base.intervals));
  });
});

describe('projectCase: closing and reopening', () => {
  // Deadline '2025-01-10' = 2025-01-10T22:59:59.999Z.
  const DL = '2025-01-10T22:59:59.999Z';

  it('flags a closing after the effective deadline as late, and keeps the flag on the closed interval', () => {
    const p = project([created(CREATED, { deadline: '2025-01-10' }), ev('case.closed', '2025-01-13T10:00:00Z', { result: 'verstrekt' }, 'close-1')]);
    expect(intervals(p.intervals)).toEqual([
      open(CREATED, '2025-01-10T23:00:00.000Z', DL, false),
      open('2025-01-10T23:00:00.000Z', '2025-01-13T10:00:00.000Z', DL, true),
      { from: '2025-01-13T10:00:00.000Z', to: 'infinity', open: false, status: 'ontvangen', suspended: false, deadline: DL, overdue: true, closedAt: '2025-01-13T10:00:00.000Z' },
    ]);
    expect(p.closings).toEqual([{
      event_id: 'close-1', case_id: 'c1', case_type: 'ooievaarspas', created_at: ms(CREATED),
      closed_at: ms('2025-01-13T10:00:00Z'), deadline: ms(DL), overdue: true, result: 'verstrekt',
    }]);
  });

  it('is on time when closed at the deadline, late 1 ms after', () => {
    const onTime = project([created(CREATED, { deadline: '2025-01-10' }), ev('case.closed', DL)]);
    expect(onTime.closings.map((c) => c.overdue)).toEqual([false]);
    expect(intervals(onTime.intervals).at(-1)).toMatchObject({ open: false, overdue: false, closedAt: DL });
    const late = project([created(CREATED, { deadline: '2025-01-10' }), ev('case.closed', '2025-01-10T23:00:00.000Z')]);
    expect(late.closings.map((c) => c.overdue)).toEqual([true]);
    expect(intervals(late.intervals)).toEqual([
      open(CREATED, '2025-01-10T23:00:00.000Z', DL, false),
      { from: '2025-01-10T23:00:00.000Z', to: 'infinity', open: false, status: 'ontvangen', suspended: false, deadline: DL, overdue: true, closedAt: '2025-01-10T23:00:00.000Z' },
    ]);
  });

  it('reopens a closed case: open again, overdue once past the deadline, and a second closing counts', () => {
    const RD = '2025-01-20T12:00:00.000Z';
    const p = project([
      created(CREATED, { deadline: '2025-01-20T12:00:00Z' }),
      ev('case.closed', '2025-01-10T08:00:00Z', { result: 'verstrekt' }, 'close-1'),
      ev('case.closed', '2025-01-12T08:00:00Z', {}, 'close-ignored'), // already closed: nothing happens
      ev('case.reopened', '2025-01-15T08:00:00Z'),
      ev('case.closed', '2025-01-25T08:00:00Z', {}, 'close-2'),
    ]);
    expect(intervals(p.intervals)).toEqual([
      open(CREATED, '2025-01-10T08:00:00.000Z', RD, false),
      { from: '2025-01-10T08:00:00.000Z', to: '2025-01-15T08:00:00.000Z', open: false, status: 'ontvangen', suspended: false, deadline: RD, overdue: false, closedAt: '2025-01-10T08:00:00.000Z' },
      open('2025-01-15T08:00:00.000Z', '2025-01-20T12:00:00.001Z', RD, false),
      open('2025-01-20T12:00:00.001Z', '2025-01-25T08:00:00.000Z', RD, true),
      { from: '2025-01-25T08:00:00.000Z', to: 'infinity', open: false, status: 'ontvangen', suspended: false, deadline: RD, overdue: true, closedAt: '2025-01-25T08:00:00.000Z' },
    ]);
    expect(p.closings.map((c) => ({ id: c.event_id, at: iso(c.closed_at), deadline: iso(c.deadline), overdue: c.overdue, result: c.result }))).toEqual([
      { id: 'close-1', at: '2025-01-10T08:00:00.000Z', deadline: RD, overdue: false, result: 'verstrekt' },
      { id: 'close-2', at: '2025-01-25T08:00:00.000Z', deadline: RD, overdue: true, result: null },
    ]);
  });
});

describe('projectCase: deadline_extended', () => {
  it('without a date extends by the process extension term (P6W, on the wall clock across DST)', () => {
    // 03-03 09:00 CET + 6 weeks = 04-14 09:00 CEST = 07:00Z.
    const p = project([created(), ev('case.deadline_extended', '2025-02-01T08:00:00Z')]);
    expect(intervals(p.intervals)).toEqual([
      open(CREATED, '2025-02-01T08:00:00.000Z', D, false),
      open('2025-02-01T08:00:00.000Z', '2025-04-14T07:00:00.001Z', '2025-04-14T07:00:00.000Z', false),
      open('2025-04-14T07:00:00.001Z', 'infinity', '2025-04-14T07:00:00.000Z', true),
    ]);
  });

  it('twice without a date extends twice', () => {
    // 04-14 09:00 CEST + 6 weeks = 05-26 09:00 CEST = 07:00Z.
    const p = project([created(), ev('case.deadline_extended', '2025-02-01T08:00:00Z'), ev('case.deadline_extended', '2025-02-02T08:00:00Z')]);
    expect(intervals(p.intervals).at(-1)).toEqual(open('2025-05-26T07:00:00.001Z', 'infinity', '2025-05-26T07:00:00.000Z', true));
  });

  it('with a date sets that day (end of day, CEST)', () => {
    // 2025-04-01 ends at 23:59:59.999 CEST = 21:59:59.999Z.
    const p = project([created(), ev('case.deadline_extended', '2025-02-01T08:00:00Z', { deadline: '2025-04-01' })]);
    expect(intervals(p.intervals)).toEqual([
      open(CREATED, '2025-02-01T08:00:00.000Z', D, false),
      open('2025-02-01T08:00:00.000Z', '2025-04-01T22:00:00.000Z', '2025-04-01T21:59:59.999Z', false),
      open('2025-04-01T22:00:00.000Z', 'infinity', '2025-04-01T21:59:59.999Z', true),
    ]);
  });

  it('with a date still moves by time suspended before the extension', () => {
    // Suspended 10 days; new deadline 04-01 21:59:59.999Z + 10 days = 04-11 21:59:59.999Z.
    const p = project([
      created(), ev('case.suspended', '2025-01-10T08:00:00Z'), ev('case.resumed', '2025-01-20T08:00:00Z'),
      ev('case.deadline_extended', '2025-02-01T08:00:00Z', { deadline: '2025-04-01' }),
    ]);
    expect(intervals(p.intervals).slice(-2)).toEqual([
      open('2025-02-01T08:00:00.000Z', '2025-04-11T22:00:00.000Z', '2025-04-11T21:59:59.999Z', false),
      open('2025-04-11T22:00:00.000Z', 'infinity', '2025-04-11T21:59:59.999Z', true),
    ]);
  });
});

describe('projectCase: tasks, letters, assignment', () => {
  it('gives a task without dueAt the step term, splits at due + 1 ms and flags late completion', () => {
    // Created 01-06 09:30 CET + P3D (intake) = 01-09 09:30 CET = 08:30Z.
    const p = project([
      created(),
      ev('task.created', '2025-01-06T08:30:00Z', { taskId: 't1', step: 'intake', role: 'behandelaar' }),
      ev('task.assigned', '2025-01-07T08:00:00Z', { taskId: 't1', assignee: 'anna' }),
      ev('task.completed', '2025-01-10T08:00:00Z', { taskId: 't1' }),
      ev('task.assigned', '2025-01-11T08:00:00Z', { taskId: 't1', assignee: 'bram' }), // after completion: ignored
    ]);
    expect(p.tasks).toEqual([{
      case_id: 'c1', task_id: 't1', case_type: 'ooievaarspas', step: 'intake', created_at: ms('2025-01-06T08:30:00Z'),
      completed_at: ms('2025-01-10T08:00:00Z'), due_at: ms('2025-01-09T08:30:00Z'), role: 'behandelaar', assignee: 'anna', overdue: true,
    }]);
    expect(taskIntervals(p.taskIntervals, 't1')).toEqual([
      { from: '2025-01-06T08:30:00.000Z', to: '2025-01-07T08:00:00.000Z', assignee: null, dueAt: '2025-01-09T08:30:00.000Z', overdue: false },
      { from: '2025-01-07T08:00:00.000Z', to: '2025-01-09T08:30:00.001Z', assignee: 'anna', dueAt: '2025-01-09T08:30:00.000Z', overdue: false },
      { from: '2025-01-09T08:30:00.001Z', to: '2025-01-10T08:00:00.000Z', assignee: 'anna', dueAt: '2025-01-09T08:30:00.000Z', overdue: true },
    ]);
    expect(p.taskIntervals.every((r) => r.is_open && r.role === 'behandelaar' && r.step === 'intake')).toBe(true);
  });

  it('uses dueAt when given, keeps step terms on the wall clock across DST, and has no due date for a step without term', () => {
    const p = project([
      created(),
      ev('task.created', '2025-01-06T09:00:00Z', { taskId: 't2', step: 'beoordelen', dueAt: '2025-01-08' }),
      // 03-20 10:00 CET + P2W (beoordelen) = 04-03 10:00 CEST = 08:00Z.
      ev('task.created', '2025-03-20T09:00:00Z', { taskId: 't3', step: 'beoordelen' }),
      ev('task.created', '2025-01-06T09:00:00Z', { taskId: 't4', step: 'zelf_bedacht' }),
      ev('task.created', '2025-01-06T09:00:00Z', { taskId: 't5', step: 'intake' }),
      ev('task.completed', '2025-01-07T09:00:00Z', { taskId: 't5' }),
    ]);
    const byId = new Map(p.tasks.map((t) => [t.task_id, t]));
    expect(iso(byId.get('t2')!.due_at)).toBe('2025-01-08T22:59:59.999Z');
    expect(byId.get('t2')!.overdue).toBeNull(); // open: judged by the intervals
    expect(taskIntervals(p.taskIntervals, 't2')).toEqual([
      { from: '2025-01-06T09:00:00.000Z', to: '2025-01-08T23:00:00.000Z', assignee: null, dueAt: '2025-01-08T22:59:59.999Z', overdue: false },
      { from: '2025-01-08T23:00:00.000Z', to: 'infinity', assignee: null, dueAt: '2025-01-08T22:59:59.999Z', overdue: true },
    ]);
    expect(iso(byId.get('t3')!.due_at)).toBe('2025-04-03T08:00:00.000Z');
    expect(byId.get('t4')!.due_at).toBeNull();
    expect(taskIntervals(p.taskIntervals, 't4')).toEqual([{ from: '2025-01-06T09:00:00.000Z', to: 'infinity', assignee: null, dueAt: null, overdue: null }]);
    expect(byId.get('t5')!.overdue).toBe(false);
  });

  it('records letters and clears the role when the case is unassigned', () => {
    const p = project([
      created(),
      ev('letter.sent', '2025-01-07T08:00:00Z', { letterType: 'termijnbrief' }, 'letter-1'),
      ev('case.assigned', '2025-01-08T08:00:00Z', { assignee: 'anna', role: 'behandelaar' }),
      ev('case.assigned', '2025-01-09T08:00:00Z', { assignee: null }),
      ev('case.assigned', '2025-01-10T08:00:00Z', { assignee: 'bram' }),
    ]);
    expect(p.letters).toEqual([{ event_id: 'letter-1', case_id: 'c1', case_type: 'ooievaarspas', letter_type: 'termijnbrief', sent_at: ms('2025-01-07T08:00:00Z') }]);
    expect(p.intervals.map((r) => [iso(r.valid_from), r.assignee, r.role])).toEqual([
      [CREATED, null, null],
      ['2025-01-08T08:00:00.000Z', 'anna', 'behandelaar'],
      ['2025-01-09T08:00:00.000Z', null, null],
      ['2025-01-10T08:00:00.000Z', 'bram', null],
      [D1, 'bram', null],
    ]);
  });
});

describe('projectCase: events before creation, and order', () => {
  it('ignores events before case.created', () => {
    const early = [
      ev('case.status_changed', '2025-01-01T08:00:00Z', { status: 'in_behandeling' }),
      ev('letter.sent', '2025-01-02T08:00:00Z', { letterType: 'termijnbrief' }),
      ev('task.created', '2025-01-03T08:00:00Z', { taskId: 't1', step: 'intake' }),
      ev('case.assigned', '2025-01-04T08:00:00Z', { assignee: 'anna', role: 'senior' }),
      ev('case.closed', '2025-01-05T08:00:00Z'),
    ];
    const c = created();
    expect(project([...early, c])).toEqual(project([c]));
    // A task created before the case cannot be completed after it either.
    expect(project([...early, c, ev('task.completed', '2025-01-07T08:00:00Z', { taskId: 't1' })]).tasks).toEqual([]);
  });

  it('has no read model for a case without case.created', () => {
    expect(projectCase([ev('case.status_changed', CREATED, { status: 'x' })], catalog, AMS)).toBeNull();
  });

  const rich = (): CaseEvent[] => [
    created(CREATED, { reference: 'OP-9' }),
    // Same instant as the creation: applies after it.
    ev('case.assigned', CREATED, { assignee: 'anna', role: 'behandelaar' }),
    ev('task.created', CREATED, { taskId: 't1', step: 'intake' }),
    ev('case.status_changed', '2025-01-07T08:00:00Z', { status: 'in_behandeling' }, 'same-a'),
    ev('case.status_changed', '2025-01-07T08:00:00Z', { status: 'informatieverzoek' }, 'same-b'), // same instant: by id, this one last
    ev('letter.sent', '2025-01-07T08:00:00Z', { letterType: 'informatieverzoek' }),
    ev('case.suspended', '2025-01-08T08:00:00Z'),
    ev('task.completed', '2025-01-08T08:00:00Z', { taskId: 't1' }),
    ev('case.resumed', '2025-01-20T08:00:00Z'),
    ev('task.created', '2025-01-20T08:00:00Z', { taskId: 't2', step: 'besluiten', role: 'senior' }),
    ev('case.deadline_extended', '2025-02-01T08:00:00Z'),
    ev('case.closed', '2025-02-10T08:00:00Z', { result: 'verstrekt' }),
    ev('case.reopened', '2025-02-12T08:00:00Z'),
    ev('task.assigned', '2025-02-13T08:00:00Z', { taskId: 't2', assignee: 'bram' }),
    ev('case.closed', '2025-05-01T08:00:00Z', { result: 'geweigerd' }),
  ];

  it('gives identical output for the same events in any order', () => {
    const events = rich();
    const expected = project(events);
    expect(intervals(expected.intervals)[1]).toMatchObject({ status: 'informatieverzoek' });
    fc.assert(fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (shuffled) => {
      expect(project(shuffled)).toEqual(expected);
    }), { numRuns: 200 });
  });

  it('gives identical output for shuffled demo cases', () => {
    const byCase = new Map<string, CaseEvent[]>();
    for (const e of generateDemoEvents({ now: new Date('2025-06-01T00:00:00Z'), months: 2, scale: 0.1 })) {
      const list = byCase.get(e.caseId) ?? [];
      list.push({ id: e.id, type: e.type, caseId: e.caseId, at: Date.parse(e.at), data: e.data });
      byCase.set(e.caseId, list);
    }
    expect(byCase.size).toBeGreaterThan(20);
    const rng = mulberry32(7);
    for (const list of byCase.values()) {
      const shuffled = [...list];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      const p = project(list);
      expect(project(shuffled)).toEqual(p);
      // The intervals tile [created, infinity) without gaps or overlaps.
      expect(p.intervals[0].valid_from).toBe(p.case.created_at);
      expect(p.intervals.at(-1)!.valid_to).toBe(INFINITY);
      for (let k = 1; k < p.intervals.length; k++) expect(p.intervals[k].valid_from).toBe(p.intervals[k - 1].valid_to);
    }
  });
});

describe('projectCase: events at the same instant apply in causal order', () => {
  it('creates a task before completing it even when the ids sort the other way', () => {
    const at = '2025-01-07T09:00:00Z';
    const p = project([
      created(),
      ev('task.completed', at, { taskId: 't1' }, 'x-10'),
      ev('task.created', at, { taskId: 't1', step: 'intake' }, 'x-2'),
    ]);
    // Created and completed at the same instant: a task of zero duration, completed, not open.
    expect(p.tasks).toHaveLength(1);
    expect(p.tasks[0].completed_at).toBe(ms(at));
    expect(p.taskIntervals).toEqual([]);
  });

  it('ends a status change and a closing at the same instant in one closed interval with the new status', () => {
    const at = '2025-02-01T09:00:00Z';
    const p = project([
      created(),
      ev('case.closed', at, { result: 'verstrekt' }, 'a-1'),
      ev('case.status_changed', at, { status: 'afgehandeld' }, 'b-2'),
    ]);
    const last = p.intervals[p.intervals.length - 1];
    expect(last).toMatchObject({ is_open: false, status: 'afgehandeld', closed_at: ms(at) });
  });
});
