// Why: the dashboard page is what a team lead actually looks at, so it is tested the way they use
// it: a real server with a real database, headless Chromium, clicks on the filter bar. Every figure
// on screen is compared with what the API answers for the same dimensions, asked independently
// through kpi(name, dimensions). Needs /usr/bin/chromium (Debian package `chromium`).
import fs from 'node:fs';
import path from 'node:path';
import { chromium, Browser, BrowserContext, Page } from 'playwright-core';
import { createHarness, Harness, KpiResultJson } from '../helpers/harness';
import { AS_OF, browserHistory } from './fixtures';
import { chartJsFile, findWebDir, PAGE_CSP } from '../../src/http/web';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
const SKIP_REASON = `${CHROMIUM} not found: install the Debian package "chromium" (apt-get install -y chromium) to run the browser tests`;
if (!HAS_CHROMIUM) console.warn(`test/browser/dashboard.test.ts: browser tests skipped: ${SKIP_REASON}`);
const describeBrowser = HAS_CHROMIUM ? describe : describe.skip;

const TAGS: Record<string, string> = {
  number: 'STUURINFO-NUMBER', gauge: 'STUURINFO-GAUGE', meter: 'STUURINFO-METER', line: 'STUURINFO-LINE',
  area: 'STUURINFO-LINE', bar: 'STUURINFO-BAR', donut: 'STUURINFO-DONUT', table: 'STUURINFO-TABLE',
};
const FIGURES = ['number', 'gauge', 'meter'];
const SEVERITY_LABELS: Record<string, string> = { ok: 'Op orde', warning: 'Let op', critical: 'Kritiek' };

interface WidgetDef { key: string; kpi: string; display: string; params: Record<string, unknown> | null; dimensions: Record<string, unknown> | null; options: Record<string, any> | null; series: boolean }
interface DashboardDef { key: string; title: string; caseTypes: string[]; defaults: Record<string, unknown> | null; filters: string[]; widgets: WidgetDef[] }

/** What the page shows for a value: nl-NL, whole numbers for counts, one decimal otherwise. */
function shown(value: number, unit: string): string {
  return new Intl.NumberFormat('nl-NL', { maximumFractionDigits: unit === 'count' ? 0 : 1 }).format(value);
}

/** The dimensions the dashboard service asks a widget with: scope < defaults < viewer < widget. */
function widgetDims(d: DashboardDef, w: WidgetDef, viewer: Record<string, unknown> = {}): Record<string, unknown> {
  const dims: Record<string, unknown> = { caseTypes: d.caseTypes, ...(d.defaults ?? {}), ...viewer, ...(w.dimensions ?? {}) };
  for (const k of Object.keys(dims)) if (dims[k] === null) delete dims[k];
  if (!w.series) delete dims.granularity;
  dims.asOf = AS_OF;
  return dims;
}

/** Rows the page's table (or a chart's text alternative) has for a result. */
function expectedRows(r: KpiResultJson): number {
  const buckets = new Set(r.points.map((p) => p.bucket).filter((b) => b !== null));
  if (buckets.size) return buckets.size;
  if (r.points.length && r.points[0].groups.length >= 2) return new Set(r.points.map((p) => p.groups[0].key)).size;
  return Math.max(1, r.points.length);
}

