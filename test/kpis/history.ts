// Why: one small, hand-written event history that every KPI test in this directory reasons about.
// Every expected figure in the tests is worked out by hand from the timeline below (contract
// sections 3–6), never copied from the engine. Times are written in Amsterdam local time with
// their offset (CET +01:00 until 2025-03-30 01:00Z, CEST +02:00 until 2025-10-26 01:00Z); the
// UTC instant is given in the comments where the arithmetic needs it.
//
// Processes: ooievaarspas (legal P8W, extension P6W; steps intake P3D, beoordelen P2W,
// informatie_opvragen P2W, besluiten P1W) and parkeervergunning (legal P4W; steps
// kenteken_controleren P2D, beoordelen P5D, betaling P14D).
//
// ─── op-A (ooievaarspas, kanaal digitaal): closed ON TIME, reassigned behandelaar → senior ───
//   created 2025-01-06 09:00+01 → deadline 2025-03-03 09:00+01 (= 08:00Z)
//   intake task a-intake 01-06 09:05 (no dueAt → +P3D = 01-09 09:05), completed 01-08 09:05: 2.0 days, on time
//   beoordelen task a-beoordelen 01-08 09:05 (→ due 01-22 09:05+01 = 08:05Z), completed 01-24 09:05: 16.0 days, LATE
//   besluiten task a-besluiten 01-24 09:05 (role manager, assignee dirk; due 01-31 09:05), completed 01-28 21:05: 4.5 days, on time
//   assigned anna/behandelaar 01-07, bert/senior 01-20; closed 2025-02-14 15:00+01 (14:00Z): lead 39 days
// ─── op-B (ooievaarspas, kanaal post): suspension, extension WITHOUT date, termijnbrief, closed LATE ───
//   created 2025-01-13 10:00+01 → deadline 2025-03-10 10:00+01 (09:00Z)
//   suspended 02-03 10:00 → resumed 02-17 10:00: 14 days (336 h) of stopped clock → effective 03-24 09:00Z
//   extended 03-20 (no date): last deadline set 03-10 10:00 + P6W = 04-21 10:00+02 (08:00Z); + 14 d suspended
//   → effective deadline 2025-05-05 10:00+02 = 08:00Z
//   letters: informatieverzoek 02-03, termijnbrief 03-20 10:05
//   carla/behandelaar 01-13, bert/senior 04-01; task b-besluiten 04-01 09:00+02 dueAt '2025-04-10'
//   (→ 04-10 23:59:59.999+02 = 21:59:59.999Z), completed 05-12 11:00+02: 41 d 2 h, LATE
//   closed 2025-05-12 11:00+02 (09:00Z), after 05-05 08:00Z: LATE; lead 119 days
// ─── op-C (ooievaarspas, kanaal balie): closed on time, REOPENED, closed again late ───
//   created 2025-02-03 09:00+01 → deadline 2025-03-31 09:00+02 (07:00Z; wall clock across DST)
//   anna/behandelaar 02-03; task c-intake 02-03 09:30 dueAt '2025-02-05', completed 02-04 09:30: 1.0 day, on time
//   closed 02-20 16:00+01 (on time, lead 17); reopened 03-03 09:00; assigned erik WITHOUT role (keeps behandelaar)
//   task c-beoordelen 03-03 09:30 (→ due 03-17 09:30), completed 03-14 09:30: 11.0 days, on time
//   closed again 2025-04-07 12:00+02 (10:00Z), after 03-31 07:00Z: LATE, lead 63
// ─── op-D (ooievaarspas, kanaal digitaal): explicit DATE deadline, stays open ───
//   a termijnbrief at 02-09, BEFORE case.created: ignored
//   created 2025-02-10 14:00+01 with status in_behandeling and deadline '2025-03-01'
//   → 2025-03-01 23:59:59.999+01 = 22:59:59.999Z; OVERDUE from 2025-03-01T23:00:00.000Z
//   carla/behandelaar 02-10 14:30; status informatieverzoek 02-12
//   task d-info (informatie_opvragen, role senior, assignee bert, dueAt 02-20 17:00+01 = 16:00Z), open;
//   task.assigned to anna 03-10; task d-beoordelen 03-20 10:00+01 (09:00Z) dueAt '2025-04-11'
//   (→ 04-11 21:59:59.999Z), completed 04-11 10:00+02 (08:00Z): 22 d − 1 h = 527 h, on time
//   termijnbrief 03-03
// ─── op-E (ooievaarspas, kanaal post): extension WITH date, unassigned later ───
//   created 2025-03-24 11:00+01 → deadline 2025-05-19 11:00+02 (09:00Z)
//   assigned anna/behandelaar at the creation instant (event id sorts before the creation's id)
//   task e-intake 03-25 09:00+01 (08:00Z, → due 03-28 09:00+01), completed 03-31 09:00+02 (07:00Z): 143 h, LATE
//   status in_behandeling 03-31; task e-beoordelen 03-31 09:00+02 (role senior, → due 04-14 09:00+02 = 07:00Z), open
//   dirk/manager 04-02; letter informatieverzoek 04-02; extended to '2025-06-30' on 05-01
//   (→ 2025-06-30 23:59:59.999+02 = 21:59:59.999Z); termijnbrief 05-01 09:05+02 (07:05Z); unassigned 05-20
// ─── op-G (ooievaarspas, kanaal digitaal): INSTANT deadline, suspended past it, closed exactly on time ───
//   created 2025-04-14 09:00+02, deadline '2025-04-22T17:00:00+02:00' (15:00Z); anna/behandelaar
//   suspended 04-18 09:00 → resumed 05-02 09:00 (14 days) → effective deadline 05-06 17:00+02 (15:00Z)
//   closed 2025-05-06 17:00+02 exactly at the effective deadline: ON TIME; lead 22
// ─── pk-1 (parkeervergunning, zone centrum): closed on time ───
//   created 2025-01-20 08:00+01 → deadline 02-17 08:00+01; frank/medewerker, gina/coordinator 01-27
//   task p1-kenteken 01-20 08:00 (→ due 01-22), completed 01-21 08:00: 1.0 day, on time
//   task p1-betaling 01-21 08:00 (→ due 02-04 08:00), completed 02-06 08:00: 16.0 days, LATE
//   statuses controle, wacht_op_betaling 01-21, verleend 02-07; closed 2025-02-07 10:00+01 (09:00Z): lead 18
// ─── pk-2 (parkeervergunning, zone scheveningen): never assigned, stays open ───
//   created 2025-03-03 12:00+01 → deadline 2025-03-31 12:00+02 (10:00Z); status controle 03-04
//   task p2-beoordelen 03-04 12:00 dueAt '2025-03-07' (→ 22:59:59.999Z), open (overdue)

