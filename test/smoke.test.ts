// Why: the shortest proof that the service stands up on this database: health, caseTypes with both
// processes, one event in and the work in stock out.
import { createHarness, Harness } from './helpers/harness';
import { databaseLabel } from './helpers/database';

describe(`service on ${databaseLabel()}`, () => {
  let h: Harness;
  beforeAll(async () => { h = await createHarness(); });
  afterAll(async () => { await h.close(); });

  it('answers health checks', async () => {
    expect((await fetch(`${h.url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${h.url}/health/ready`);
    expect(ready.status).toBe(200);
  });

  it('lists both processes in caseTypes', async () => {
    const r = await h.gql('{ caseTypes { key legalTerm statuses { key final } roles { key } steps { key term } } }');
    expect(r.errors).toBeUndefined();
    const keys = r.data.caseTypes.map((c: { key: string }) => c.key);
    expect(keys).toEqual(['ooievaarspas', 'parkeervergunning']);
    const op = r.data.caseTypes[0];
    expect(op.legalTerm).toBe('P8W');
    expect(op.statuses.map((s: { key: string }) => s.key)).toEqual(['ontvangen', 'in_behandeling', 'informatieverzoek', 'afgehandeld']);
    expect(op.roles.map((s: { key: string }) => s.key)).toEqual(['behandelaar', 'senior', 'manager']);
    expect(op.steps.map((s: { key: string }) => s.key)).toEqual(['intake', 'beoordelen', 'informatie_opvragen', 'besluiten']);
  });

  it('counts an ingested case as work in stock', async () => {
    await h.ingest([{ id: 's1', type: 'case.created', caseId: 'smoke-1', at: '2025-01-06T09:00:00+01:00', data: { caseType: 'ooievaarspas' } }]);
    const r = await h.kpi('openCases', { asOf: '2025-01-07T00:00:00Z' });
    expect(r.value).toBe(1);
    const before = await h.kpi('openCases', { asOf: '2025-01-06T07:59:59Z' });
    expect(before.value).toBe(0);
  });
});
