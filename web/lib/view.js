// Why: what the viewer chose (period, granularity, roles, …) lives in the URL's query string, so a
// view can be bookmarked and shared, and the back button undoes a filter. Only what differs from
// the dashboard's defaults is written, so a plain link follows the dashboard file. This module
// turns a view into the `dimensions` of `dashboard(key, dimensions)`.
/* global URLSearchParams */
import { addDays, localDate, zonedMidnight } from '../widgets/format.js';

export const RELATIVE_PERIODS = [
  ['TODAY', 'Vandaag'],
  ['YESTERDAY', 'Gisteren'],
  ['THIS_WEEK', 'Deze week'],
  ['LAST_WEEK', 'Vorige week'],
  ['THIS_MONTH', 'Deze maand'],
  ['LAST_MONTH', 'Vorige maand'],
  ['THIS_QUARTER', 'Dit kwartaal'],
  ['LAST_QUARTER', 'Vorig kwartaal'],
  ['THIS_YEAR', 'Dit jaar'],
  ['LAST_YEAR', 'Vorig jaar'],
  ['LAST_7_DAYS', 'Laatste 7 dagen'],
  ['LAST_30_DAYS', 'Laatste 30 dagen'],
  ['LAST_90_DAYS', 'Laatste 90 dagen'],
  ['LAST_12_MONTHS', 'Laatste 12 maanden'],
];

export const GRANULARITIES = [
  ['HOUR', 'Uur'],
  ['DAY', 'Dag'],
  ['WEEK', 'Week'],
  ['MONTH', 'Maand'],
  ['QUARTER', 'Kwartaal'],
  ['YEAR', 'Jaar'],
];

export const TIMELINESS = [
  ['', 'Alle'],
  ['ON_TIME', 'Binnen de termijn'],
  ['OVERDUE', 'Over de termijn'],
];

const LIST_FILTERS = ['roles', 'assignees', 'statuses', 'steps'];
const RELATIVE = new Set(RELATIVE_PERIODS.map(([k]) => k));
const GRANULARITY = new Set(GRANULARITIES.map(([k]) => k));
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A view:
 *   period: { kind: 'relative', relative } | { kind: 'custom', from, to } (local dates, `to`
 *           inclusive, either may be '') | { kind: 'none' }
 *   granularity: 'WEEK' | '' ; timeliness: 'ON_TIME' | 'OVERDUE' | ''
 *   roles, assignees, statuses, steps: string[] ; attributes: { [key]: string[] }
 */
export function emptyView() {
  return { period: { kind: 'none' }, granularity: '', roles: [], assignees: [], statuses: [], timeliness: '', steps: [], attributes: {} };
}

/** The dashboard's `defaults` (DimensionsInput JSON) as a view, dates in `timeZone`. */
export function defaultsView(defaults, timeZone) {
  const d = defaults || {};
  const view = emptyView();
  if (d.period && d.period.relative) view.period = { kind: 'relative', relative: d.period.relative };
  else if (d.period && (d.period.from || d.period.to)) {
    view.period = {
      kind: 'custom',
      from: d.period.from ? localDate(new Date(d.period.from), timeZone) : '',
      to: d.period.to ? addDays(localDate(new Date(d.period.to), timeZone), -1) : '',
    };
  }
  if (d.granularity) view.granularity = d.granularity;
  for (const f of LIST_FILTERS) if (Array.isArray(d[f])) view[f] = [...d[f]];
  if (d.timeliness) view.timeliness = d.timeliness;
  if (Array.isArray(d.attributes)) for (const a of d.attributes) view.attributes[a.key] = [...a.values];
  return view;
}

/**
 * The view in a URL (`?period=LAST_MONTH&statuses=ontvangen`) laid over `base` (the defaults):
 * only the filters in `shown` are read.
 */
export function viewFromUrl(search, base, shown) {
  const params = new URLSearchParams(search);
  const view = structuredCloneView(base);
  const has = (f) => shown.includes(f);
  if (has('period') && params.has('period')) {
    const p = params.get('period');
    if (p === 'custom') {
      const from = params.get('from') || '';
      const to = params.get('to') || '';
      view.period = { kind: 'custom', from: DATE.test(from) ? from : '', to: DATE.test(to) ? to : '' };
    } else if (p === 'none') view.period = { kind: 'none' };
    else if (RELATIVE.has(p)) view.period = { kind: 'relative', relative: p };
  }
  if (has('granularity') && params.has('granularity')) {
    const g = params.get('granularity');
    if (GRANULARITY.has(g)) view.granularity = g;
  }
  for (const f of LIST_FILTERS) {
    if (has(f) && params.has(f)) view[f] = unique(params.getAll(f).filter(Boolean));
  }
  if (has('timeliness') && params.has('timeliness')) {
    const t = params.get('timeliness');
    view.timeliness = t === 'ON_TIME' || t === 'OVERDUE' ? t : '';
  }
  if (has('attributes')) {
    for (const key of new Set([...params.keys()].filter((k) => k.startsWith('attr.')))) {
      view.attributes[key.slice(5)] = unique(params.getAll(key).filter(Boolean));
    }
  }
  return view;
}

