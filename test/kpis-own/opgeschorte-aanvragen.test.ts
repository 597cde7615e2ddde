// Why: proves opgeschorteAanvragen (the example of docs/writing-a-kpi.md) answers what was worked
// out by hand for a small history.
import { createHarness, Harness } from '../helpers/harness';
import { databaseLabel } from '../helpers/database';

describe(`opgeschorteAanvragen on ${databaseLabel()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await h.ingest([
      { id: 'a1', type: 'case.created', caseId: 'A', at: '2025-03-03T09:00:00+01:00', data: { caseType: 'ooievaarspas' } },
      { id: 'a2', type: 'case.suspended', caseId: 'A', at: '2025-03-05T09:00:00+01:00', data: {} },
      { id: 'b1', type: 'case.created', caseId: 'B', at: '2025-03-04T09:00:00+01:00', data: { caseType: 'ooievaarspas' } },
      { id: 'a3', type: 'case.resumed', caseId: 'A', at: '2025-03-12T09:00:00+01:00', data: {} },
      // A parking permit suspended at the same time is another process: never counted.
      { id: 'p1', type: 'case.created', caseId: 'P', at: '2025-03-03T09:00:00+01:00', data: { caseType: 'parkeervergunning' } },
      { id: 'p2', type: 'case.suspended', caseId: 'P', at: '2025-03-04T09:00:00+01:00', data: {} },
    ]);
  });
  afterAll(async () => { await h.close(); });

  it('counts the requests suspended at the instant', async () => {
    // On 10 March A is suspended (5 → 12 March), B is not, P is not an Ooievaarspas request: 1.
    expect((await h.kpi('opgeschorteAanvragen', { asOf: '2025-03-10T12:00:00Z' })).value).toBe(1);
    // On 13 March A runs again: 0.
    expect((await h.kpi('opgeschorteAanvragen', { asOf: '2025-03-13T12:00:00Z' })).value).toBe(0);
  });

  it('shows the suspension per day', async () => {
    const r = await h.kpi('opgeschorteAanvragen', {
      period: { from: '2025-03-04T00:00:00+01:00', to: '2025-03-14T00:00:00+01:00' }, granularity: 'DAY', asOf: '2025-04-01T00:00:00Z',
    });
    // Day snapshots at 23:59:59.999 local: suspended on 5, 6, …, 11 March; resumed 12 March 09:00.
    expect(r.points.map((p) => p.value)).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
  });
});
