// Why: the dashboard page at / and /dashboards/:key. It asks the API for the dashboards and the
// processes once, builds the filter bar and one widget per definition, and then answers every
// filter change with ONE request, dashboard(key, dimensions), that fills all widgets. The view is
// kept in the URL (bookmarkable); `asOf` in the URL pins "now" for a reproducible view.
/* global document, window, history, location, AbortController, URLSearchParams, getComputedStyle, setTimeout, clearTimeout */
import { createWidget } from './widgets/index.js';
import { DEFAULT_TIMEZONE, esc, formatDate, formatPeriod, formatValue } from './widgets/format.js';
import { gql } from './lib/graphql.js';
import { GRANULARITIES, RELATIVE_PERIODS, defaultsView, viewFromUrl, viewToDimensions, viewToUrl, urlExtras } from './lib/view.js';
import { catalogFor, renderFilters } from './lib/filters.js';
import { lookupCase } from './lib/case-lookup.js';

export const META_QUERY = `query Dashboards {
  dashboards {
    key title description caseTypes defaults filters
    widgets { key title description kpi display options params dimensions link series }
  }
  caseTypes {
    key label
    statuses { key label order final }
    roles { key label }
    steps { key label term }
    attributes { key label values { key label } }
  }
  zone: kpi(name: "inflow", dimensions: { period: { relative: TODAY } }) { period { timezone } }
}`;

export const DASHBOARD_QUERY = `query Dashboard($key: String!, $dimensions: DimensionsInput) {
  dashboard(key: $key, dimensions: $dimensions) {
    widgets {
      widget { key title description kpi display options params dimensions link series }
      error { code message field }
      result {
        name unit value
        period { from to asOf timezone relative }
        points { bucket groups { by key label attribute } value }
      }
    }
  }
}`;

const ASSIGNEES_QUERY = `query Medewerkers($dims: DimensionsInput) {
  kpi(name: "openCases", dimensions: $dims) { points { groups { key } } }
}`;

const $ = (sel) => document.querySelector(sel);
const els = {
  picker: $('#dashboard-picker'),
  title: $('#dashboard-title'),
  description: $('#dashboard-description'),
  filters: $('#filters'),
  summary: $('#summary'),
  status: $('#status'),
  error: $('#error'),
  grid: $('#grid'),
  refresh: $('#refresh'),
  reset: $('#reset'),
  lookup: $('#case-lookup'),
  lookupInput: $('#case-query'),
  caseResult: $('#case-result'),
};

const page = {
  meta: null,
  dashboard: null,
  catalog: null,
  base: null,
  view: null,
  extras: {},
  widgets: new Map(),
  seq: 0,
  controller: null,
  requests: 0,
};

function serverZone() {
  return page.extras.timezone || (page.meta && page.meta.zone) || DEFAULT_TIMEZONE;
}

function keyFromPath(pathname) {
  const m = /^\/dashboards\/([^/]+)\/?$/.exec(pathname);
  return m ? decodeURIComponent(m[1]) : null;
}

function setState(state) {
  document.body.dataset.state = state;
  els.grid.setAttribute('aria-busy', String(state === 'loading'));
}

function showError(message, title = 'De gegevens konden niet worden opgehaald') {
  els.error.innerHTML = `<strong>${esc(title)}</strong><p class="alert-message">${esc(message)}</p>`;
  els.error.hidden = false;
}

function hideError() {
  els.error.hidden = true;
  els.error.textContent = '';
}

// ---- start -------------------------------------------------------------------------------------

