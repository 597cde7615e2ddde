// Why: a bad request must come back as a contract error (section 5): BAD_USER_INPUT naming the
// field in extensions.field, or UNKNOWN_KPI, with a message for a person and never SQL or a
// stack trace. One test per kind of mistake a front end or integrator can make.
import { createHarness, Harness } from '../helpers/harness';
import { databaseLabel } from '../helpers/database';

const QUERY = `query K($name: String!, $dimensions: DimensionsInput, $params: JSONObject) {
  kpi(name: $name, dimensions: $dimensions, params: $params) { value }
}`;
const AS_OF = '2025-06-01T00:00:00.000Z';

describe(`bad input on ${databaseLabel()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await h.ingest([{ id: 'err-1', type: 'case.created', caseId: 'err-case', at: '2025-01-06T09:00:00+01:00', data: { caseType: 'ooievaarspas' } }]);
  });
  afterAll(async () => { await h.close(); });

  /** Runs a kpi query and returns its single error. */
  const failing = async (name: string, dimensions: Record<string, unknown> = {}, params?: Record<string, unknown>) => {
    const r = await h.gql(QUERY, { name, dimensions: { asOf: AS_OF, ...dimensions }, params });
    expect(r.errors).toBeDefined();
    expect(r.errors).toHaveLength(1);
    const e = r.errors![0];
    expect(e.extensions?.stacktrace).toBeUndefined();
    expect(e.message).not.toMatch(/select |relation |syntax error| at .*\.ts:/i);
    return e;
  };
  const expectBadInput = async (field: string, name: string, dimensions: Record<string, unknown> = {}, params?: Record<string, unknown>) => {
    const e = await failing(name, dimensions, params);
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    return e;
  };

  it('answers UNKNOWN_KPI for an unknown name', async () => {
    const e = await failing('bestaatNiet');
    expect(e.extensions?.code).toBe('UNKNOWN_KPI');
    expect(e.message).toContain('bestaatNiet');
  });

  it('refuses period.to before or equal to period.from', async () => {
    await expectBadInput('dimensions.period.to', 'inflow', { period: { from: '2025-03-01T00:00:00Z', to: '2025-02-01T00:00:00Z' } });
    await expectBadInput('dimensions.period.to', 'openCases', { period: { from: '2025-03-01T00:00:00Z', to: '2025-03-01T00:00:00Z' } });
  });

  it('refuses a relative period combined with from/to', async () => {
    await expectBadInput('dimensions.period', 'inflow', { period: { relative: 'LAST_MONTH', from: '2025-03-01T00:00:00Z' } });
  });

  it('refuses granularity with only period.to', async () => {
    await expectBadInput('dimensions.period.from', 'inflow', { period: { to: '2025-03-01T00:00:00Z' }, granularity: 'DAY' });
  });

  it('refuses unknown statuses, also one of another process than the chosen case types', async () => {
    const e = await expectBadInput('dimensions.statuses', 'openCases', { statuses: ['bestaat_niet'] });
    expect(e.message).toContain('bestaat_niet');
    // controle is a parkeervergunning status
    await expectBadInput('dimensions.statuses', 'openCases', { caseTypes: ['ooievaarspas'], statuses: ['controle'] });
    // werkvoorraad is about the Ooievaarspas only
    await expectBadInput('dimensions.statuses', 'werkvoorraad', { statuses: ['controle'] });
  });

  it('refuses an empty status list', async () => {
    await expectBadInput('dimensions.statuses', 'openCases', { statuses: [] });
  });

  it('refuses unknown roles and steps', async () => {
    await expectBadInput('dimensions.roles', 'openCases', { roles: ['directeur'] });
    await expectBadInput('dimensions.steps', 'openTasks', { steps: ['koffie'] });
  });

  it('refuses unknown case types and case types outside a process-specific KPI', async () => {
    await expectBadInput('dimensions.caseTypes', 'openCases', { caseTypes: ['hondenbelasting'] });
    await expectBadInput('dimensions.caseTypes', 'werkvoorraad', { caseTypes: ['parkeervergunning'] });
  });

  it('refuses a time zone that is not an IANA name', async () => {
    await expectBadInput('dimensions.timezone', 'openCases', { timezone: 'Europe/Atlantis' });
    await expectBadInput('dimensions.timezone', 'openCases', { timezone: '+01:00' });
  });

  it('refuses more than 2000 buckets, naming dimensions.granularity', async () => {
    // a year of HOUR buckets: 8760 > 2000
    await expectBadInput('dimensions.granularity', 'inflow', { period: { from: '2024-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' }, granularity: 'HOUR', timezone: 'UTC' });
    // 2001 hours: one too many
    await expectBadInput('dimensions.granularity', 'inflow', { period: { from: '2025-01-01T00:00:00Z', to: '2025-03-25T09:00:00Z' }, granularity: 'HOUR', timezone: 'UTC' });
  });

  it('accepts exactly 2000 buckets', async () => {
    // 2025-01-01 00:00Z + 2000 h = 83 days 8 h = 2025-03-25 08:00Z
    const r = await h.kpi('inflow', { asOf: AS_OF, period: { from: '2025-01-01T00:00:00Z', to: '2025-03-25T08:00:00Z' }, granularity: 'HOUR', timezone: 'UTC' });
    expect(r.points).toHaveLength(2000);
    // the one case was created 2025-01-06 08:00Z: hour index 5 × 24 + 8 = 128
    expect(r.points[128]).toEqual({ bucket: '2025-01-06T08:00:00.000Z', groups: [], value: 1 });
    expect(r.value).toBe(1);
  });

  it('refuses caseId on a KPI that does not answer for one case', async () => {
    await expectBadInput('dimensions.caseId', 'openCases', { caseId: 'err-case' });
    await expectBadInput('dimensions.caseId', 'inflow', { caseId: 'err-case' });
  });

  it('refuses unknown letter types and empty letterTypes', async () => {
    await expectBadInput('params.letterTypes', 'openCaseLetters', {}, { letterTypes: ['kerstkaart'] });
    await expectBadInput('params.letterTypes', 'openCaseLetters', {}, { letterTypes: [] });
    // ontvangstbevestiging belongs to parkeervergunning
    await expectBadInput('params.letterTypes', 'openCaseLetters', { caseTypes: ['ooievaarspas'] }, { letterTypes: ['ontvangstbevestiging'] });
  });

  it('refuses a parameter a KPI does not declare', async () => {
    await expectBadInput('params.x', 'openCases', {}, { x: 1 });
    await expectBadInput('params.x', 'openCaseLetters', {}, { x: 1 });
  });

  it('refuses groupBy naming a group twice', async () => {
    await expectBadInput('dimensions.groupBy', 'openCases', { groupBy: ['STATUS', 'STATUS'] });
  });

  it('refuses an unknown attribute filter', async () => {
    await expectBadInput('dimensions.attributes[0].key', 'aanvragenPerKanaal', { attributes: [{ key: 'kleur', values: ['rood'] }] });
  });

  it('answers BAD_USER_INPUT for values outside a GraphQL enum', async () => {
    const e = await failing('inflow', { granularity: 'DECADE' });
    expect(e.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
