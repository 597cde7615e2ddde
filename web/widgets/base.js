// Why: every widget is a card with a title, an optional description and link, and four states
// (loading, error, empty, ready) that look and read the same in every display type. Subclasses only
// draw the ready state. Shadow DOM keeps the widget's styles from leaking into (or being broken
// by) the host page: Valtimo's Angular app, a React page or plain HTML; CSS custom properties
// (--stuurinfo-*) and ::part() let the host theme it.
/* global HTMLElement, queueMicrotask, document */
import { esc } from './format.js';
import { isEmptyResult } from './series.js';

export const BASE_STYLES = `
:host {
  display: block;
  box-sizing: border-box;
  min-width: 0;
  font-family: var(--stuurinfo-font, "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif);
  color: var(--stuurinfo-text, #1f2933);
  --_muted: var(--stuurinfo-muted, #5b6573);
  --_border: var(--stuurinfo-border, #dde3ea);
  --_accent: var(--stuurinfo-accent, #154273);
}
:host([hidden]) { display: none; }
*, *::before, *::after { box-sizing: inherit; }
.card {
  position: relative;
  display: flex;
  flex-direction: column;
  height: 100%;
  min-height: var(--stuurinfo-min-height, 0);
  background: var(--stuurinfo-card-bg, #ffffff);
  border: 1px solid var(--_border);
  border-radius: var(--stuurinfo-radius, 6px);
  padding: 1rem 1.125rem 1.125rem;
  box-shadow: var(--stuurinfo-shadow, 0 1px 2px rgba(16, 24, 40, 0.04));
}
.card[data-severity="ok"] { box-shadow: inset 4px 0 0 #39870c, var(--stuurinfo-shadow, 0 1px 2px rgba(16, 24, 40, 0.04)); }
.card[data-severity="warning"] { box-shadow: inset 4px 0 0 #e17000, var(--stuurinfo-shadow, 0 1px 2px rgba(16, 24, 40, 0.04)); }
.card[data-severity="critical"] { box-shadow: inset 4px 0 0 #d52b1e, var(--stuurinfo-shadow, 0 1px 2px rgba(16, 24, 40, 0.04)); }
.head { display: flex; align-items: flex-start; gap: 0.75rem; margin-bottom: 0.75rem; }
.head-text { flex: 1; min-width: 0; }
.title {
  margin: 0;
  font-size: 0.9375rem;
  line-height: 1.35;
  font-weight: 600;
  color: var(--stuurinfo-title, #1f2933);
}
.desc { margin: 0.25rem 0 0; font-size: 0.8125rem; line-height: 1.4; color: var(--_muted); }
.link {
  flex: none;
  font-size: 0.8125rem;
  color: var(--_accent);
  text-decoration: underline;
  text-underline-offset: 2px;
  white-space: nowrap;
}
.link:hover { text-decoration-thickness: 2px; }
.link:focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px; border-radius: 2px; }
.body { position: relative; flex: 1; display: flex; flex-direction: column; justify-content: center; min-height: 4.5rem; }
.is-loading .body { opacity: 0.4; transition: opacity 0.15s; }
/* Re-querying: a thin running bar along the card's top edge; the old figures stay, dimmed. */
.overlay {
  position: absolute; top: 0; left: 0; right: 0; height: 3px; overflow: hidden;
  border-radius: var(--stuurinfo-radius, 6px) var(--stuurinfo-radius, 6px) 0 0;
}
.overlay::before {
  content: ""; position: absolute; top: 0; bottom: 0; width: 35%; left: -35%;
  background: var(--_accent); animation: progress 1.1s ease-in-out infinite;
}
@keyframes progress { to { left: 100%; } }
.spinner {
  width: 1.25rem; height: 1.25rem; margin-right: 0.5rem; border-radius: 50%;
  border: 2px solid var(--_border); border-top-color: var(--_accent);
  animation: spin 0.8s linear infinite;
}
@keyframes spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .spinner { animation-duration: 2.4s; } .skeleton { animation: none; } .overlay::before { animation-duration: 3s; } }
.skeleton {
  border-radius: 4px; height: 1rem; margin: 0.375rem 0;
  background: linear-gradient(90deg, #eef1f4 0%, #f6f8fa 50%, #eef1f4 100%);
  background-size: 200% 100%; animation: shimmer 1.4s ease-in-out infinite;
}
.skeleton.big { height: 2.5rem; width: 45%; }
.loading-text { display: inline-flex; align-items: center; margin-top: 0.5rem; font-size: 0.8125rem; color: var(--_muted); }
.skeleton.short { width: 70%; }
@keyframes shimmer { from { background-position: 200% 0; } to { background-position: -200% 0; } }
.state { display: flex; gap: 0.5rem; align-items: flex-start; font-size: 0.875rem; line-height: 1.45; }
.state svg { flex: none; width: 1.125rem; height: 1.125rem; margin-top: 0.0625rem; }
.state-error { color: #b51f14; }
.state-error .message { color: var(--stuurinfo-text, #1f2933); margin: 0.125rem 0 0; overflow-wrap: anywhere; }
.state-error strong { display: block; font-weight: 600; }
.state-empty { color: var(--_muted); }
.sr-only {
  position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.pill {
  display: inline-flex; align-items: center; gap: 0.375rem;
  font-size: 0.75rem; font-weight: 600; line-height: 1; padding: 0.3125rem 0.5rem;
  border-radius: 999px; white-space: nowrap;
}
.pill::before { content: ""; width: 0.5rem; height: 0.5rem; border-radius: 50%; background: currentColor; }
.sev-ok { color: #2b6e0b; }
.sev-warning { color: #a64d00; }
.sev-critical { color: #b51f14; }
.pill.sev-ok { background: #e6f2df; }
.pill.sev-warning { background: #fdeedd; }
.pill.sev-critical { background: #fbe3e1; }
`;

