// Why: whole results of repeated queries are served without executing anything
// (src/graphql/response-cache.ts). This holds it to the promise of the answer cache: never a stale
// number. An ingest into any process retires every kept result (also on another instance), a
// result that read the clock is never kept, and neither is one with an error.
import type { App } from '../src/app';
import { databaseLabel } from './helpers/database';
import { TwoInstances, twoInstances } from './helpers/two-instances';
import { approximateJsonLength, ResponseCache } from '../src/graphql/response-cache';

const AS_OF = '2025-03-31T12:00:00+02:00';
const created = (id: string, caseType: string, at: string) => ({ id, type: 'case.created', caseId: id, at, data: { caseType } });

describe(`whole-result cache on ${databaseLabel()}`, () => {
  let pair: TwoInstances;
  let a: App;
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
    pair = await twoInstances();
    ({ a, urlA, urlB } = pair);
    await ingest(urlA, [created('op-1', 'ooievaarspas', '2025-03-03T09:00:00+01:00')]);
  });
  afterAll(async () => {
    await pair.close();
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

  it('does not wait for the versions when this instance knows the kept result is out of date, and stays fresh either way', async () => {
    const cache = a.responseCache!;
    const q = `query($a: DateTime) { kpi(name: "openCases", dimensions: { caseTypes: ["ooievaarspas"], asOf: $a }) { value } }`;
    const v = { a: AS_OF };
    const openCases = async (url: string) => ((await post(url, q, v)) as { data: { kpi: { value: number } } }).data.kpi.value;
    // Nothing kept for this query yet: no reason to wait.
    let unchecked = cache.unchecked;
    const start = await openCases(urlA);
    expect(cache.unchecked).toBe(unchecked + 1);
    // Kept and possibly current: it waits, and serves it.
    unchecked = cache.unchecked;
    const hitsBefore = hits();
    expect(await openCases(urlA)).toBe(start);
    expect(hits()).toBe(hitsBefore + 1);
    expect(cache.unchecked).toBe(unchecked);
    // An ingest through this instance: it knows at once that the kept result is out of date.
    await ingest(urlA, [created('op-u1', 'ooievaarspas', '2025-03-10T09:00:00+01:00')]);
    unchecked = cache.unchecked;
    expect(await openCases(urlA)).toBe(start + 1);
    expect(cache.unchecked).toBe(unchecked + 1);
    expect(hits()).toBe(hitsBefore + 1);
    // An ingest through the other instance: this one cannot know, so it waits for the versions,
    // finds them changed and computes the new figure.
    await ingest(urlB, [created('op-u2', 'ooievaarspas', '2025-03-11T09:00:00+01:00')]);
    unchecked = cache.unchecked;
    expect(await openCases(urlA)).toBe(start + 2);
    expect(cache.unchecked).toBe(unchecked);
    expect(hits()).toBe(hitsBefore + 1);
    // A refused ingest changes nothing: the kept result is still served.
    const refused = await ingest(urlA, [{ id: 'bad', type: 'case.created', caseId: 'x', at: 'not a time', data: { caseType: 'ooievaarspas' } }]);
    expect(refused.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await openCases(urlA)).toBe(start + 2);
    expect(hits()).toBe(hitsBefore + 2);
  });

  it('answers a case lookup fresh after an ingest here, without waiting for the versions first', async () => {
    const cache = a.responseCache!;
    const q = `{ case(id: "op-c1", asOf: "${AS_OF}") { id status } }`;
    const status = async () => ((await post(urlA, q)) as { data: { case: { status: string } } }).data.case.status;
    await ingest(urlA, [created('op-c1', 'ooievaarspas', '2025-03-12T09:00:00+01:00')]);
    expect(await status()).toBe('ontvangen');
    const hitsBefore = hits();
    expect(await status()).toBe('ontvangen');
    expect(hits()).toBe(hitsBefore + 1);
    await ingest(urlA, [{ id: 'op-c1-s', type: 'case.status_changed', caseId: 'op-c1', at: '2025-03-13T09:00:00+01:00', data: { status: 'in_behandeling' } }]);
    const unchecked = cache.unchecked;
    expect(await status()).toBe('in_behandeling');
    expect(cache.unchecked).toBe(unchecked + 1);
    expect(hits()).toBe(hitsBefore + 1);
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

describe('the size the whole-result cache counts', () => {
  it('is close to the JSON length of a KPI series, and bounds the cache by it', () => {
    // 52 weekly buckets × 8 statuses, shaped as the bench's 52-week query returns them.
    const points = Array.from({ length: 52 * 8 }, (_, i) => ({
      bucket: new Date(Date.UTC(2025, 0, 6) + Math.floor(i / 8) * 7 * 86_400_000).toISOString(),
      value: i % 5 === 0 ? null : (i * 37) % 400,
      groups: [{ by: 'STATUS', key: `status_${i % 8}`, label: `Status ${i % 8}` }],
    }));
    const data = { kpi: { name: 'openCases', unit: 'count', value: 3034, points } };
    const exact = JSON.stringify(data).length;
    const estimate = approximateJsonLength(data);
    expect(estimate / exact).toBeGreaterThan(0.9);
    expect(estimate / exact).toBeLessThan(1.15);
    // Hand-counted: {"a":"xy","b":[1,null,true]} is 2 + (1+4+4) + (1+4 + 2+(8+1)+(4+1)+(5+1)).
    expect(approximateJsonLength({ a: 'xy', b: [1, null, true] })).toBe(38);

    // The bound holds by that size: room for twenty such results, the 21st pushes out the first.
    const cache = new ResponseCache(estimate * 20.5);
    for (let k = 1; k <= 21; k++) cache.set(`q${k}`, { data, versions: 'v', kpis: [], size: approximateJsonLength(data), writes: 0 });
    expect(cache.count).toBe(20);
    expect(cache.get('q1', 'v')).toBeUndefined();
    expect(cache.get('q2', 'v')).toBeDefined();
    expect(cache.get('q21', 'v')).toBeDefined();
  });
});
