// Why: whole results of repeated queries are served without executing anything
// (src/graphql/response-cache.ts). This holds it to the promise of the answer cache: never a stale
// number. An ingest into any process retires every kept result (also on another instance), a
// result that read the clock is never kept, and neither is one with an error.
import { createApp, App } from '../src/app';
import { loadConfig } from '../src/config';
import { createTestDatabase, TestDatabase, databaseLabel } from './helpers/database';

const AS_OF = '2025-03-31T12:00:00+02:00';
const created = (id: string, caseType: string, at: string) => ({ id, type: 'case.created', caseId: id, at, data: { caseType } });

describe(`whole-result cache on ${databaseLabel()}`, () => {
  let db: TestDatabase;
  let a: App;
  let b: App;
  let urlA: string;
  let urlB: string;
  const post = async (url: string, query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    return res.json();
  };
  const ingest = (url: string, events: object[]) => post(url, 'mutation($e: [CaseEventInput!]!) { ingestEvents(events: $e) { inserted } }', { e: events });
  const DASHBOARD = `query($d: DimensionsInput) { dashboard(key: "ooievaarspas", dimensions: $d) { widgets { widget { key } result { value } } } }`;
  const werkvoorraad = (body: { data: { dashboard: { widgets: { widget: { key: string }; result: { value: number } }[] } } }) =>
    body.data.dashboard.widgets.find((w) => w.widget.key === 'werkvoorraad')!.result.value;
  const hits = () => a.responseCache!.hits;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), port: 0 };
    a = await createApp(config, { db });
    b = await createApp(config, { db });
    urlA = await a.listen();
    urlB = await b.listen();
    await ingest(urlA, [created('op-1', 'ooievaarspas', '2025-03-03T09:00:00+01:00')]);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await db.dispose();
  });

  it('serves a repeated dashboard whole, and recomputes it after an ingest on another instance', async () => {
    const d = { d: { asOf: AS_OF, period: { relative: 'THIS_QUARTER' } } };
    const first = await post(urlA, DASHBOARD, d);
    expect(werkvoorraad(first)).toBe(1);
    const before = hits();
    expect(await post(urlA, DASHBOARD, d)).toEqual(first);
    expect(hits()).toBe(before + 1);
    // Another process, through the other instance: every kept result retires (the versions changed).
    await ingest(urlB, [created('pv-1', 'parkeervergunning', '2025-03-04T09:00:00+01:00')]);
    expect(await post(urlA, DASHBOARD, d)).toEqual(first);
    expect(hits()).toBe(before + 1);
    // This process: the new figure at once.
    await ingest(urlB, [created('op-2', 'ooievaarspas', '2025-03-05T09:00:00+01:00')]);
    expect(werkvoorraad(await post(urlA, DASHBOARD, d))).toBe(2);
    expect(hits()).toBe(before + 1);
    expect(werkvoorraad(await post(urlA, DASHBOARD, d))).toBe(2);
    expect(hits()).toBe(before + 2);
  });

  it('never keeps a result that read the clock (no asOf), nor one with an error', async () => {
    const before = hits();
    for (let i = 0; i < 2; i++) await post(urlA, DASHBOARD, { d: { period: { relative: 'THIS_QUARTER' } } });
    expect(hits()).toBe(before);
    for (let i = 0; i < 2; i++) await post(urlA, '{ case(id: "op-1") { id } }');
    expect(hits()).toBe(before);
    const bad = '{ kpi(name: "openCases", dimensions: { asOf: "2025-03-31T12:00:00Z", statuses: ["nope"] }) { value } }';
    for (let i = 0; i < 2; i++) expect((await post(urlA, bad)).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(hits()).toBe(before);
    // With asOf, the same case lookup is kept.
    for (let i = 0; i < 2; i++) await post(urlA, `{ case(id: "op-1", asOf: "${AS_OF}") { id } }`);
    expect(hits()).toBe(before + 1);
  });
});