export interface TestEvent {
  id: string;
  type: string;
  caseId: string;
  at: string;
  data: Record<string, unknown>;
}

const ev = (id: string, type: string, caseId: string, at: string, data: Record<string, unknown> = {}): TestEvent => ({ id, type, caseId, at, data });
const OP = 'ooievaarspas';
const PK = 'parkeervergunning';

export const HISTORY: TestEvent[] = [
  // op-A
  ev('op-A-01', 'case.created', 'op-A', '2025-01-06T09:00:00+01:00', { caseType: OP, reference: 'OP-A', attributes: { kanaal: 'digitaal', doelgroep: 'minimum' } }),
  ev('op-A-02', 'task.created', 'op-A', '2025-01-06T09:05:00+01:00', { taskId: 'a-intake', step: 'intake' }),
  ev('op-A-03', 'case.assigned', 'op-A', '2025-01-07T10:00:00+01:00', { assignee: 'anna', role: 'behandelaar' }),
  ev('op-A-04', 'task.completed', 'op-A', '2025-01-08T09:05:00+01:00', { taskId: 'a-intake' }),
  ev('op-A-05', 'case.status_changed', 'op-A', '2025-01-08T09:05:00+01:00', { status: 'in_behandeling' }),
  ev('op-A-06', 'task.created', 'op-A', '2025-01-08T09:05:00+01:00', { taskId: 'a-beoordelen', step: 'beoordelen' }),
  ev('op-A-07', 'case.assigned', 'op-A', '2025-01-20T12:00:00+01:00', { assignee: 'bert', role: 'senior' }),
  ev('op-A-08', 'task.completed', 'op-A', '2025-01-24T09:05:00+01:00', { taskId: 'a-beoordelen' }),
  ev('op-A-09', 'task.created', 'op-A', '2025-01-24T09:05:00+01:00', { taskId: 'a-besluiten', step: 'besluiten', role: 'manager', assignee: 'dirk' }),
  ev('op-A-10', 'task.completed', 'op-A', '2025-01-28T21:05:00+01:00', { taskId: 'a-besluiten' }),
  ev('op-A-11', 'case.status_changed', 'op-A', '2025-02-14T15:00:00+01:00', { status: 'afgehandeld' }),
  ev('op-A-12', 'case.closed', 'op-A', '2025-02-14T15:00:00+01:00', { result: 'verstrekt' }),
  ev('op-A-13', 'letter.sent', 'op-A', '2025-02-14T15:00:00+01:00', { letterType: 'besluit' }),

  // op-B
  ev('op-B-01', 'case.created', 'op-B', '2025-01-13T10:00:00+01:00', { caseType: OP, reference: 'OP-B', attributes: { kanaal: 'post', doelgroep: 'aow' } }),
  ev('op-B-02', 'case.assigned', 'op-B', '2025-01-13T10:30:00+01:00', { assignee: 'carla', role: 'behandelaar' }),
  ev('op-B-03', 'case.status_changed', 'op-B', '2025-01-15T10:00:00+01:00', { status: 'in_behandeling' }),
  ev('op-B-04', 'case.suspended', 'op-B', '2025-02-03T10:00:00+01:00', { reason: 'wacht op stukken' }),
  ev('op-B-05', 'case.status_changed', 'op-B', '2025-02-03T10:00:00+01:00', { status: 'informatieverzoek' }),
  ev('op-B-06', 'letter.sent', 'op-B', '2025-02-03T10:00:00+01:00', { letterType: 'informatieverzoek' }),
  ev('op-B-07', 'case.resumed', 'op-B', '2025-02-17T10:00:00+01:00'),
  ev('op-B-08', 'case.status_changed', 'op-B', '2025-02-17T10:00:00+01:00', { status: 'in_behandeling' }),
  ev('op-B-09', 'case.deadline_extended', 'op-B', '2025-03-20T10:00:00+01:00'),
  ev('op-B-10', 'letter.sent', 'op-B', '2025-03-20T10:05:00+01:00', { letterType: 'termijnbrief' }),
  ev('op-B-11', 'case.assigned', 'op-B', '2025-04-01T09:00:00+02:00', { assignee: 'bert', role: 'senior' }),
  ev('op-B-12', 'task.created', 'op-B', '2025-04-01T09:00:00+02:00', { taskId: 'b-besluiten', step: 'besluiten', dueAt: '2025-04-10' }),
  ev('op-B-13', 'task.completed', 'op-B', '2025-05-12T11:00:00+02:00', { taskId: 'b-besluiten' }),
  ev('op-B-14', 'case.closed', 'op-B', '2025-05-12T11:00:00+02:00', { result: 'geweigerd' }),
  ev('op-B-15', 'case.status_changed', 'op-B', '2025-05-12T11:00:00+02:00', { status: 'afgehandeld' }),

  // op-C
  ev('op-C-01', 'case.created', 'op-C', '2025-02-03T09:00:00+01:00', { caseType: OP, reference: 'OP-C', attributes: { kanaal: 'balie', doelgroep: 'student' } }),
  ev('op-C-02', 'case.assigned', 'op-C', '2025-02-03T09:30:00+01:00', { assignee: 'anna', role: 'behandelaar' }),
  ev('op-C-03', 'task.created', 'op-C', '2025-02-03T09:30:00+01:00', { taskId: 'c-intake', step: 'intake', dueAt: '2025-02-05' }),
  ev('op-C-04', 'task.completed', 'op-C', '2025-02-04T09:30:00+01:00', { taskId: 'c-intake' }),
  ev('op-C-05', 'case.status_changed', 'op-C', '2025-02-20T16:00:00+01:00', { status: 'afgehandeld' }),
  ev('op-C-06', 'case.closed', 'op-C', '2025-02-20T16:00:00+01:00', { result: 'verstrekt' }),
  ev('op-C-07', 'case.reopened', 'op-C', '2025-03-03T09:00:00+01:00'),
  ev('op-C-08', 'case.status_changed', 'op-C', '2025-03-03T09:00:00+01:00', { status: 'in_behandeling' }),
  ev('op-C-09', 'case.assigned', 'op-C', '2025-03-03T09:30:00+01:00', { assignee: 'erik' }),
  ev('op-C-10', 'task.created', 'op-C', '2025-03-03T09:30:00+01:00', { taskId: 'c-beoordelen', step: 'beoordelen' }),
  ev('op-C-11', 'task.completed', 'op-C', '2025-03-14T09:30:00+01:00', { taskId: 'c-beoordelen' }),
  ev('op-C-12', 'case.status_changed', 'op-C', '2025-04-07T12:00:00+02:00', { status: 'afgehandeld' }),
  ev('op-C-13', 'case.closed', 'op-C', '2025-04-07T12:00:00+02:00', { result: 'verstrekt' }),

  // op-D
  ev('op-D-00', 'letter.sent', 'op-D', '2025-02-09T12:00:00+01:00', { letterType: 'termijnbrief' }),
  ev('op-D-01', 'case.created', 'op-D', '2025-02-10T14:00:00+01:00', { caseType: OP, reference: 'OP-D', status: 'in_behandeling', deadline: '2025-03-01', attributes: { kanaal: 'digitaal', doelgroep: 'aow' } }),
  ev('op-D-02', 'case.assigned', 'op-D', '2025-02-10T14:30:00+01:00', { assignee: 'carla', role: 'behandelaar' }),
  ev('op-D-03', 'case.status_changed', 'op-D', '2025-02-12T10:00:00+01:00', { status: 'informatieverzoek' }),
  ev('op-D-04', 'task.created', 'op-D', '2025-02-12T10:00:00+01:00', { taskId: 'd-info', step: 'informatie_opvragen', dueAt: '2025-02-20T17:00:00+01:00', role: 'senior', assignee: 'bert' }),
  ev('op-D-05', 'letter.sent', 'op-D', '2025-03-03T10:00:00+01:00', { letterType: 'termijnbrief' }),
  ev('op-D-06', 'task.assigned', 'op-D', '2025-03-10T10:00:00+01:00', { taskId: 'd-info', assignee: 'anna' }),
  ev('op-D-07', 'task.created', 'op-D', '2025-03-20T10:00:00+01:00', { taskId: 'd-beoordelen', step: 'beoordelen', dueAt: '2025-04-11' }),
  ev('op-D-08', 'task.completed', 'op-D', '2025-04-11T10:00:00+02:00', { taskId: 'd-beoordelen' }),

  // op-E (op-E-00 shares the creation instant and sorts before op-E-01 by id)
  ev('op-E-00', 'case.assigned', 'op-E', '2025-03-24T11:00:00+01:00', { assignee: 'anna', role: 'behandelaar' }),
  ev('op-E-01', 'case.created', 'op-E', '2025-03-24T11:00:00+01:00', { caseType: OP, reference: 'OP-E', attributes: { kanaal: 'post', doelgroep: 'minimum' } }),
  ev('op-E-02', 'task.created', 'op-E', '2025-03-25T09:00:00+01:00', { taskId: 'e-intake', step: 'intake' }),
  ev('op-E-03', 'task.completed', 'op-E', '2025-03-31T09:00:00+02:00', { taskId: 'e-intake' }),
  ev('op-E-04', 'case.status_changed', 'op-E', '2025-03-31T09:00:00+02:00', { status: 'in_behandeling' }),
  ev('op-E-05', 'task.created', 'op-E', '2025-03-31T09:00:00+02:00', { taskId: 'e-beoordelen', step: 'beoordelen', role: 'senior' }),
  ev('op-E-06', 'case.assigned', 'op-E', '2025-04-02T10:00:00+02:00', { assignee: 'dirk', role: 'manager' }),
  ev('op-E-07', 'letter.sent', 'op-E', '2025-04-02T10:00:00+02:00', { letterType: 'informatieverzoek' }),
  ev('op-E-08', 'case.deadline_extended', 'op-E', '2025-05-01T09:00:00+02:00', { deadline: '2025-06-30' }),
  ev('op-E-09', 'letter.sent', 'op-E', '2025-05-01T09:05:00+02:00', { letterType: 'termijnbrief' }),
  ev('op-E-10', 'case.assigned', 'op-E', '2025-05-20T09:00:00+02:00', { assignee: null }),

  // op-G
  ev('op-G-01', 'case.created', 'op-G', '2025-04-14T09:00:00+02:00', { caseType: OP, reference: 'OP-G', deadline: '2025-04-22T17:00:00+02:00', attributes: { kanaal: 'digitaal', doelgroep: 'student' } }),
  ev('op-G-02', 'case.assigned', 'op-G', '2025-04-14T09:00:00+02:00', { assignee: 'anna', role: 'behandelaar' }),
  ev('op-G-03', 'case.suspended', 'op-G', '2025-04-18T09:00:00+02:00'),
  ev('op-G-04', 'case.resumed', 'op-G', '2025-05-02T09:00:00+02:00'),
  ev('op-G-05', 'case.status_changed', 'op-G', '2025-05-06T17:00:00+02:00', { status: 'afgehandeld' }),
  ev('op-G-06', 'case.closed', 'op-G', '2025-05-06T17:00:00+02:00', { result: 'verstrekt' }),

  // pk-1
  ev('pk-1-01', 'case.created', 'pk-1', '2025-01-20T08:00:00+01:00', { caseType: PK, reference: 'PK-1', attributes: { zone: 'centrum' } }),
  ev('pk-1-02', 'case.assigned', 'pk-1', '2025-01-20T08:00:00+01:00', { assignee: 'frank', role: 'medewerker' }),
  ev('pk-1-03', 'task.created', 'pk-1', '2025-01-20T08:00:00+01:00', { taskId: 'p1-kenteken', step: 'kenteken_controleren' }),
  ev('pk-1-04', 'letter.sent', 'pk-1', '2025-01-20T08:00:00+01:00', { letterType: 'ontvangstbevestiging' }),
  ev('pk-1-05', 'task.completed', 'pk-1', '2025-01-21T08:00:00+01:00', { taskId: 'p1-kenteken' }),
  ev('pk-1-06', 'case.status_changed', 'pk-1', '2025-01-21T08:00:00+01:00', { status: 'controle' }),
  ev('pk-1-07', 'task.created', 'pk-1', '2025-01-21T08:00:00+01:00', { taskId: 'p1-betaling', step: 'betaling' }),
  ev('pk-1-08', 'case.status_changed', 'pk-1', '2025-01-21T08:00:01+01:00', { status: 'wacht_op_betaling' }),
  ev('pk-1-09', 'case.assigned', 'pk-1', '2025-01-27T09:00:00+01:00', { assignee: 'gina', role: 'coordinator' }),
  ev('pk-1-10', 'task.completed', 'pk-1', '2025-02-06T08:00:00+01:00', { taskId: 'p1-betaling' }),
  ev('pk-1-11', 'case.status_changed', 'pk-1', '2025-02-07T10:00:00+01:00', { status: 'verleend' }),
  ev('pk-1-12', 'case.closed', 'pk-1', '2025-02-07T10:00:00+01:00', { result: 'verleend' }),

  // pk-2
  ev('pk-2-01', 'case.created', 'pk-2', '2025-03-03T12:00:00+01:00', { caseType: PK, reference: 'PK-2', attributes: { zone: 'scheveningen' } }),
  ev('pk-2-02', 'letter.sent', 'pk-2', '2025-03-03T12:00:00+01:00', { letterType: 'ontvangstbevestiging' }),
  ev('pk-2-03', 'case.status_changed', 'pk-2', '2025-03-04T12:00:00+01:00', { status: 'controle' }),
  ev('pk-2-04', 'task.created', 'pk-2', '2025-03-04T12:00:00+01:00', { taskId: 'p2-beoordelen', step: 'beoordelen', dueAt: '2025-03-07' }),
];

