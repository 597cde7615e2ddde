// Why: a zone that turns its clocks back at midnight has two local midnights on that day. Cuba
// (America/Havana) ends daylight saving time on Sunday 2025-11-02 at 01:00 CDT (−04:00), back to
// 00:00 CST (−05:00): 00:00–00:59 happens twice, first from 04:00Z, then from 05:00Z. A day that
// starts at the first midnight must count what happened in its first hour: PostgreSQL reads a
// local 00:00 that happens twice as the later instant, so the day's bucket would start at 05:00Z
// and the cases created 04:00–05:00Z would be in no bucket (and, with the total summed from the
// buckets, not in the period's value either). Every figure below is worked out by hand.
import { createHarness, Harness } from '../helpers/harness';
import { databaseLabel } from '../helpers/database';
import { values } from './history';

const created = (caseId: string, at: string) => ({ id: `${caseId}-created`, type: 'case.created', caseId, at, data: { caseType: 'ooievaarspas' } });

const EVENTS = [
  created('hv-before', '2025-11-01T23:30:00-04:00'), // 03:30Z: Saturday in Havana
  created('hv-first', '2025-11-02T00:30:00-04:00'), // 04:30Z: the first 00:30 of Sunday
  created('hv-second', '2025-11-02T00:30:00-05:00'), // 05:30Z: the second 00:30
  created('hv-noon', '2025-11-02T12:00:00-05:00'), // 17:00Z
  created('hv-monday', '2025-11-03T00:30:00-05:00'), // 2025-11-03T05:30Z: Monday
];

describe(`a local midnight that happens twice (America/Havana) on ${databaseLabel()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await h.ingest(EVENTS);
  });
  afterAll(async () => { await h.close(); });

  it('Sunday 2025-11-02 from its first midnight: three cases in the day, three in the period', async () => {
    // [2025-11-02 00:00−04, 2025-11-03 00:00−05) = [04:00Z, 2025-11-03T05:00Z): hv-first, hv-second, hv-noon
    const period = { from: '2025-11-02T04:00:00.000Z', to: '2025-11-03T05:00:00.000Z' };
    const dims = { asOf: '2025-12-01T00:00:00.000Z', timezone: 'America/Havana', period };
    const perDay = await h.kpi('inflow', { ...dims, granularity: 'DAY' });
    expect(values(perDay)).toEqual([3]);
    expect(perDay.value).toBe(3);
    const whole = await h.kpi('inflow', dims);
    expect(whole.value).toBe(3);
  });
});