async function start() {
  setState('loading');
  els.status.textContent = 'Dashboard wordt geladen…';
  try {
    const { data, errors } = await gql(META_QUERY, {}, { partial: true });
    if (!data.dashboards || !data.caseTypes) throw new Error(errors.length ? errors[0].message : 'Geen dashboards');
    page.meta = {
      dashboards: data.dashboards,
      caseTypes: data.caseTypes,
      zone: data.zone && data.zone.period ? data.zone.period.timezone : DEFAULT_TIMEZONE,
    };
  } catch (e) {
    setState('error');
    els.status.textContent = '';
    els.title.textContent = 'Stuurinformatie';
    showError(e.message, 'Het dashboard kon niet worden geladen');
    return;
  }
  els.picker.innerHTML = page.meta.dashboards.map((d) => `<option value="${esc(d.key)}">${esc(d.title)}</option>`).join('');
  els.picker.disabled = page.meta.dashboards.length === 0;
  els.picker.addEventListener('change', () => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(page.extras)) params.set(k, v);
    const qs = params.toString();
    history.pushState(null, '', `/dashboards/${encodeURIComponent(els.picker.value)}${qs ? `?${qs}` : ''}`);
    route();
  });
  window.addEventListener('popstate', () => route());
  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(fitLastRow, 150);
  });
  els.lookup.addEventListener('submit', onLookup);
  els.refresh.addEventListener('click', () => load());
  els.reset.addEventListener('click', () => {
    page.view = page.base;
    history.pushState(null, '', `${location.pathname}${viewToUrl(page.base, page.base, page.extras)}`);
    drawFilters();
    load();
  });
  route();
}

/** Shows the dashboard the URL names (or the first), with the view in the query string. */
function route() {
  page.extras = urlExtras(location.search);
  const key = keyFromPath(location.pathname) || (page.meta.dashboards[0] && page.meta.dashboards[0].key);
  const dashboard = page.meta.dashboards.find((d) => d.key === key);
  if (!dashboard) {
    setState('error');
    els.title.textContent = 'Dashboard niet gevonden';
    els.description.hidden = true;
    els.filters.hidden = true;
    els.grid.innerHTML = '';
    els.summary.textContent = '';
    els.status.textContent = '';
    const known = page.meta.dashboards.map((d) => d.key).join(', ') || 'geen';
    showError(`Er is geen dashboard "${key || ''}". Kies er een in de lijst bovenaan (beschikbaar: ${known}).`, 'Dashboard niet gevonden');
    els.picker.value = '';
    return;
  }
  const changed = !page.dashboard || page.dashboard.key !== dashboard.key;
  page.dashboard = dashboard;
  page.catalog = catalogFor(dashboard, page.meta.caseTypes);
  page.base = defaultsView(dashboard.defaults, serverZone());
  if (!page.base.granularity && dashboard.filters.includes('granularity')) page.base.granularity = 'MONTH';
  page.view = viewFromUrl(location.search, page.base, dashboard.filters);
  els.picker.value = dashboard.key;
  document.title = `${dashboard.title} · Stuurinformatie`;
  els.title.textContent = dashboard.title;
  els.description.textContent = dashboard.description || '';
  els.description.hidden = !dashboard.description;
  drawFilters();
  els.refresh.disabled = false;
  els.reset.disabled = false;
  if (changed) {
    drawGrid();
    els.caseResult.hidden = true;
  }
  load();
}

function drawFilters() {
  renderFilters(els.filters, {
    dashboard: page.dashboard,
    catalog: page.catalog,
    view: page.view,
    defaults: page.dashboard.defaults || {},
    onChange: (view) => {
      page.view = view;
      history.pushState(null, '', `${location.pathname}${viewToUrl(view, page.base, page.extras)}`);
      load();
    },
    suggestAssignees: async () => {
      const dims = { caseTypes: page.dashboard.caseTypes, groupBy: ['ASSIGNEE'] };
      if (page.extras.asOf) dims.asOf = page.extras.asOf;
      const data = await gql(ASSIGNEES_QUERY, { dims });
      return data.kpi.points.map((p) => p.groups[0] && p.groups[0].key).filter(Boolean).sort((a, b) => a.localeCompare(b, 'nl'));
    },
  });
}

/** How many grid columns a widget takes: charts two, figures one (options.span overrides). */
function spanOf(w) {
  const span = w.options && Number(w.options.span);
  if (span >= 1 && span <= 4) return Math.floor(span);
  if (['line', 'area', 'bar'].includes(w.display)) return 2;
  if (w.display === 'table') return w.series ? 2 : 1;
  return 1;
}