// Instants the tests measure at (UTC, with the Amsterdam wall clock in the comment).
/** 2025-02-15 00:00 Amsterdam. */
export const T_FEB15 = '2025-02-14T23:00:00.000Z';
/** 2025-03-15 12:00 Amsterdam (CET). */
export const T_MAR15 = '2025-03-15T11:00:00.000Z';
/** 2025-04-10 12:00 Amsterdam (CEST). */
export const T_APR10 = '2025-04-10T10:00:00.000Z';
/** 2025-06-01 00:00 Amsterdam. */
export const T_JUN01 = '2025-05-31T22:00:00.000Z';
/** Long after every event: flows over a period are complete. */
export const LATE = '2025-12-31T12:00:00.000Z';

/** Local midnights in Amsterdam as UTC instants (the starts of MONTH buckets in 2025). */
export const MONTH_STARTS_2025 = {
  jan: '2024-12-31T23:00:00.000Z',
  feb: '2025-01-31T23:00:00.000Z',
  mar: '2025-02-28T23:00:00.000Z',
  apr: '2025-03-31T22:00:00.000Z',
  may: '2025-04-30T22:00:00.000Z',
  jun: '2025-05-31T22:00:00.000Z',
  jul: '2025-06-30T22:00:00.000Z',
};
/** [2025-01-01, 2025-07-01) in Amsterdam. */
export const H1_2025 = { from: MONTH_STARTS_2025.jan, to: MONTH_STARTS_2025.jul };

