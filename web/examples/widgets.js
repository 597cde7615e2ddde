// Why: the example of docs/widgets.md: stuurinfo's web components on a page of your own. One
// GraphQL request asks several KPIs (aliases), each answer goes into a widget's `result`; a
// process-specific KPI (aanvragenPerKanaal) is shown twice, and a display type of our own (trend)
// is registered next to the built-in ones. `?asOf=…` in the URL pins "now".
/* global document, fetch, location, URLSearchParams */
import { createWidget, registerDisplay } from '../widgets/index.js';
import { StuurinfoTrend } from './trend.js';

registerDisplay('trend', 'stuurinfo-trend', StuurinfoTrend);

const RESULT = 'name unit value period { from to asOf timezone } points { bucket groups { by key label attribute } value }';
const QUERY = `query Kanalen($period: DimensionsInput, $weeks: DimensionsInput) {
  werkvoorraad: kpi(name: "werkvoorraad", dimensions: $period) { ${RESULT} }
  perKanaal: kpi(name: "aanvragenPerKanaal", dimensions: $period) { ${RESULT} }
  perKanaalPerWeek: kpi(name: "aanvragenPerKanaal", dimensions: $weeks) { ${RESULT} }
  instroom: kpi(name: "inflow", dimensions: $weeks) { ${RESULT} }
}`;

/** The widgets: which answer each shows, and how (the same JSON as a widget in a dashboard file). */
const WIDGETS = [
  { key: 'werkvoorraad', title: 'Werkvoorraad', display: 'number', options: { thresholds: [{ from: 0, severity: 'ok' }, { from: 900, severity: 'warning' }, { from: 1200, severity: 'critical' }] } },
  { key: 'instroom', title: 'Instroom per week', display: 'trend' },
  { key: 'perKanaal', title: 'Aanvragen per kanaal', display: 'donut' },
  { key: 'perKanaalPerWeek', title: 'Aanvragen per kanaal per week', display: 'bar', options: { stacked: true }, wide: true },
];

async function main() {
  const grid = document.querySelector('#kpis');
  const elements = new Map();
  for (const w of WIDGETS) {
    const el = createWidget(w.display, { widget: w, loading: true });
    el.dataset.widgetKey = w.key;
    if (w.wide) el.classList.add('wide');
    grid.append(el);
    elements.set(w.key, el);
  }
  const asOf = new URLSearchParams(location.search).get('asOf');
  const period = { caseTypes: ['ooievaarspas'], period: { relative: 'LAST_QUARTER' }, ...(asOf ? { asOf } : {}) };
  try {
    const res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY, variables: { period, weeks: { ...period, granularity: 'WEEK' } } }),
    });
    const body = await res.json();
    if (body.errors) throw new Error(body.errors[0].message);
    for (const [key, el] of elements) {
      el.result = body.data[key];
      el.loading = false;
    }
  } catch (e) {
    for (const el of elements.values()) {
      el.loading = false;
      el.error = e.message;
    }
  }
  grid.setAttribute('aria-busy', 'false');
  document.body.dataset.state = 'ready';
}

main();
