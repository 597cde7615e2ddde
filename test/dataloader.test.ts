// Why: a request that asks several KPIs must not run needless queries: identical KPI requests run
// once, and the per-case lead time of many cases is one statement (contract: caseLeadTime with caseId).
import { createHarness, Harness } from './helpers/harness';
import { databaseLabel } from './helpers/database';

describe(`DataLoader batching on ${databaseLabel()}`, () => {
  let h: Harness;
  let kpiQueries: string[] = [];
  const listener = (q: { sql: string }) => {
    if (q.sql.startsWith('with "buckets"')) kpiQueries.push(q.sql);
  };

  beforeAll(async () => {
    h = await createHarness();
    const events = [];
    for (let i = 1; i <= 30; i++) {
      // Case i created on 2025-01-(i) 09:00 Amsterdam: lead time at 2025-02-01 00:00Z (01:00 local) is 31 - i + 1 days.
      const day = String(i).padStart(2, '0');
      events.push({ id: `c${i}`, type: 'case.created', caseId: `case-${i}`, at: `2025-01-${day}T09:00:00+01:00`, data: { caseType: 'ooievaarspas' } });
    }
    await h.ingest(events);
    h.app.readDb.knex.on('query', listener); // KPI statements run on the read pool
  });
  afterAll(async () => {
    h.app.readDb.knex.removeListener('query', listener);
    await h.close();
  });
  beforeEach(() => { kpiQueries = []; });

  it('answers identical KPI requests (aliases) with one query', async () => {
    const r = await h.gql(`{
      a: kpi(name: "openCases", dimensions: { asOf: "2025-02-01T00:00:00Z" }) { value }
      b: kpi(name: "openCases", dimensions: { asOf: "2025-02-01T00:00:00Z" }) { value }
      c: kpi(name: "openCases", dimensions: { asOf: "2025-02-01T00:00:00Z" }) { value points { value } }
    }`);
    expect(r.errors).toBeUndefined();
    expect([r.data.a.value, r.data.b.value, r.data.c.value]).toEqual([30, 30, 30]);
    expect(kpiQueries).toHaveLength(1);
  });

  it('answers caseLeadTime for 30 cases in one query, each with its own lead time', async () => {
    const fields = Array.from({ length: 30 }, (_, k) => `c${k + 1}: kpi(name: "caseLeadTime", dimensions: { caseId: "case-${k + 1}", asOf: "2025-02-01T00:00:00Z" }) { value }`);
    const r = await h.gql(`{ ${fields.join('\n')} }`);
    expect(r.errors).toBeUndefined();
    for (let i = 1; i <= 30; i++) {
      // Created 2025-01-i, measured on local date 2025-02-01: (31 - i) + 1 days.
      expect(r.data[`c${i}`].value).toBe(32 - i);
    }
    expect(kpiQueries).toHaveLength(1);
  });

  it('answers two KPIs over the same facts in one query, each with its own value', async () => {
    const r = await h.gql(`{
      open: kpi(name: "openCases", dimensions: { asOf: "2025-01-10T12:00:00Z" }) { value }
      lead: kpi(name: "caseLeadTime", dimensions: { asOf: "2025-01-10T12:00:00Z" }) { value }
    }`);
    // Cases 1..10 are open on 2025-01-10 13:00 local; lead times 9..0 days, mean 4.5.
    expect(r.data.open.value).toBe(10);
    expect(r.data.lead.value).toBe(4.5);
    // The open cases at that instant are read once; count and mean are two columns of one statement.
    expect(kpiQueries).toHaveLength(1);
  });

  it('keeps KPIs over other facts apart: two KPIs, two queries', async () => {
    const r = await h.gql(`{
      open: kpi(name: "openCases", dimensions: { asOf: "2025-01-10T12:30:00Z" }) { value }
      overdue: kpi(name: "overdueCases", dimensions: { asOf: "2025-01-10T12:30:00Z" }) { value }
    }`);
    expect(r.data.open.value).toBe(10);
    expect(r.data.overdue.value).toBe(0); // 8-week terms: none is overdue 10 days in
    expect(kpiQueries).toHaveLength(2);
  });
});
