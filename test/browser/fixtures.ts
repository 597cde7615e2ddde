// Why: the browser tests need a small history where every widget of both dashboards has something
// to show and every filter changes a number: the three reference cases of docs/kpi-reference.md
// (A, B, C), four more Ooievaarspas cases with other roles, statuses, channels and a late closing,
// and three Parkeervergunning cases. All of it lies in Q1 2025, so the tests pin "now" with asOf.
import fs from 'node:fs';
import path from 'node:path';

/** "Now" for every page and API call of the browser tests: Q1 2025 is then LAST_QUARTER. */
export const AS_OF = '2025-04-15T12:00:00+02:00';

type Event = { id: string; type: string; caseId: string; at: string; data: Record<string, unknown> };

export function referenceEvents(): Event[] {
  const file = path.resolve(__dirname, '../../docs/examples/kpi-reference.ndjson');
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

function caseEvents(caseId: string, list: [string, string, Record<string, unknown>][]): Event[] {
  return list.map(([type, at, data], i) => ({ id: `${caseId}-${i + 1}`, type, caseId, at, data }));
}

export function browserHistory(): Event[] {
  return [
    ...referenceEvents(),
    // D: behandelaar carla, waits for information for two weeks, then still open (overdue at the
    // end of Q1: 17 Mar + 14 days suspended = 31 Mar 09:00).
    ...caseEvents('D', [
      ['case.created', '2025-01-20T11:00:00+01:00', { caseType: 'ooievaarspas', reference: 'OP-2025-000004', attributes: { kanaal: 'balie', doelgroep: 'aow' } }],
      ['case.assigned', '2025-01-21T09:00:00+01:00', { assignee: 'carla', role: 'behandelaar' }],
      ['case.status_changed', '2025-01-21T09:00:00+01:00', { status: 'in_behandeling' }],
      ['task.created', '2025-01-21T09:00:00+01:00', { taskId: 'D-beoordelen', step: 'beoordelen' }],
      ['case.suspended', '2025-02-01T10:00:00+01:00', { reason: 'informatieverzoek' }],
      ['case.status_changed', '2025-02-01T10:00:00+01:00', { status: 'informatieverzoek' }],
      ['letter.sent', '2025-02-01T10:00:00+01:00', { letterType: 'informatieverzoek' }],
      ['task.completed', '2025-02-01T10:00:00+01:00', { taskId: 'D-beoordelen' }],
      ['task.created', '2025-02-01T10:00:00+01:00', { taskId: 'D-info', step: 'informatie_opvragen' }],
      ['case.resumed', '2025-02-15T10:00:00+01:00', {}],
      ['case.status_changed', '2025-02-15T10:00:00+01:00', { status: 'in_behandeling' }],
      ['task.completed', '2025-02-15T10:00:00+01:00', { taskId: 'D-info' }],
    ]),
    // E: received in December, decided late on 10 February (deadline 27 Jan).
    ...caseEvents('E', [
      ['case.created', '2024-12-02T09:30:00+01:00', { caseType: 'ooievaarspas', reference: 'OP-2024-000187', attributes: { kanaal: 'post', doelgroep: 'minimum' } }],
      ['case.assigned', '2024-12-03T09:00:00+01:00', { assignee: 'bram', role: 'senior' }],
      ['case.status_changed', '2024-12-03T09:00:00+01:00', { status: 'in_behandeling' }],
      ['case.status_changed', '2025-02-10T14:00:00+01:00', { status: 'afgehandeld' }],
      ['letter.sent', '2025-02-10T14:00:00+01:00', { letterType: 'besluit' }],
      ['case.closed', '2025-02-10T14:00:00+01:00', { result: 'geweigerd' }],
    ]),
    // F: arrived in March, nobody has picked it up; its intake task (term 3 days) is overdue.
    ...caseEvents('F', [
      ['case.created', '2025-03-03T08:45:00+01:00', { caseType: 'ooievaarspas', reference: 'OP-2025-000005', attributes: { kanaal: 'digitaal', doelgroep: 'student' } }],
      ['task.created', '2025-03-03T08:45:00+01:00', { taskId: 'F-intake', step: 'intake', role: 'behandelaar' }],
    ]),
    // G: handled by the manager and decided on time on 28 March.
    ...caseEvents('G', [
      ['case.created', '2025-02-17T13:00:00+01:00', { caseType: 'ooievaarspas', reference: 'OP-2025-000006', attributes: { kanaal: 'balie', doelgroep: 'minimum' } }],
      ['case.assigned', '2025-02-18T09:00:00+01:00', { assignee: 'dirk', role: 'manager' }],
      ['case.status_changed', '2025-02-18T09:00:00+01:00', { status: 'in_behandeling' }],
      ['task.created', '2025-03-20T09:00:00+01:00', { taskId: 'G-besluiten', step: 'besluiten' }],
      ['task.completed', '2025-03-28T15:00:00+01:00', { taskId: 'G-besluiten' }],
      ['case.status_changed', '2025-03-28T15:00:00+01:00', { status: 'afgehandeld' }],
      ['case.closed', '2025-03-28T15:00:00+01:00', { result: 'verstrekt' }],
    ]),
    // Parkeervergunning: one open, one granted, one waiting for payment (overdue task).
    ...caseEvents('P1', [
      ['case.created', '2025-03-24T10:00:00+01:00', { caseType: 'parkeervergunning', reference: 'PV-2025-000001', attributes: { zone: 'centrum' } }],
      ['case.assigned', '2025-03-24T11:00:00+01:00', { assignee: 'eva', role: 'medewerker' }],
      ['case.status_changed', '2025-03-25T09:00:00+01:00', { status: 'controle' }],
      ['task.created', '2025-03-25T09:00:00+01:00', { taskId: 'P1-kenteken', step: 'kenteken_controleren' }],
    ]),
    ...caseEvents('P2', [
      ['case.created', '2025-03-18T09:00:00+01:00', { caseType: 'parkeervergunning', reference: 'PV-2025-000002', attributes: { zone: 'scheveningen' } }],
      ['case.assigned', '2025-03-18T10:00:00+01:00', { assignee: 'eva', role: 'medewerker' }],
      ['case.status_changed', '2025-03-28T10:00:00+01:00', { status: 'verleend' }],
      ['case.closed', '2025-03-28T10:00:00+01:00', { result: 'verleend' }],
    ]),
    ...caseEvents('P3', [
      ['case.created', '2025-03-20T14:00:00+01:00', { caseType: 'parkeervergunning', reference: 'PV-2025-000003', attributes: { zone: 'overig' } }],
      ['case.assigned', '2025-03-21T09:00:00+01:00', { assignee: 'frank', role: 'coordinator' }],
      ['case.status_changed', '2025-03-21T09:00:00+01:00', { status: 'wacht_op_betaling' }],
      ['task.created', '2025-03-21T09:00:00+01:00', { taskId: 'P3-betaling', step: 'betaling' }],
    ]),
  ];
}
