// Why: contract section 3: every bad event is refused with the field that is wrong, so an
// integrator can fix a whole file in one go; and every documented shape of every event type passes.
import { EVENT_TYPES, validateEvent } from '../../src/ingest/events';

const base = { id: 'e1', caseId: 'c1', at: '2025-03-01T09:30:00+01:00' };
const ev = (type: string, data?: unknown, extra: Record<string, unknown> = {}) => ({ ...base, type, ...(data === undefined ? {} : { data }), ...extra });
const created = (data: Record<string, unknown>) => ev('case.created', { caseType: 'ooievaarspas', ...data });

describe('validateEvent: bad inputs name the field', () => {
  const cases: [string, unknown, string][] = [
    ['an array', [], 'event'],
    ['null', null, 'event'],
    ['a string', 'case.created', 'event'],
    ['no id', { ...ev('case.reopened'), id: undefined }, 'id'],
    ['an empty id', { ...ev('case.reopened'), id: '' }, 'id'],
    ['a numeric id', { ...ev('case.reopened'), id: 7 }, 'id'],
    ['an id of 201 characters', { ...ev('case.reopened'), id: 'x'.repeat(201) }, 'id'],
    ['no caseId', { ...ev('case.reopened'), caseId: undefined }, 'caseId'],
    ['an empty caseId', { ...ev('case.reopened'), caseId: '' }, 'caseId'],
    ['no at', { ...ev('case.reopened'), at: undefined }, 'at'],
    ['at without offset', { ...ev('case.reopened'), at: '2025-03-01T09:30:00' }, 'at'],
    ['at as a date only', { ...ev('case.reopened'), at: '2025-03-01' }, 'at'],
    ['at on 30 February', { ...ev('case.reopened'), at: '2025-02-30T09:30:00Z' }, 'at'],
    ['at in month 13', { ...ev('case.reopened'), at: '2025-13-01T09:30:00Z' }, 'at'],
    ['at at 24:00', { ...ev('case.reopened'), at: '2025-03-01T24:00:00Z' }, 'at'],
    ['at as epoch milliseconds', { ...ev('case.reopened'), at: 1740817800000 }, 'at'],
    ['at in words', { ...ev('case.reopened'), at: 'yesterday' }, 'at'],
    ['an unknown type', ev('case.deleted'), 'type'],
    ['no type', { ...ev('case.reopened'), type: undefined }, 'type'],
    ['data as an array', ev('case.reopened', []), 'data'],
    ['data as a string', ev('case.reopened', 'x'), 'data'],
    ['an unknown top-level field', ev('case.reopened', {}, { caseType: 'ooievaarspas' }), 'caseType'],
    ['case.created without data', ev('case.created'), 'data.caseType'],
    ['case.created without caseType', ev('case.created', {}), 'data.caseType'],
    ['case.created with an empty caseType', created({ caseType: '' }), 'data.caseType'],
    ['case.created with caseType in capitals', created({ caseType: 'Ooievaarspas' }), 'data.caseType'],
    ['case.created with a numeric reference', created({ reference: 12 }), 'data.reference'],
    ['case.created with an empty status', created({ status: '' }), 'data.status'],
    ['case.created with deadline 30 February', created({ deadline: '2025-02-30' }), 'data.deadline'],
    ['case.created with a Dutch date deadline', created({ deadline: '01-03-2025' }), 'data.deadline'],
    ['case.created with attributes as an array', created({ attributes: ['a'] }), 'data.attributes'],
    ['case.created with huge attributes', created({ attributes: { x: 'y'.repeat(10_001) } }), 'data.attributes'],
    ['case.status_changed without status', ev('case.status_changed', {}), 'data.status'],
    ['case.status_changed with a text of 501 characters', ev('case.status_changed', { status: 's'.repeat(501) }), 'data.status'],
    ['case.assigned without assignee', ev('case.assigned', { role: 'behandelaar' }), 'data.assignee'],
    ['case.assigned with a numeric assignee', ev('case.assigned', { assignee: 5 }), 'data.assignee'],
    ['case.assigned with a numeric role', ev('case.assigned', { assignee: 'anna', role: 5 }), 'data.role'],
    ['case.suspended with a numeric reason', ev('case.suspended', { reason: 5 }), 'data.reason'],
    ['case.resumed with an empty reason', ev('case.resumed', { reason: '' }), 'data.reason'],
    ['case.deadline_extended with deadline in words', ev('case.deadline_extended', { deadline: 'soon' }), 'data.deadline'],
    ['case.deadline_extended with an instant without offset', ev('case.deadline_extended', { deadline: '2025-05-01T17:00:00' }), 'data.deadline'],
    ['case.closed with a numeric result', ev('case.closed', { result: 1 }), 'data.result'],
    ['task.created without taskId', ev('task.created', { step: 'intake' }), 'data.taskId'],
    ['task.created without step', ev('task.created', { taskId: 't1' }), 'data.step'],
    ['task.created with a bad dueAt', ev('task.created', { taskId: 't1', step: 'intake', dueAt: 'tomorrow' }), 'data.dueAt'],
    ['task.created with a numeric role', ev('task.created', { taskId: 't1', step: 'intake', role: 1 }), 'data.role'],
    ['task.created with a numeric assignee', ev('task.created', { taskId: 't1', step: 'intake', assignee: 1 }), 'data.assignee'],
    ['task.assigned without taskId', ev('task.assigned', { assignee: 'anna' }), 'data.taskId'],
    ['task.assigned without assignee', ev('task.assigned', { taskId: 't1' }), 'data.assignee'],
    ['task.completed without taskId', ev('task.completed', {}), 'data.taskId'],
    ['letter.sent without letterType', ev('letter.sent', {}), 'data.letterType'],
  ];

  it.each(cases)('refuses %s (field %s)', (_label, raw, field) => {
    const { event, problems } = validateEvent(raw, 7);
    expect(event).toBeUndefined();
    expect(problems.map((p) => p.field)).toContain(field);
    for (const p of problems) {
      expect(p.position).toBe(7);
      expect(p.message.length).toBeGreaterThan(5);
    }
  });

  it('names the id of a bad event where it has one', () => {
    const { problems } = validateEvent({ ...ev('case.status_changed', {}), id: 'e-42' }, 3);
    expect(problems).toEqual([{ position: 3, id: 'e-42', field: 'data.status', message: expect.stringContaining('required') }]);
  });

  it('reports every problem of one event, not only the first', () => {
    const { problems } = validateEvent({ id: '', caseId: '', at: 'x', type: 'case.created', data: {} }, 1);
    expect(problems.map((p) => p.field).sort()).toEqual(['at', 'caseId', 'data.caseType', 'id']);
  });
});