describe('serving the dashboard page', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('serves the page at / and /dashboards/:key with a CSP that allows only this server', async () => {
    for (const p of ['/', '/dashboards/ooievaarspas', '/dashboards/parkeervergunning']) {
      const res = await fetch(`${h.url}${p}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toBe(PAGE_CSP);
      const html = await res.text();
      expect(html).toContain('<html lang="nl">');
      expect(html).not.toMatch(/(?:src|href)="https?:/);
    }
  });

  it('serves the widgets and scripts as JavaScript, the styles as CSS, and Chart.js from node_modules', async () => {
    for (const p of ['/dashboard.js', '/widgets/index.js', '/widgets/number.js', '/lib/view.js']) {
      const res = await fetch(`${h.url}${p}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    }
    const css = await fetch(`${h.url}/dashboard.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    const chart = await fetch(`${h.url}/vendor/chart.umd.js`);
    expect(chart.status).toBe(200);
    expect(chart.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(Buffer.from(await chart.arrayBuffer()).equals(fs.readFileSync(chartJsFile()))).toBe(true);
    expect((await fetch(`${h.url}/widgets/nope.js`)).status).toBe(404);
    expect((await fetch(`${h.url}/widgets/`)).status).toBe(404);
  });

  it('finds web/ from the sources and from the compiled build (dist/src/http)', () => {
    const root = path.resolve(__dirname, '../..');
    expect(findWebDir(path.join(root, 'src/http'))).toBe(path.join(root, 'web'));
    expect(findWebDir(path.join(root, 'dist/src/http'))).toBe(path.join(root, 'web'));
  });
});

describeBrowser(HAS_CHROMIUM ? 'the dashboard page in headless Chromium' : `browser tests skipped: ${SKIP_REASON}`, () => {
  let h: Harness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let dashboards: DashboardDef[];
  let urls: string[];
  let graphql: { query: string; variables: Record<string, any> }[];

  const dashboard = (key: string) => dashboards.find((d) => d.key === key)!;
  const requests = () => page.evaluate(() => Number(document.body.dataset.requests || 0));
  /** Waits until the answer to request number `after + 1` (or later) is on screen. */
  const answered = (after: number) => page.waitForFunction(
    (n) => ['ready', 'error'].includes(document.body.dataset.state ?? '') && Number(document.body.dataset.requests) > n, after, { timeout: 30000 },
  );
  const widget = (key: string) => page.locator(`[data-widget-key="${key}"]`);

  /** Every number, gauge and meter shows the API's value for the same dimensions, with its severity. */
  async function expectFiguresEqualApi(d: DashboardDef, viewer: Record<string, unknown> = {}) {
    let compared = 0;
    for (const w of d.widgets.filter((x) => FIGURES.includes(x.display))) {
      const api = await h.kpi(w.kpi, widgetDims(d, w, viewer), w.params ?? undefined);
      const el = widget(w.key);
      if (api.value === null) {
        await expect(el.getAttribute('data-state')).resolves.toBe('empty');
        continue;
      }
      await expect(el.getAttribute('data-state')).resolves.toBe('ready');
      expect(Number(await el.getAttribute('data-value'))).toBe(api.value);
      expect((await el.locator('[part="value"]').textContent())?.trim()).toBe(shown(api.value, api.unit));
      const thresholds = w.options?.thresholds as { from: number; severity: string }[] | undefined;
      if (thresholds) {
        const severity = [...thresholds].sort((a, b) => a.from - b.from).filter((t) => api.value! >= t.from).pop()?.severity;
        expect((await el.locator('[part="severity"]').textContent())?.trim()).toBe(SEVERITY_LABELS[severity!]);
      }
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(3);
  }

  /** Every widget of the definition is on the page as its element, drawn from the API's answer. */
  async function expectEveryWidget(d: DashboardDef) {
    const keys = await page.locator('#grid > [data-widget-key]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-widget-key'), e.tagName, e.getAttribute('data-state')]));
    expect(keys.map(([k]) => k)).toEqual(d.widgets.map((w) => w.key));
    for (const [i, w] of d.widgets.entries()) {
      expect(keys[i][1]).toBe(TAGS[w.display]);
      expect(keys[i][2]).toBe('ready');
      if (FIGURES.includes(w.display)) continue;
      const api = await h.kpi(w.kpi, widgetDims(d, w), w.params ?? undefined);
      if (w.display !== 'table') expect(await widget(w.key).locator('canvas').count()).toBe(1);
      expect(await widget(w.key).locator('tbody tr').count()).toBe(expectedRows(api));
    }
  }

  beforeAll(async () => {
    h = await createHarness();
    await h.ingest(browserHistory());
    const r = await h.gql('{ dashboards { key title caseTypes defaults filters widgets { key kpi display params dimensions options series } } }');
    dashboards = r.data.dashboards;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  beforeEach(async () => {
    // A browser in New York with English defaults: the page must still show Dutch numbers and
    // buckets in the dashboard's time zone (Europe/Amsterdam).
    context = await browser.newContext({ locale: 'en-US', timezoneId: 'America/New_York', viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    urls = [];
    graphql = [];
    page.on('request', (req) => {
      urls.push(req.url());
      if (req.method() === 'POST' && new URL(req.url()).pathname === '/graphql') graphql.push(req.postDataJSON());
    });
    page.on('pageerror', (e) => urls.push(`pageerror: ${e.message}`));
  });
  afterEach(async () => {
    await context.close();
    // (e) Nothing left this server: no CDN, no fonts, no analytics.
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) expect(u.startsWith(`${h.url}/`)).toBe(true);
  });

  it('(a) renders every widget of the Ooievaarspas dashboard, with the figures the API gives', async () => {
    await page.goto(`${h.url}/?asOf=${encodeURIComponent(AS_OF)}`);
    await answered(0);
    const d = dashboard('ooievaarspas');
    await expect(page.locator('h1').textContent()).resolves.toBe(d.title);
    await expect(page.locator('body').getAttribute('data-state')).resolves.toBe('ready');
    await expectEveryWidget(d);
    await expectFiguresEqualApi(d);
    // The whole dashboard was one request (after the one for the definitions).
    expect(graphql.filter((g) => /dashboard\(key/.test(g.query))).toHaveLength(1);
    expect(urls.some((u) => u.endsWith('/vendor/chart.umd.js'))).toBe(true);
    // Buckets are labelled in Amsterdam time: the week of Monday 30 Dec 2024 is ISO week 1 of 2025
    // (in New York that bucket starts on Sunday 29 Dec, week 52).
    await expect(widget('instroom').locator('tbody tr th').first().textContent()).resolves.toBe('wk 1');
    // The table shows the API's groups and numbers.
    const api = await h.kpi('overdueTasks', widgetDims(d, d.widgets.find((w) => w.key === 'takenPerStap')!));
    const rows = await widget('takenPerStap').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent)));
    expect(rows).toEqual(api.points.map((p) => [p.groups[0].label, shown(p.value!, 'count')]));
  });

  it('(b) re-queries once per filter change and shows the new figures; the view lives in the URL', async () => {
    await page.goto(`${h.url}/?asOf=${encodeURIComponent(AS_OF)}`);
    await answered(0);
    const d = dashboard('ooievaarspas');
    const before = await widget('werkvoorraad').getAttribute('data-value');

    let n = await requests();
    let sent = graphql.length;
    await page.selectOption('#f-timeliness', 'OVERDUE');
    await answered(n);
    expect(graphql.length - sent).toBe(1);
    expect(graphql[graphql.length - 1].variables.dimensions).toMatchObject({ timeliness: 'OVERDUE', asOf: AS_OF, period: { relative: 'LAST_QUARTER' } });
    await expectFiguresEqualApi(d, { timeliness: 'OVERDUE' });
    expect(await widget('werkvoorraad').getAttribute('data-value')).not.toBe(before);
    expect(new URL(page.url()).searchParams.get('timeliness')).toBe('OVERDUE');

    n = await requests();
    sent = graphql.length;
    await page.locator('[data-filter="statuses"] summary').click();
    await page.locator('[data-filter="statuses"] label', { hasText: 'In behandeling genomen' }).locator('input').check();
    await answered(n);
    expect(graphql.length - sent).toBe(1);
    await expectFiguresEqualApi(d, { timeliness: 'OVERDUE', statuses: ['in_behandeling'] });
    await expect(page.locator('[data-filter="statuses"] .ms-value').textContent()).resolves.toBe('In behandeling genomen');

    n = await requests();
    await page.locator('[data-filter="roles"] summary').click();
    await page.locator('[data-filter="roles"] label', { hasText: 'Senior behandelaar' }).locator('input').check();
    await answered(n);
    await expectFiguresEqualApi(d, { timeliness: 'OVERDUE', statuses: ['in_behandeling'], roles: ['senior'] });

    n = await requests();
    await page.selectOption('#f-granularity', 'MONTH');
    await answered(n);
    await expect(widget('instroom').locator('tbody tr').count()).resolves.toBe(3);

    // Reloading the URL restores the view, and with it the same figures.
    const shared = page.url();
    expect(new URL(shared).searchParams.getAll('statuses')).toEqual(['in_behandeling']);
    await page.goto('about:blank');
    await page.goto(shared);
    await answered(0);
    await expect(page.locator('#f-timeliness').inputValue()).resolves.toBe('OVERDUE');
    await expect(page.locator('#f-granularity').inputValue()).resolves.toBe('MONTH');
    await expectFiguresEqualApi(d, { timeliness: 'OVERDUE', statuses: ['in_behandeling'], roles: ['senior'] });

    // Back to the defaults.
    n = await requests();
    await page.click('#reset');
    await answered(n);
    expect(new URL(page.url()).search).toBe(`?asOf=${encodeURIComponent(AS_OF)}`);
    await expectFiguresEqualApi(d);
  });

  it('(c) shows the API\'s message for a custom range that ends before it starts', async () => {
    await page.goto(`${h.url}/?asOf=${encodeURIComponent(AS_OF)}`);
    await answered(0);
    await page.selectOption('#f-period', 'custom');
    let n = await requests();
    await page.fill('#f-from', '2025-03-01');
    await answered(n);
    await expect(page.locator('body').getAttribute('data-state')).resolves.toBe('ready');
    n = await requests();
    await page.fill('#f-to', '2025-02-01');
    await answered(n);

    const dimensions = graphql[graphql.length - 1].variables.dimensions;
    expect(dimensions.period).toEqual({ from: '2025-03-01T00:00:00+01:00', to: '2025-02-02T00:00:00+01:00' });
    const api = await h.gql('query($d: DimensionsInput) { dashboard(key: "ooievaarspas", dimensions: $d) { widgets { widget { key } } } }', { d: dimensions });
    expect(api.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const message = api.errors![0].message;
    await expect(page.locator('body').getAttribute('data-state')).resolves.toBe('error');
    expect(await page.locator('#error').isVisible()).toBe(true);
    expect((await page.locator('#error .alert-message').textContent())?.trim()).toBe(message);
    expect(await widget('werkvoorraad').getAttribute('data-state')).toBe('error');
    expect(await widget('werkvoorraad').locator('.message').textContent()).toBe(message);

    // Fixing the range clears the error.
    n = await requests();
    await page.fill('#f-to', '2025-03-31');
    await answered(n);
    expect(await page.locator('#error').isVisible()).toBe(false);
    await expectFiguresEqualApi(dashboard('ooievaarspas'), { period: { from: '2025-03-01T00:00:00+01:00', to: '2025-04-01T00:00:00+02:00' } });
  });

  it('(d) renders the Parkeervergunning dashboard with the same widget elements, chosen from the picker', async () => {
    await page.goto(`${h.url}/?asOf=${encodeURIComponent(AS_OF)}`);
    await answered(0);
    const n = await requests();
    await page.selectOption('#dashboard-picker', 'parkeervergunning');
    await answered(n);
    expect(new URL(page.url()).pathname).toBe('/dashboards/parkeervergunning');
    const d = dashboard('parkeervergunning');
    await expect(page.locator('h1').textContent()).resolves.toBe(d.title);
    await expectEveryWidget(d);
    await expectFiguresEqualApi(d);
    const ooievaarspasTags = new Set(dashboard('ooievaarspas').widgets.map((w) => TAGS[w.display]));
    for (const w of d.widgets) expect(ooievaarspasTags.has(TAGS[w.display])).toBe(true);

    // Its own statuses and its process attribute (parking zone) are in the filter bar.
    await page.locator('[data-filter="statuses"] summary').click();
    const types = (await h.gql('{ caseTypes { key statuses { label order } } }')).data.caseTypes;
    const statuses = types.find((t: { key: string }) => t.key === 'parkeervergunning').statuses
      .sort((x: { order: number }, y: { order: number }) => x.order - y.order).map((st: { label: string }) => st.label);
    expect(statuses).toContain('Wacht op betaling');
    await expect(page.locator('[data-filter="statuses"] label').allTextContents()).resolves.toEqual(statuses);
    await page.keyboard.press('Escape');
    const m = await requests();
    await page.locator('[data-filter="attr.zone"] summary').click();
    await page.locator('[data-filter="attr.zone"] label', { hasText: 'Centrum' }).locator('input').check();
    await answered(m);
    await expectFiguresEqualApi(d, { attributes: [{ key: 'zone', values: ['centrum'] }] });

    // Opened directly, the same page.
    await page.goto(`${h.url}/dashboards/parkeervergunning?asOf=${encodeURIComponent(AS_OF)}`);
    await answered(0);
    await expectEveryWidget(d);
  });

  it('looks up one case: its lead time from caseLeadTime, and its deadline when the API has case(…)', async () => {
    await page.goto(`${h.url}/?asOf=${encodeURIComponent(AS_OF)}`);
    await answered(0);
    await page.fill('#case-query', 'C');
    await page.click('#case-lookup button[type="submit"]');
    await page.waitForSelector('#case-result[data-state="found"], #case-result[data-state="not-found"], #case-result[data-state="error"]');
    expect(await page.locator('#case-result').getAttribute('data-state')).toBe('found');
    const api = await h.kpi('caseLeadTime', { caseId: 'C', asOf: AS_OF });
    expect(api.value).not.toBeNull();
    expect(Number(await page.locator('.case-leadtime').getAttribute('data-value'))).toBe(api.value);
    expect(await page.locator('.case-leadtime').textContent()).toBe(`${shown(api.value!, 'count')} dagen`);
    const fields = await h.gql('{ __type(name: "Query") { fields { name } } }');
    const hasCaseQuery = fields.data.__type.fields.some((f: { name: string }) => f.name === 'case');
    if (hasCaseQuery) {
      // Deadline and status from case(…), in Amsterdam time whatever the browser's zone.
      const c = (await h.gql(`{ case(id: "C", asOf: "${AS_OF}") { reference statusLabel deadline } }`)).data.case;
      const deadline = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(c.deadline));
      await expect(page.locator('.case-deadline').textContent()).resolves.toBe(deadline);
      await expect(page.locator('#case-result').textContent()).resolves.toContain(c.statusLabel);
      await expect(page.locator('.case-title').textContent()).resolves.toBe(`Zaak ${c.reference}`);
      // By reference: the same case, the same lead time.
      await page.fill('#case-query', c.reference);
      await page.click('#case-lookup button[type="submit"]');
      await page.waitForSelector('#case-result[data-state="found"] .case-leadtime');
      expect(Number(await page.locator('.case-leadtime').getAttribute('data-value'))).toBe(api.value);
      await expect(page.locator('.case-deadline').textContent()).resolves.toBe(deadline);
    } else {
      await expect(page.locator('#case-result').textContent()).resolves.toContain('Nog niet beschikbaar');
    }

    await page.fill('#case-query', 'bestaat-niet');
    await page.click('#case-lookup button[type="submit"]');
    await page.waitForSelector('#case-result[data-state="not-found"]');
  });

  it('runs the example of docs/widgets.md: widgets on a page of its own, a process-specific KPI, a display type of its own', async () => {
    await page.goto(`${h.url}/examples/widgets.html?asOf=${encodeURIComponent(AS_OF)}`);
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    const dims = { caseTypes: ['ooievaarspas'], period: { relative: 'LAST_QUARTER' }, asOf: AS_OF };
    for (const key of ['werkvoorraad', 'instroom', 'perKanaal', 'perKanaalPerWeek']) {
      expect(await widget(key).getAttribute('data-state')).toBe('ready');
    }
    const werkvoorraad = await h.kpi('werkvoorraad', dims);
    expect((await widget('werkvoorraad').locator('[part="value"]').textContent())?.trim()).toBe(shown(werkvoorraad.value!, 'count'));
    // The custom display type: the last week's inflow.
    expect(await widget('instroom').evaluate((e) => e.tagName)).toBe('STUURINFO-TREND');
    const inflow = await h.kpi('inflow', { ...dims, granularity: 'WEEK' });
    expect((await widget('instroom').locator('[part="value"]').textContent())?.trim()).toBe(shown(inflow.points[inflow.points.length - 1].value!, 'count'));
    // The process-specific KPI: requests per channel, as a donut and as stacked bars per week.
    const kanaal = await h.kpi('aanvragenPerKanaal', dims);
    const legend = await widget('perKanaal').locator('.legend li').evaluateAll((lis) => lis.map((li) => [li.querySelector('.name')!.textContent, li.querySelector('.num')!.textContent]));
    expect(legend).toEqual(kanaal.points.map((p) => [p.groups[0].label, shown(p.value!, 'count')]));
    const perWeek = await h.kpi('aanvragenPerKanaal', { ...dims, granularity: 'WEEK' });
    expect(await widget('perKanaalPerWeek').locator('tbody tr').count()).toBe(expectedRows(perWeek));
  });

  it('says so when a dashboard does not exist', async () => {
    await page.goto(`${h.url}/dashboards/bestaat-niet`);
    await page.waitForFunction(() => document.body.dataset.state === 'error');
    await expect(page.locator('h1').textContent()).resolves.toBe('Dashboard niet gevonden');
    await expect(page.locator('#error').textContent()).resolves.toContain('ooievaarspas');
  });
});