const ICON_ERROR = '<svg viewBox="0 0 20 20" aria-hidden="true" focusable="false"><circle cx="10" cy="10" r="9" fill="none" stroke="currentColor" stroke-width="2"/><path d="M10 5.5v5.5" stroke="currentColor" stroke-width="2" stroke-linecap="round"/><circle cx="10" cy="14.25" r="1.25" fill="currentColor"/></svg>';
const ICON_EMPTY = '<svg viewBox="0 0 20 20" aria-hidden="true" focusable="false"><rect x="2.5" y="4" width="15" height="12" rx="2" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M5.5 12.5h9" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/></svg>';

let uid = 0;

/** Links only to http(s) or to this site: a widget definition must not be able to run script. */
export function safeLink(link) {
  if (typeof link !== 'string' || !link.trim()) return null;
  return /^(https?:\/\/|\/|\.\/|\.\.\/|#|\?)/i.test(link.trim()) ? link.trim() : null;
}

export class StuurinfoWidget extends HTMLElement {
  /** Extra CSS of the display type. */
  static get styles() { return ''; }

  constructor() {
    super();
    this._result = null;
    this._widget = null;
    this._error = null;
    this._loading = false;
    this._granularity = null;
    this._timezone = null;
    this._scheduled = false;
    this._dirty = true;
    this._renderId = 0;
    this._uid = `w${++uid}`;
    this.attachShadow({ mode: 'open' });
  }

  /** The KpiResult JSON: { name unit value period { timezone … } points { bucket groups value } }. */
  get result() { return this._result; }
  set result(value) { this._result = value || null; this._dirty = true; this._schedule(); }

  /** The DashboardWidget JSON: { key title description display options link … }. */
  get widget() { return this._widget; }
  set widget(value) { this._widget = value || null; this._dirty = true; this._schedule(); }

  /** An error message (string, or { message, code }); set it to show the error state. */
  get error() { return this._error; }
  set error(value) { this._error = value || null; this._dirty = true; this._schedule(); }

  /** True while a new result is being fetched. */
  get loading() { return this._loading; }
  set loading(value) { this._loading = Boolean(value); this._schedule(); }

  /** The granularity the series was asked with (the widget's own wins; inferred from the buckets otherwise). */
  get granularity() {
    const own = this._widget && this._widget.dimensions && this._widget.dimensions.granularity;
    return typeof own === 'string' ? own : this._granularity;
  }
  set granularity(value) { this._granularity = value || null; this._dirty = true; this._schedule(); }

  /** Time zone for bucket labels: this property, else result.period.timezone, else Europe/Amsterdam. */
  get timezone() {
    return this._timezone || this.getAttribute('timezone') || (this._result && this._result.period && this._result.period.timezone) || 'Europe/Amsterdam';
  }
  set timezone(value) { this._timezone = value || null; this._dirty = true; this._schedule(); }

  get options() { return (this._widget && this._widget.options) || {}; }

  /** loading | error | empty | ready */
  get state() {
    if (this._error) return 'error';
    if (this._loading) return 'loading';
    if (!this._result) return 'loading';
    return this.isEmpty(this._result) ? 'empty' : 'ready';
  }

  connectedCallback() {
    if (!this.hasAttribute('role')) this.setAttribute('role', 'group');
    this._dirty = true;
    this._schedule();
  }

  disconnectedCallback() {
    this.teardown();
  }

  /** Re-render now (normally batched to the end of the current task). */
  refresh() {
    this._scheduled = false;
    this._dirty = true;
    this._render();
  }

  // ---- for subclasses --------------------------------------------------------------------------

  /** Whether the result has nothing to show. */
  isEmpty(result) { return isEmptyResult(result); }

  /** Draw the ready state into `body` (may be async: charts wait for Chart.js). */
  renderResult(_body, _result, _widget) {}

  /** Free resources (a Chart.js instance) before the body is replaced or the element removed. */
  teardown() {}

  /** A message for the empty state. */
  emptyMessage() { return 'Geen gegevens voor deze selectie.'; }

  /** True when a newer render started after `id` (async renderers check this after awaiting). */
  isStale(id) { return id !== this._renderId || !this.isConnected; }

  // ---- internals -------------------------------------------------------------------------------

  _schedule() {
    if (this._scheduled) return;
    this._scheduled = true;
    queueMicrotask(() => {
      if (!this._scheduled) return;
      this._scheduled = false;
      if (this.isConnected) this._render();
    });
  }

  _shell() {
    if (this._card) return;
    const ctor = /** @type {typeof StuurinfoWidget} */ (this.constructor);
    this.shadowRoot.innerHTML = `<style>${BASE_STYLES}${ctor.styles}</style>
<div class="card" part="card">
  <header class="head" part="header">
    <div class="head-text">
      <h3 class="title" id="${this._uid}-t" part="title"></h3>
      <p class="desc" id="${this._uid}-d" part="description" hidden></p>
    </div>
    <a class="link" part="link" hidden></a>
  </header>
  <div class="body" part="body"></div>
</div>`;
    this._card = this.shadowRoot.querySelector('.card');
    this._title = this.shadowRoot.querySelector('.title');
    this._desc = this.shadowRoot.querySelector('.desc');
    this._link = this.shadowRoot.querySelector('.link');
    this._body = this.shadowRoot.querySelector('.body');
  }

  _render() {
    this._shell();
    if (!this._dirty && (this._result || this._error)) {
      // Only `loading` changed: keep what is drawn, show or hide the overlay.
      this.dataset.state = this.state;
      this._card.classList.toggle('is-loading', this._loading);
      this._card.setAttribute('aria-busy', String(this._loading));
      this._toggleOverlay();
      return;
    }
    this._dirty = false;
    const id = ++this._renderId;
    this._card.dataset.severity = '';
    const w = this._widget || {};
    const title = w.title || (this._result && this._result.name) || '';
    this._title.textContent = title;
    const level = Number(this.getAttribute('heading-level'));
    if (level >= 1 && level <= 6) {
      this._title.setAttribute('role', 'heading');
      this._title.setAttribute('aria-level', String(level));
    }
    this.setAttribute('aria-label', title);
    if (w.description) {
      this._desc.textContent = w.description;
      this._desc.hidden = false;
    } else {
      this._desc.hidden = true;
    }
    const link = safeLink(w.link);
    this._link.hidden = !link;
    if (link) {
      this._link.href = link;
      this._link.textContent = 'Details';
      this._link.setAttribute('aria-label', `${title}: details`);
    }
    if (w.display) this.dataset.display = w.display;

    const state = this.state;
    this.dataset.state = state;
    this._card.classList.toggle('is-loading', this._loading && Boolean(this._result || this._error));
    this._card.setAttribute('aria-busy', String(this._loading));
    const value = this._result && !this._error ? this._result.value : null;
    if (value === null || value === undefined) this.removeAttribute('data-value');
    else this.dataset.value = String(value);

    if (this._error) {
      this.teardown();
      const message = typeof this._error === 'string' ? this._error : (this._error.message || 'Onbekende fout');
      this._body.innerHTML = `<div class="state state-error" part="error">${ICON_ERROR}<div><strong>Kon niet worden geladen</strong><p class="message">${esc(message)}</p></div></div>`;
      this._toggleOverlay();
      return;
    }
    if (!this._result) {
      this.teardown();
      this._toggleOverlay();
      this._body.innerHTML = `<div class="loading-first" part="loading"><div class="skeleton big" aria-hidden="true"></div><div class="skeleton short" aria-hidden="true"></div><span class="loading-text"><span class="spinner" aria-hidden="true"></span>Laden…</span></div>`;
      return;
    }
    if (this.isEmpty(this._result)) {
      this.teardown();
      this._body.innerHTML = `<div class="state state-empty" part="empty">${ICON_EMPTY}<span>${esc(this.emptyMessage())}</span></div>`;
      this._toggleOverlay();
      return;
    }
    const done = this.renderResult(this._body, this._result, w, id);
    const after = () => { if (!this.isStale(id)) this._toggleOverlay(); };
    if (done && typeof done.then === 'function') {
      done.then(after, (e) => {
        if (this.isStale(id)) return;
        this.teardown();
        this._body.innerHTML = `<div class="state state-error" part="error">${ICON_ERROR}<div><strong>Kon niet worden getoond</strong><p class="message">${esc(e && e.message ? e.message : e)}</p></div></div>`;
        this.dataset.state = 'error';
      });
    } else {
      after();
    }
  }

  _toggleOverlay() {
    const existing = this._card.querySelector(':scope > .overlay');
    const show = this._loading && Boolean(this._result || this._error);
    if (show && !existing) {
      const overlay = document.createElement('div');
      overlay.className = 'overlay';
      overlay.setAttribute('part', 'loading');
      overlay.innerHTML = '<span class="sr-only">Bijwerken…</span>';
      this._card.append(overlay);
    } else if (!show && existing) {
      existing.remove();
    }
  }
}
