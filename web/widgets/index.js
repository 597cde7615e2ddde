// Why: one import registers every widget and gives a page (Valtimo's Angular, React, plain HTML)
// a factory from a widget's display type to its element, and the building blocks for new types.
//
//   import { createWidget } from '/widgets/index.js';
//   const el = createWidget('number');
//   el.widget = { title: 'Werkvoorraad', display: 'number', options: { thresholds: [...] } };
//   el.result = kpiResult;          // the KpiResult JSON of the GraphQL API
//   document.querySelector('#kpis').append(el);
/* global customElements, document */
import { StuurinfoWidget } from './base.js';
import { ChartWidget, ensureChart, setChartSource, dataTableHtml, baseOptions, bucketAxis } from './chart.js';
import { StuurinfoNumber } from './number.js';
import { StuurinfoGauge } from './gauge.js';
import { StuurinfoMeter } from './meter.js';
import { StuurinfoLine } from './line.js';
import { StuurinfoBar } from './bar.js';
import { StuurinfoDonut } from './donut.js';
import { StuurinfoTable } from './table.js';

/** display type → custom element tag; `area` is a line widget in area mode. */
export const WIDGET_TAGS = {
  number: 'stuurinfo-number',
  gauge: 'stuurinfo-gauge',
  meter: 'stuurinfo-meter',
  line: 'stuurinfo-line',
  area: 'stuurinfo-line',
  bar: 'stuurinfo-bar',
  donut: 'stuurinfo-donut',
  table: 'stuurinfo-table',
};

const CLASSES = {
  'stuurinfo-number': StuurinfoNumber,
  'stuurinfo-gauge': StuurinfoGauge,
  'stuurinfo-meter': StuurinfoMeter,
  'stuurinfo-line': StuurinfoLine,
  'stuurinfo-bar': StuurinfoBar,
  'stuurinfo-donut': StuurinfoDonut,
  'stuurinfo-table': StuurinfoTable,
};

/** Defines a custom element once (importing this module twice, or from two bundles, is harmless). */
export function defineWidget(tag, cls) {
  if (!customElements.get(tag)) customElements.define(tag, cls);
  return customElements.get(tag);
}

/** Adds (or replaces) a display type: `registerDisplay('heatmap', 'mijn-heatmap', MijnHeatmap)`. */
export function registerDisplay(display, tag, cls) {
  if (cls) defineWidget(tag, cls);
  WIDGET_TAGS[display] = tag;
}

for (const [tag, cls] of Object.entries(CLASSES)) defineWidget(tag, cls);

/**
 * A new, empty widget element for a display type; set `widget` and `result` (and `loading` /
 * `error`) on it. An unknown display type falls back to a table, which can show any result.
 */
export function createWidget(display, { widget, result, error, loading } = {}) {
  let tag = WIDGET_TAGS[display];
  if (!tag) {
    console.warn(`stuurinfo: unknown display type "${display}", shown as a table`);
    tag = WIDGET_TAGS.table;
  }
  const el = document.createElement(tag);
  if (display === 'area' || display === 'line') el.setAttribute('display', display);
  if (widget !== undefined) el.widget = widget;
  if (result !== undefined) el.result = result;
  if (error !== undefined) el.error = error;
  if (loading !== undefined) el.loading = loading;
  return el;
}

export {
  StuurinfoWidget, ChartWidget, ensureChart, setChartSource, dataTableHtml, baseOptions, bucketAxis,
  StuurinfoNumber, StuurinfoGauge, StuurinfoMeter, StuurinfoLine, StuurinfoBar, StuurinfoDonut, StuurinfoTable,
};
export * from './format.js';
export { seriesModel, categoryModel, isEmptyResult } from './series.js';
