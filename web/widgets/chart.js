// Why: the chart widgets draw with Chart.js 4, served by our own server (/vendor/chart.umd.js, from
// node_modules): never a CDN. A page may load it with a <script> tag; otherwise the first chart
// widget loads it once, from next to the widgets or from a URL the host page sets.
/* global document, getComputedStyle, URL */
import { LOCALE, formatNumber, bucketLabels, bucketTitle, esc, formatValue, unitOf, decimalsFor } from './format.js';
import { StuurinfoWidget } from './base.js';
import { seriesModel, categoryModel } from './series.js';

let chartUrl = null;
let loading = null;

/** Where Chart.js's UMD build is; default /vendor/chart.umd.js next to the widgets' directory. */
export function setChartSource(url) {
  chartUrl = url;
}

export function chartSource() {
  return chartUrl || globalThis.STUURINFO_CHART_URL || new URL('../vendor/chart.umd.js', import.meta.url).href;
}

/** Resolves with window.Chart, loading it first when the page has not. */
export function ensureChart() {
  if (globalThis.Chart) return Promise.resolve(globalThis.Chart);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const existing = document.querySelector('script[data-stuurinfo-chart]');
      const script = existing || document.createElement('script');
      const done = () => (globalThis.Chart ? resolve(globalThis.Chart) : reject(new Error('Chart.js is geladen maar niet gevonden')));
      script.addEventListener('load', done, { once: true });
      script.addEventListener('error', () => { loading = null; reject(new Error(`Chart.js kon niet worden geladen van ${chartSource()}`)); }, { once: true });
      if (!existing) {
        script.src = chartSource();
        script.dataset.stuurinfoChart = '';
        document.head.append(script);
      }
    });
  }
  return loading;
}

export const CHART_STYLES = `
/* The canvas is absolutely placed, so the chart fills its card without the canvas ever pushing
   the card taller (no resize loop). */
.body { justify-content: flex-start; }
.chart { position: relative; flex: 1 1 auto; min-height: var(--stuurinfo-chart-height, 240px); width: 100%; }
.chart canvas { position: absolute; inset: 0; display: block; }
`;

/**
 * Base of the widgets drawn with Chart.js: creates the canvas (an image with a text alternative)
 * and, for screen readers, the same data as a table.
 */
export class ChartWidget extends StuurinfoWidget {
  static get styles() { return CHART_STYLES + this.extraStyles; }
  static get extraStyles() { return ''; }

  /** Chart.js configuration ({ type, data, options }) for this result. */
  chartConfig(_model, _result, _widget) { throw new Error('chartConfig not implemented'); }

  /** Optional HTML after the chart (a legend). */
  afterChart(_model, _result, _widget) { return ''; }

  async renderResult(body, result, widget, id) {
    const Chart = await ensureChart();
    if (this.isStale(id)) return;
    this.teardown();
    const model = seriesModel(result, this.granularity);
    const title = (widget && widget.title) || result.name;
    body.innerHTML = `<div class="chart" part="chart"><canvas role="img" aria-label="${esc(`${title}: grafiek; de gegevens staan in de tabel hierna`)}"></canvas></div>${this.afterChart(model, result, widget)}<div class="sr-only">${dataTableHtml(result, widget, this.timezone, model)}</div>`;
    const canvas = body.querySelector('canvas');
    const config = this.chartConfig(model, result, widget);
    const font = getComputedStyle(this).fontFamily;
    Chart.defaults.font.family = font || Chart.defaults.font.family;
    Chart.defaults.color = '#4b5563';
    this._chart = new Chart(canvas, config);
  }

  teardown() {
    if (this._chart) {
      this._chart.destroy();
      this._chart = null;
    }
  }
}

/** Options every chart shares: Dutch numbers, no animation, a quiet grid, tooltips with units. */
export function baseOptions({ unit, decimals, legend = true, model, timezone, stacked = false }) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    locale: LOCALE,
    interaction: { mode: 'index', intersect: false },
    plugins: {
      legend: {
        display: legend,
        position: 'bottom',
        align: 'start',
        labels: { boxWidth: 10, boxHeight: 10, usePointStyle: true, pointStyle: 'rectRounded', padding: 14, font: { size: 12 } },
      },
      tooltip: {
        backgroundColor: '#1f2933',
        padding: 10,
        cornerRadius: 4,
        boxPadding: 4,
        callbacks: {
          title: (items) => {
            if (!items.length) return '';
            const i = items[0].dataIndex;
            const bucket = model && model.buckets[i];
            return bucket ? bucketTitle(bucket, model.granularity, timezone) : items[0].label;
          },
          label: (ctx) => {
            const v = ctx.parsed && (ctx.parsed.y !== undefined && ctx.chart.config.options.indexAxis !== 'y' ? ctx.parsed.y : ctx.parsed.x);
            const name = ctx.dataset.label ? `${ctx.dataset.label}: ` : '';
            return `${name}${formatValue(v, unit, decimals)}`;
          },
        },
      },
    },
    scales: {
      x: {
        stacked,
        grid: { display: false },
        border: { color: '#c9d1da' },
        ticks: { maxRotation: 0, autoSkip: true, autoSkipPadding: 12, font: { size: 12 } },
      },
      y: {
        stacked,
        beginAtZero: true,
        grid: { color: '#edf0f3' },
        border: { display: false },
        ticks: {
          font: { size: 12 },
          precision: unit === '' ? 0 : undefined,
          callback: (v) => (unit === '%' ? `${formatNumber(v, 0)}%` : formatNumber(v, 1)),
        },
        title: unit && unit !== '%' ? { display: true, text: unit, font: { size: 12 }, color: '#5b6573' } : { display: false },
      },
    },
  };
}