/** The query string of `view`: what differs from `base`, plus `extra` (asOf, timezone). */
export function viewToUrl(view, base, extra = {}) {
  const params = new URLSearchParams();
  if (!samePeriod(view.period, base.period)) {
    if (view.period.kind === 'relative') params.set('period', view.period.relative);
    else if (view.period.kind === 'none') params.set('period', 'none');
    else {
      params.set('period', 'custom');
      if (view.period.from) params.set('from', view.period.from);
      if (view.period.to) params.set('to', view.period.to);
    }
  }
  if (view.granularity !== base.granularity) params.set('granularity', view.granularity);
  for (const f of LIST_FILTERS) {
    if (!sameList(view[f], base[f])) {
      if (view[f].length === 0) params.set(f, '');
      for (const v of view[f]) params.append(f, v);
    }
  }
  if (view.timeliness !== base.timeliness) params.set('timeliness', view.timeliness);
  const keys = new Set([...Object.keys(view.attributes), ...Object.keys(base.attributes)]);
  for (const key of keys) {
    const v = view.attributes[key] || [];
    if (!sameList(v, base.attributes[key] || [])) {
      if (v.length === 0) params.set(`attr.${key}`, '');
      for (const value of v) params.append(`attr.${key}`, value);
    }
  }
  for (const [k, v] of Object.entries(extra)) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}

/**
 * `dimensions` for dashboard(key, dimensions): the shown filters' values. An empty choice is sent
 * as null when the dashboard has a default for it (null clears a default; omitted keeps it).
 */
export function viewToDimensions(view, { shown, defaults, timeZone, asOf, timezone }) {
  const d = defaults || {};
  const dims = {};
  const has = (f) => shown.includes(f);
  const clear = (field) => { if (d[field] !== undefined && d[field] !== null) dims[field] = null; };
  if (has('period')) {
    const p = view.period;
    if (p.kind === 'relative') dims.period = { relative: p.relative };
    else if (p.kind === 'custom' && (p.from || p.to)) {
      dims.period = {};
      if (p.from) dims.period.from = zonedMidnight(p.from, timeZone);
      if (p.to) dims.period.to = zonedMidnight(addDays(p.to, 1), timeZone);
    } else clear('period');
  }
  if (has('granularity')) {
    if (view.granularity) dims.granularity = view.granularity;
    else clear('granularity');
  }
  for (const f of LIST_FILTERS) {
    if (!has(f)) continue;
    if (view[f].length) dims[f] = [...view[f]];
    else clear(f);
  }
  if (has('timeliness')) {
    if (view.timeliness) dims.timeliness = view.timeliness;
    else clear('timeliness');
  }
  if (has('attributes')) {
    const attributes = Object.entries(view.attributes).filter(([, v]) => v.length).map(([key, values]) => ({ key, values: [...values] }));
    if (attributes.length) dims.attributes = attributes;
    else clear('attributes');
  }
  if (asOf) dims.asOf = asOf;
  if (timezone) dims.timezone = timezone;
  return dims;
}

/** asOf and timezone from the URL: they make a view reproducible (asOf) or move its calendar. */
export function urlExtras(search) {
  const params = new URLSearchParams(search);
  const extras = {};
  const asOf = params.get('asOf');
  if (asOf && !Number.isNaN(Date.parse(asOf))) extras.asOf = asOf;
  const tz = params.get('timezone');
  if (tz) extras.timezone = tz;
  return extras;
}

function structuredCloneView(v) {
  return {
    period: { ...v.period },
    granularity: v.granularity,
    roles: [...v.roles],
    assignees: [...v.assignees],
    statuses: [...v.statuses],
    timeliness: v.timeliness,
    steps: [...v.steps],
    attributes: Object.fromEntries(Object.entries(v.attributes).map(([k, list]) => [k, [...list]])),
  };
}

export { structuredCloneView as cloneView };

function unique(list) {
  return [...new Set(list)];
}

function sameList(a, b) {
  if (a.length !== b.length) return false;
  const sa = [...a].sort();
  const sb = [...b].sort();
  return sa.every((v, i) => v === sb[i]);
}

function samePeriod(a, b) {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'relative') return a.relative === b.relative;
  if (a.kind === 'custom') return a.from === b.from && a.to === b.to;
  return true;
}