describe('validateEvent: good inputs of every event type pass', () => {
  const good: [string, Record<string, unknown>][] = [
    ['case.created (minimal)', ev('case.created', { caseType: 'ooievaarspas' })],
    ['case.created (all fields, date deadline)', created({ reference: 'OP-2025-1', status: 'in_behandeling', deadline: '2025-04-26', attributes: { kanaal: 'balie' } })],
    ['case.created (instant deadline, null attributes)', created({ deadline: '2025-04-26T17:00:00+02:00', attributes: null })],
    ['case.created for a process that is not configured', created({ caseType: 'bijstand_2' })],
    ['case.status_changed', ev('case.status_changed', { status: 'in_behandeling' })],
    ['case.assigned', ev('case.assigned', { assignee: 'anna', role: 'behandelaar' })],
    ['case.assigned to nobody', ev('case.assigned', { assignee: null })],
    ['case.suspended', ev('case.suspended', { reason: 'informatieverzoek' })],
    ['case.suspended without data', ev('case.suspended')],
    ['case.resumed', ev('case.resumed', {})],
    ['case.deadline_extended with a date', ev('case.deadline_extended', { deadline: '2025-05-10' })],
    ['case.deadline_extended with an instant', ev('case.deadline_extended', { deadline: '2025-05-10T12:00:00Z' })],
    ['case.deadline_extended without deadline (extension term)', ev('case.deadline_extended', {})],
    ['case.closed', ev('case.closed', { result: 'verstrekt' })],
    ['case.closed without result', ev('case.closed', {})],
    ['case.reopened', ev('case.reopened')],
    ['task.created', ev('task.created', { taskId: 't1', step: 'intake', dueAt: '2025-03-04', role: 'behandelaar', assignee: 'anna' })],
    ['task.created (minimal)', ev('task.created', { taskId: 't1', step: 'intake' })],
    ['task.assigned', ev('task.assigned', { taskId: 't1', assignee: 'bram' })],
    ['task.assigned to nobody', ev('task.assigned', { taskId: 't1', assignee: null })],
    ['task.completed', ev('task.completed', { taskId: 't1' })],
    ['letter.sent', ev('letter.sent', { letterType: 'termijnbrief' })],
    ['at in UTC with milliseconds', { ...ev('case.reopened'), at: '2025-03-01T08:30:00.123Z' }],
    ['at without seconds', { ...ev('case.reopened'), at: '2025-03-01T08:30+01:00' }],
  ];

  it('covers every event type', () => {
    expect(new Set(good.map(([, e]) => e.type))).toEqual(new Set(EVENT_TYPES));
  });

  it.each(good)('accepts %s', (_label, raw) => {
    const { event, problems } = validateEvent(raw, 0);
    expect(problems).toEqual([]);
    expect(event).toMatchObject({ id: raw.id, type: raw.type, caseId: raw.caseId, at: expect.any(Number) });
    expect(event!.data).toEqual(raw.data ?? {});
  });

  it('turns at into epoch milliseconds, honouring the offset', () => {
    expect(validateEvent(ev('case.reopened'), 0).event!.at).toBe(Date.parse('2025-03-01T08:30:00Z'));
    expect(validateEvent({ ...ev('case.reopened'), at: '2025-03-01T08:30:00.123Z' }, 0).event!.at).toBe(Date.parse('2025-03-01T08:30:00.123Z'));
  });
});