/** The x axis of a series: buckets as Dutch labels, in the dashboard's time zone. */
export function bucketAxis(model, timezone) {
  return bucketLabels(model.buckets, model.granularity, timezone);
}

/**
 * Buckets × group combinations (or groups only) as an HTML table: the table widget, and the text
 * alternative of every chart.
 */
export function dataTableHtml(result, widget, timezone, model = seriesModel(result)) {
  const unit = unitOf(result, widget);
  const unitText = (v) => formatValue(v, unit, decimalsFor(unit, widget));
  const caption = esc((widget && widget.title) || result.name);
  if (model.buckets.length) {
    const combos = model.dims.length ? model.combos : [{ key: '', label: valueHeader(result.unit), groups: [] }];
    const head = combos.map((c) => `<th scope="col">${esc(c.label || 'Waarde')}</th>`).join('');
    const labels = bucketLabels(model.buckets, model.granularity, timezone);
    const rows = model.buckets.map((b, i) => `<tr><th scope="row" title="${esc(bucketTitle(b, model.granularity, timezone))}">${esc(labels[i])}</th>${combos.map((c) => `<td>${esc(unitText(model.value(b, c.key)))}</td>`).join('')}</tr>`).join('');
    return `<table><caption>${caption}</caption><thead><tr><th scope="col">${esc(periodHeader(model.granularity))}</th>${head}</tr></thead><tbody>${rows}</tbody></table>`;
  }
  if (model.combos.length) {
    if (model.dims.length >= 2) {
      const cat = categoryModel(model);
      const head = cat.datasets.map((d) => `<th scope="col">${esc(d.label)}</th>`).join('');
      const rows = cat.categories.map((label, i) => `<tr><th scope="row">${esc(label)}</th>${cat.datasets.map((d) => `<td>${esc(unitText(d.values[i]))}</td>`).join('')}</tr>`).join('');
      return `<table><caption>${caption}</caption><thead><tr><th scope="col">${esc(dimHeader(model.dims[0]))}</th>${head}</tr></thead><tbody>${rows}</tbody>${totalRow(result, unitText, cat.datasets.length)}</table>`;
    }
    const rows = model.combos.map((c) => `<tr><th scope="row">${esc(c.label)}</th><td>${esc(unitText(model.value(null, c.key)))}</td></tr>`).join('');
    return `<table><caption>${caption}</caption><thead><tr><th scope="col">${esc(dimHeader(model.dims[0]))}</th><th scope="col">${esc(valueHeader(result.unit))}</th></tr></thead><tbody>${rows}</tbody>${totalRow(result, unitText, 1)}</table>`;
  }
  return `<table><caption>${caption}</caption><tbody><tr><th scope="row">Waarde</th><td>${esc(unitText(result.value))}</td></tr></tbody></table>`;
}

function totalRow(result, unitText, columns) {
  if (result.value === null || result.value === undefined) return '';
  const label = result.unit === 'days' ? 'Gemiddeld' : 'Totaal';
  return `<tfoot><tr><th scope="row">${label}</th><td colspan="${columns}">${esc(unitText(result.value))}</td></tr></tfoot>`;
}


const VALUE_HEADERS = { count: 'Aantal', days: 'Dagen', percent: 'Percentage' };
function valueHeader(unit) { return VALUE_HEADERS[unit] || 'Waarde'; }

const PERIOD_HEADERS = { HOUR: 'Uur', DAY: 'Dag', WEEK: 'Week', MONTH: 'Maand', QUARTER: 'Kwartaal', YEAR: 'Jaar' };
function periodHeader(granularity) { return PERIOD_HEADERS[granularity] || 'Periode'; }

const DIM_HEADERS = { CASE_TYPE: 'Zaaktype', STATUS: 'Status', ROLE: 'Rol', ASSIGNEE: 'Medewerker', TIMELINESS: 'Termijn', STEP: 'Processtap' };
function dimHeader(dim) {
  if (!dim) return 'Groep';
  if (dim.startsWith('ATTRIBUTE:')) {
    const name = dim.slice('ATTRIBUTE:'.length);
    return name.charAt(0).toUpperCase() + name.slice(1);
  }
  return DIM_HEADERS[dim] || dim;
}