function drawGrid() {
  els.grid.innerHTML = '';
  page.widgets.clear();
  for (const w of page.dashboard.widgets) {
    const el = createWidget(w.display, { widget: w, loading: true });
    el.dataset.widgetKey = w.key;
    el.classList.add('widget', `span-${spanOf(w)}`);
    el.dataset.span = String(spanOf(w));
    el.setAttribute('heading-level', '3');
    page.widgets.set(w.key, el);
    els.grid.append(el);
  }
  fitLastRow();
}

/** Widens the last widget so the last row has no hole (the grid has 4, 2 or 1 columns). */
function fitLastRow() {
  const items = [...page.widgets.values()];
  for (const el of items) el.style.removeProperty('grid-column');
  const cols = getComputedStyle(els.grid).gridTemplateColumns.split(' ').filter(Boolean).length;
  if (cols <= 1 || items.length === 0) return;
  let used = 0;
  for (const el of items) {
    const span = Math.min(cols, Number(el.dataset.span) || 1);
    if (used + span > cols) used = 0;
    used = (used + span) % cols;
  }
  if (used > 0) {
    const last = items[items.length - 1];
    last.style.gridColumn = `span ${Math.min(cols, (Number(last.dataset.span) || 1) + cols - used)}`;
  }
}

// ---- the one request per change ----------------------------------------------------------------

async function load() {
  const id = ++page.seq;
  if (page.controller) page.controller.abort();
  const controller = new AbortController();
  page.controller = controller;
  setState('loading');
  els.status.textContent = 'Gegevens worden bijgewerkt…';
  for (const el of page.widgets.values()) el.loading = true;
  const dimensions = viewToDimensions(page.view, {
    shown: page.dashboard.filters,
    defaults: page.dashboard.defaults || {},
    timeZone: serverZone(),
    asOf: page.extras.asOf,
    timezone: page.extras.timezone,
  });
  page.requests++;
  document.body.dataset.requests = String(page.requests);
  let data;
  try {
    data = await gql(DASHBOARD_QUERY, { key: page.dashboard.key, dimensions }, { signal: controller.signal });
  } catch (e) {
    if (e && e.name === 'AbortError') return;
    if (id !== page.seq) return;
    showError(e.message);
    for (const el of page.widgets.values()) {
      el.loading = false;
      el.error = e.message;
    }
    els.status.textContent = 'Het ophalen is mislukt.';
    els.summary.textContent = '';
    setState('error');
    return;
  }
  if (id !== page.seq) return;
  hideError();
  let period = null;
  let failed = 0;
  for (const answer of data.dashboard.widgets) {
    const el = page.widgets.get(answer.widget.key);
    if (!el) continue;
    el.widget = answer.widget;
    el.granularity = answer.widget.series ? page.view.granularity || null : null;
    el.result = answer.result;
    el.error = answer.error ? answer.error.message : null;
    el.loading = false;
    if (answer.error) failed++;
    if (!period && answer.result && answer.result.period && !(answer.widget.dimensions && answer.widget.dimensions.period)) period = answer.result.period;
  }
  els.summary.innerHTML = summaryHtml(period);
  els.status.textContent = failed ? `${failed} van de ${data.dashboard.widgets.length} widgets konden niet worden geladen.` : 'Bijgewerkt.';
  setState('ready');
}

function summaryHtml(period) {
  if (!period) return '';
  const parts = [];
  const p = page.view.period;
  const name = p.kind === 'relative' ? (RELATIVE_PERIODS.find(([k]) => k === p.relative) || [])[1] : p.kind === 'custom' ? 'Aangepaste periode' : 'Hele periode';
  parts.push(`<span><span class="summary-label">${esc(name)}:</span> ${esc(formatPeriod(period))}</span>`);
  if (page.view.granularity && page.dashboard.filters.includes('granularity')) {
    const g = (GRANULARITIES.find(([k]) => k === page.view.granularity) || [])[1];
    if (g) parts.push(`<span>per ${esc(g.toLowerCase())}</span>`);
  }
  const tz = period.timezone || serverZone();
  if (page.extras.asOf) parts.push(`<span class="asof">Peilmoment ${esc(formatDate(period.asOf, tz, { time: true }))}</span>`);
  else parts.push(`<span>Stand van ${esc(formatDate(period.asOf, tz, { time: true }))}</span>`);
  if (tz !== DEFAULT_TIMEZONE) parts.push(`<span>tijdzone ${esc(tz)}</span>`);
  return parts.join('<span class="sep" aria-hidden="true">·</span>');
}

