// Why: a KPI query that runs longer than KPI_TIMEOUT_MS is cancelled by PostgreSQL and answered
// with TIMEOUT (never INTERNAL_SERVER_ERROR, never SQL). PostgreSQL only: embedded PGlite runs on
// the Node thread and cannot be interrupted.
import { createHarness, Harness } from '../helpers/harness';

const onPostgres = !!process.env.TEST_DATABASE_URL;

(onPostgres ? describe : describe.skip)('KPI statement timeout on PostgreSQL (skipped on PGlite: it cannot interrupt a statement)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ env: { KPI_TIMEOUT_MS: '200' } });
    const events = [];
    // 2,000 cases open for a year: an HOUR series over a year with a group per case is slow.
    for (let i = 0; i < 2000; i++) {
      events.push({ id: `c${i}`, type: 'case.created', caseId: `case-${i}`, at: '2024-01-01T09:00:00+01:00', data: { caseType: 'ooievaarspas' } });
      events.push({ id: `a${i}`, type: 'case.assigned', caseId: `case-${i}`, at: '2024-01-01T10:00:00+01:00', data: { assignee: `medewerker-${i}`, role: 'behandelaar' } });
    }
    await h.ingest(events);
  });
  afterAll(async () => { await h.close(); });

  it('answers TIMEOUT when the query takes longer than allowed', async () => {
    const r = await h.gql(`{ kpi(name: "caseLeadTime", dimensions: {
      period: { from: "2024-01-01T00:00:00Z", to: "2024-03-22T00:00:00Z" }, granularity: HOUR, groupBy: [ASSIGNEE]
    }) { value } }`);
    expect(r.errors?.[0].extensions).toEqual({ code: 'TIMEOUT' });
    expect(r.errors?.[0].message).toMatch(/took too long/);
    expect(JSON.stringify(r)).not.toMatch(/select|statement_timeout|canceling/i);
  });

  it('runs a KPI statement in one round trip: the timeout is set per connection, not per statement', async () => {
    const sent: string[] = [];
    const listen = (q: { sql: string }) => sent.push(q.sql);
    h.app.readDb.knex.on('query', listen);
    try {
      expect((await h.kpi('openCases', { asOf: '2024-05-01T00:00:00Z' })).value).toBe(2000);
    } finally {
      h.app.readDb.knex.removeListener('query', listen);
    }
    // The data versions (answer cache) and the statement itself; no BEGIN, set_config or COMMIT.
    expect(sent.filter((q) => /^(begin|commit|rollback)|set_config/i.test(q))).toEqual([]);
    expect(sent.filter((q) => q.startsWith('with "buckets"'))).toHaveLength(1);
    expect(sent).toHaveLength(2);
    const settings = (await h.app.readDb.knex.raw("select current_setting('statement_timeout') as t, current_setting('jit') as jit")).rows[0];
    expect(settings).toEqual({ t: '200ms', jit: 'off' });
  });

  it('still answers quick queries on the same connections afterwards', async () => {
    expect((await h.kpi('openCases', { asOf: '2024-06-01T00:00:00Z' })).value).toBe(2000);
  });
});
