// Why: a repeated dashboard is served from the answer cache, and an ingest invalidates exactly the
// answers over the processes it touched — on every API instance. Never a stale number.
import type { App } from '../src/app';
import { databaseLabel } from './helpers/database';
import { TwoInstances, twoInstances } from './helpers/two-instances';

const AS_OF = '2025-03-31T12:00:00+02:00';
const created = (id: string, caseType: string, at: string) => ({ id, type: 'case.created', caseId: id, at, data: { caseType } });

describe(`KPI answer cache on ${databaseLabel()}`, () => {
  let pair: TwoInstances;
  let a: App;
  let b: App;
  let urlA: string;
  let urlB: string;
  let kpiQueries = 0;
  const count = (q: { sql: string }) => { if (q.sql.startsWith('with "buckets"')) kpiQueries++; };

  const gql = async (url: string, query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const body = await res.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const ingest = (url: string, events: object[]) => gql(url, 'mutation($e: [CaseEventInput!]!) { ingestEvents(events: $e) { inserted } }', { e: events });
  const dashboard = (url: string) => gql(url, `{ dashboard(key: "ooievaarspas", dimensions: { asOf: "${AS_OF}", period: { relative: THIS_QUARTER } }) { widgets { widget { key } result { value } } } }`)
    .then((d) => Object.fromEntries(d.dashboard.widgets.map((w: { widget: { key: string }; result: { value: number } }) => [w.widget.key, w.result.value])));
  const open = (url: string, caseType: string) => gql(url, `{ kpi(name: "openCases", dimensions: { caseTypes: ["${caseType}"], asOf: "${AS_OF}" }) { value } }`).then((d) => d.kpi.value);

  beforeAll(async () => {
    pair = await twoInstances();
    ({ a, b, urlA, urlB } = pair);
    await ingest(urlA, [created('op-1', 'ooievaarspas', '2025-03-03T09:00:00+01:00'), created('pv-1', 'parkeervergunning', '2025-03-03T09:00:00+01:00')]);
    // KPI statements run on each instance's read pool (a pool of its own on PostgreSQL).
    for (const app of new Set([a.readDb, b.readDb])) app.knex.on('query', count);
  });
  afterAll(async () => {
    for (const app of new Set([a.readDb, b.readDb])) app.knex.removeListener('query', count);
    await pair.close();
  });
  beforeEach(() => { kpiQueries = 0; });

  it('answers a repeated dashboard without running its KPI queries again', async () => {
    const first = await dashboard(urlA);
    const queriesFirst = kpiQueries;
    expect(queriesFirst).toBeGreaterThan(5);
    expect(first.werkvoorraad).toBe(1);
    kpiQueries = 0;
    const again = await dashboard(urlA);
    expect(again).toEqual(first);
    expect(kpiQueries).toBe(0);
  });

  it('recomputes after an ingest of that process, with the new figure', async () => {
    await dashboard(urlA);
    await ingest(urlA, [created('op-2', 'ooievaarspas', '2025-03-04T09:00:00+01:00')]);
    kpiQueries = 0;
    const after = await dashboard(urlA);
    expect(after.werkvoorraad).toBe(2);
    expect(kpiQueries).toBeGreaterThan(5);
  });

  it('keeps answers over other processes when an ingest touches one process only', async () => {
    expect(await open(urlA, 'ooievaarspas')).toBe(2);
    expect(await open(urlA, 'parkeervergunning')).toBe(1);
    await ingest(urlA, [created('pv-2', 'parkeervergunning', '2025-03-05T09:00:00+01:00')]);
    kpiQueries = 0;
    expect(await open(urlA, 'ooievaarspas')).toBe(2);
    expect(kpiQueries).toBe(0);
    expect(await open(urlA, 'parkeervergunning')).toBe(2);
    expect(kpiQueries).toBe(1);
  });

  it('never serves a stale answer on another instance after an ingest there', async () => {
    expect(await open(urlB, 'ooievaarspas')).toBe(2); // B caches it
    await ingest(urlA, [created('op-3', 'ooievaarspas', '2025-03-06T09:00:00+01:00')]);
    expect(await open(urlB, 'ooievaarspas')).toBe(3);
  });

  it('keeps answers when an ingest stored nothing new (a repeated event)', async () => {
    expect(await open(urlA, 'ooievaarspas')).toBe(3); // A caches the current answer
    await ingest(urlA, [created('op-3', 'ooievaarspas', '2025-03-06T09:00:00+01:00')]); // a duplicate: no change
    kpiQueries = 0;
    expect(await open(urlA, 'ooievaarspas')).toBe(3);
    expect(kpiQueries).toBe(0);
  });
});