// ---- per-case lookup ---------------------------------------------------------------------------

async function onLookup(e) {
  e.preventDefault();
  const q = els.lookupInput.value.trim();
  const box = els.caseResult;
  box.hidden = false;
  if (!q) {
    box.innerHTML = '<p class="case-message">Vul een zaaknummer of zaak-id in.</p>';
    return;
  }
  box.dataset.state = 'loading';
  box.innerHTML = `<p class="case-message"><span class="spinner" aria-hidden="true"></span>Zaak ${esc(q)} wordt opgezocht…</p>`;
  try {
    const r = await lookupCase(q, page.extras);
    box.dataset.state = r.found ? 'found' : 'not-found';
    box.innerHTML = caseHtml(r);
  } catch (err) {
    box.dataset.state = 'error';
    box.innerHTML = `<div class="case-card"><p class="case-error"><strong>De zaak kon niet worden opgezocht.</strong> <span class="case-error-message">${esc(err.message)}</span></p>${closeButton()}</div>`;
  }
  const close = box.querySelector('.case-close');
  if (close) close.addEventListener('click', () => { box.hidden = true; els.lookupInput.focus(); });
}

function closeButton() {
  return '<button type="button" class="button button-link case-close" aria-label="Zaakgegevens sluiten">Sluiten</button>';
}

function caseHtml(r) {
  const tz = r.timezone || serverZone();
  if (!r.found) {
    const how = r.caseQueryAvailable ? 'zaaknummer of id' : 'id (zoeken op zaaknummer kan de API nog niet)';
    return `<div class="case-card"><p class="case-message">Geen zaak gevonden met ${esc(how)} <strong>${esc(r.query)}</strong>.</p>${closeButton()}</div>`;
  }
  const s = r.summary;
  const rows = [];
  const row = (label, value, attrs = '') => rows.push(`<div class="case-field"${attrs}><dt>${esc(label)}</dt><dd>${value}</dd></div>`);
  row('Doorlooptijd', `<span class="case-leadtime" data-value="${r.leadTime === null ? '' : r.leadTime}">${esc(r.leadTime === null ? '–' : formatValue(r.leadTime, 'dagen', 0))}</span>`);
  if (s) {
    row('Status', esc(s.statusLabel || s.status || '–') + (s.suspended ? ' <span class="tag">opgeschort</span>' : ''));
    const timeliness = s.timeliness === 'OVERDUE' ? `<span class="pill sev-critical">Over de termijn</span>` : s.timeliness === 'ON_TIME' ? `<span class="pill sev-ok">Binnen de termijn</span>` : '';
    row(s.open ? 'Uiterste beslisdatum' : 'Beslistermijn was', `<span class="case-deadline">${esc(s.deadline ? formatDate(s.deadline, tz, { time: true }) : 'geen termijn')}</span> ${timeliness}`);
    row('Ontvangen', esc(formatDate(s.createdAt, tz)));
    if (s.closedAt) row('Afgehandeld', esc(formatDate(s.closedAt, tz)));
    if (s.assignee || s.role) row('Behandelaar', esc([s.assignee, s.roleLabel || s.role].filter(Boolean).join(' · ')));
  } else {
    row('Termijn en status', '<span class="muted">Nog niet beschikbaar: de API kent de vraag <code>case</code> nog niet.</span>');
  }
  const name = s ? `${s.reference || s.id}` : r.query;
  const type = s ? s.caseTypeLabel || s.caseType : '';
  return `<div class="case-card">
  <div class="case-head"><h2 class="case-title">Zaak ${esc(name)}</h2>${type ? `<span class="case-type">${esc(type)}</span>` : ''}${closeButton()}</div>
  <dl class="case-fields">${rows.join('')}</dl>
</div>`;
}

start();