/** A deterministic shuffle (fixed-seed LCG), so "out of order" is the same on every run. */
export function shuffled<T>(list: T[], seed = 20250101): T[] {
  const out = [...list];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

type Result = { points: { bucket: string | null; groups: { by: string; key: string | null }[]; value: number | null }[] };
type Points = { points: { bucket: string | null; value: number | null }[] };
export const values = (r: Points) => r.points.map((p) => p.value);
export const bucketStarts = (r: Points) => r.points.map((p) => p.bucket);
/** Points as `key[/key…]: value` (group keys joined by /, null as "null"), for compact assertions. */
export const byGroup = (r: Result) =>
  Object.fromEntries(r.points.map((p) => [p.groups.map((g) => String(g.key)).join('/'), p.value]));
export const groupKeys = (r: Result) => r.points.map((p) => p.groups.map((g) => String(g.key)).join('/'));
/**
 * Points as { bucket: { groupKeys: value } }: checks that every bucket has every combination,
 * independent of the order of combinations (which one test checks on its own).
 */
export const perBucket = (r: Result) => {
  const out: Record<string, Record<string, number | null>> = {};
  for (const p of r.points) {
    const b = String(p.bucket);
    out[b] = { ...(out[b] ?? {}), [p.groups.map((g) => String(g.key)).join('/')]: p.value };
  }
  return out;
};
