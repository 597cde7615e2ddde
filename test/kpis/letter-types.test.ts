// Why: `openCaseLetters` takes `params.letterTypes` (default ["termijnbrief"]), and the case types
// in scope decide which values a caller may give (docs/concepts.md, "Letter types"). The default
// must never be refused — not for a process without termijnbrieven, not for a case type that is
// not configured (its events are accepted, contract section 2) — while a typo in a given value
// must still be a BAD_USER_INPUT that lists what is allowed. Figures worked out by hand below.
import { createHarness, Harness } from '../helpers/harness';
import { databaseLabel } from '../helpers/database';

// Timeline (Amsterdam, CET +01:00); every case is open at AS_OF unless said otherwise.
//   lt-op (ooievaarspas: termijnbrief, informatieverzoek, besluit)
//     created 02-03 09:00; termijnbrief 02-10; informatieverzoek 02-11
//   lt-pk (parkeervergunning: ontvangstbevestiging, betaalverzoek, besluit)
//     created 02-04 09:00; ontvangstbevestiging 02-04 09:05; a termijnbrief 02-12 (not a letter type
//     of its process, but letter types in events are not checked)
//   lt-hb (hondenbelasting: not configured) created 02-05 09:00; termijnbrief 02-06; aanslag 02-07 and 02-08
//   lt-hb2 (hondenbelasting) created 02-05 10:00; aanslag 02-06; CLOSED 02-09: its letters do not count
const AS_OF = '2025-03-01T00:00:00.000Z';
const ev = (id: string, type: string, caseId: string, day: string, data: Record<string, unknown> = {}, time = '10:00') =>
  ({ id, type, caseId, at: `2025-02-${day}T${time}:00+01:00`, data });
const EVENTS = [
  ev('lt-op-1', 'case.created', 'lt-op', '03', { caseType: 'ooievaarspas' }, '09:00'),
  ev('lt-op-2', 'letter.sent', 'lt-op', '10', { letterType: 'termijnbrief' }),
  ev('lt-op-3', 'letter.sent', 'lt-op', '11', { letterType: 'informatieverzoek' }),
  ev('lt-pk-1', 'case.created', 'lt-pk', '04', { caseType: 'parkeervergunning' }, '09:00'),
  ev('lt-pk-2', 'letter.sent', 'lt-pk', '04', { letterType: 'ontvangstbevestiging' }, '09:05'),
  ev('lt-pk-3', 'letter.sent', 'lt-pk', '12', { letterType: 'termijnbrief' }),
  ev('lt-hb-1', 'case.created', 'lt-hb', '05', { caseType: 'hondenbelasting' }, '09:00'),
  ev('lt-hb-2', 'letter.sent', 'lt-hb', '06', { letterType: 'termijnbrief' }),
  ev('lt-hb-3', 'letter.sent', 'lt-hb', '07', { letterType: 'aanslag' }),
  ev('lt-hb-4', 'letter.sent', 'lt-hb', '08', { letterType: 'aanslag' }),
  ev('lt-hb2-1', 'case.created', 'lt-hb2', '05', { caseType: 'hondenbelasting' }),
  ev('lt-hb2-2', 'letter.sent', 'lt-hb2', '06', { letterType: 'aanslag' }),
  ev('lt-hb2-3', 'case.closed', 'lt-hb2', '09'),
];

const QUERY = `query K($dimensions: DimensionsInput, $params: JSONObject) {
  kpi(name: "openCaseLetters", dimensions: $dimensions, params: $params) { value }
}`;

describe(`openCaseLetters letter types by scope on ${databaseLabel()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await h.ingest(EVENTS);
  });
  afterAll(async () => { await h.close(); });

  const letters = async (dimensions: Record<string, unknown>, params?: Record<string, unknown>) =>
    (await h.kpi('openCaseLetters', { asOf: AS_OF, ...dimensions }, params)).value;
  const refused = async (dimensions: Record<string, unknown>, params: Record<string, unknown>) => {
    const r = await h.gql(QUERY, { dimensions: { asOf: AS_OF, ...dimensions }, params });
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'params.letterTypes' });
    return r.errors![0];
  };

  it('never refuses the default, also for a process without termijnbrieven', async () => {
    // parkeervergunning, default ["termijnbrief"]: lt-pk's termijnbrief of 02-12 = 1
    expect(await letters({ caseTypes: ['parkeervergunning'] })).toBe(1);
    // its own letter type, given: lt-pk's ontvangstbevestiging = 1
    expect(await letters({ caseTypes: ['parkeervergunning'] }, { letterTypes: ['ontvangstbevestiging'] })).toBe(1);
    // all case types (the unconfigured one's cases included), default: lt-op, lt-pk, lt-hb = 3
    expect(await letters({})).toBe(3);
  });

  it('answers for a case type that is not configured, with the default or any letter type', async () => {
    // default: lt-hb's termijnbrief = 1 (lt-hb2 has none)
    expect(await letters({ caseTypes: ['hondenbelasting'] })).toBe(1);
    // aanslag: lt-hb 2; lt-hb2's is not counted (closed 02-09) = 2
    expect(await letters({ caseTypes: ['hondenbelasting'] }, { letterTypes: ['aanslag'] })).toBe(2);
    // mixed scope: any value is accepted; informatieverzoek of lt-op 1 + aanslag of lt-hb 2 = 3
    expect(await letters({ caseTypes: ['ooievaarspas', 'hondenbelasting'] }, { letterTypes: ['aanslag', 'informatieverzoek'] })).toBe(3);
  });

  it('refuses a given letter type that no configured case type in scope has, listing the allowed ones', async () => {
    const e = await refused({ caseTypes: ['ooievaarspas'] }, { letterTypes: ['kerstkaart'] });
    expect(e.message).toContain('"kerstkaart"');
    expect(e.extensions?.allowed).toEqual(['termijnbrief', 'informatieverzoek', 'besluit']);
    // termijnbrief given explicitly is not a parkeervergunning letter type: refused (only the default is exempt)
    const pk = await refused({ caseTypes: ['parkeervergunning'] }, { letterTypes: ['termijnbrief'] });
    expect(pk.extensions?.allowed).toEqual(['ontvangstbevestiging', 'betaalverzoek', 'besluit']);
    // without caseTypes the check uses the configured processes, like statuses and roles
    await refused({}, { letterTypes: ['aanslag'] });
  });
});