describe('validateEvent: text PostgreSQL cannot store', () => {
  const created = (data: Record<string, unknown>, caseId = 'c1') => ({ id: 'e1', type: 'case.created', caseId, at: '2025-03-01T09:30:00+01:00', data: { caseType: 'ooievaarspas', ...data } });
  it.each([
    ['a NUL in data.reference', created({ reference: 'a\u0000b' }), 'data.reference'],
    ['a lone surrogate in caseId', created({}, 'c\ud800'), 'caseId'],
    ['a NUL in an attribute key', created({ attributes: { 'k\u0000': 'x' } }), 'data.attributes["k\\u0000"]'],
    ['a lone low surrogate in a nested list', created({ attributes: { kanaal: ['ok', 'x\udc00'] } }), 'data.attributes.kanaal[1]'],
  ])('refuses %s, naming the field', (_label, event, field) => {
    const { problems } = validateEvent(event, 0);
    expect(problems.map((p) => p.field)).toEqual([field]);
    expect(problems[0].message).toMatch(/U\+0000 or an unpaired UTF-16 surrogate/);
  });
  it('accepts a well-formed surrogate pair (emoji) and the six characters \\u0000 as text', () => {
    expect(validateEvent(created({ reference: 'emoji \ud83d\ude00 and \\u0000 as text' }), 0).problems).toEqual([]);
  });
});

describe('validateEvent with the line it was parsed from (the import skips checks the text rules out)', () => {
  const both = (line: string) => {
    const raw = JSON.parse(line);
    const withSource = validateEvent(raw, 7, line);
    expect(withSource).toEqual(validateEvent(raw, 7));
    return withSource;
  };
  const event = (data: unknown, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ id: 'e1', type: 'case.created', caseId: 'c1', at: '2025-03-01T09:00:00+01:00', data, ...extra });

  it('gives the same answers as without it, for storable and unstorable text', () => {
    expect(both(event({ caseType: 'ooievaarspas', reference: 'café 🦩' })).event).toBeDefined();
    // Escapes in the line: the full check runs and refuses.
    expect(both(event({ caseType: 'ooievaarspas', reference: 'a\u0000b' })).problems).toEqual([expect.objectContaining({ field: 'data.reference' })]);
    expect(both(event({ caseType: 'ooievaarspas', reference: 'x\ud800' })).problems).toEqual([expect.objectContaining({ field: 'data.reference' })]);
    expect(both(event({ caseType: 'ooievaarspas' }, { caseId: 'c\udc00' })).problems).toEqual([expect.objectContaining({ field: 'caseId' })]);
    expect(both(event({ caseType: 'ooievaarspas', attributes: { ['k\u0000']: 1 } })).problems).toEqual([expect.objectContaining({ field: 'data.attributes["k\\u0000"]' })]);
    // The six characters \u0000 written as text (an escaped backslash) are storable.
    expect(both(event({ caseType: 'ooievaarspas', reference: '\\u0000' })).event).toBeDefined();
  });

  it('still refuses data over 100,000 characters that a short source of numbers expands to', () => {
    // 5,000 × "1e20" is 25,000 characters in the line and 110,000 once written out.
    const line = `{"id":"e1","type":"letter.sent","caseId":"c1","at":"2025-03-01T09:00:00+01:00","data":{"letterType":"besluit","n":[${Array(5000).fill('1e20').join(',')}]}}`;
    expect(line.length).toBeLessThan(30_000);
    expect(both(line).problems).toEqual([expect.objectContaining({ field: 'data', message: 'is larger than 100,000 characters' })]);
    // The largest line the size check is skipped for cannot reach the limit: 12,000 characters of
    // "1e20," expand 4.4 times.
    const short = `{"id":"e1","type":"letter.sent","caseId":"c1","at":"2025-03-01T09:00:00+01:00","data":{"letterType":"besluit","n":[${Array(2370).fill('1e20').join(',')}]}}`;
    expect(short.length).toBeLessThanOrEqual(12_000);
    expect(JSON.stringify(JSON.parse(short).data).length).toBeLessThan(100_000);
    expect(both(short).event).toBeDefined();
  });
});
