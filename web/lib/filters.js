// Why: the filter bar: only the filters the dashboard's `filters` list names, filled from
// `caseTypes` (statuses, roles, steps with their terms, process attributes), in Dutch. Every change
// hands a new view to the page, which asks the API once. Plain HTML controls: a select, checkboxes
// in a disclosure (multiselect), date inputs and a list of names, all usable with the keyboard.
/* global document */
import { esc, formatDuration } from '../widgets/format.js';
import { GRANULARITIES, RELATIVE_PERIODS, TIMELINESS, cloneView } from './view.js';

/** What the dashboard's processes offer: their statuses, roles, steps and attributes, merged by key. */
export function catalogFor(dashboard, caseTypes) {
  const types = caseTypes.filter((t) => dashboard.caseTypes.includes(t.key));
  const merge = (pick) => {
    const byKey = new Map();
    for (const t of types) for (const item of pick(t) || []) if (!byKey.has(item.key)) byKey.set(item.key, item);
    return [...byKey.values()];
  };
  return {
    types,
    statuses: merge((t) => [...t.statuses].sort((a, b) => a.order - b.order)),
    roles: merge((t) => t.roles),
    steps: merge((t) => t.steps),
    attributes: merge((t) => t.attributes),
  };
}

let openHandlerInstalled = false;
function installCloseHandlers() {
  if (openHandlerInstalled) return;
  openHandlerInstalled = true;
  document.addEventListener('click', (e) => {
    for (const d of document.querySelectorAll('details.ms[open]')) if (!d.contains(e.target)) d.open = false;
  });
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    for (const d of document.querySelectorAll('details.ms[open]')) {
      d.open = false;
      d.querySelector('summary').focus();
    }
  });
}

/**
 * Fills `form` with the filter bar for `view`. `onChange(view)` gets a new view on every change;
 * `suggestAssignees()` resolves with names for the civil-servant field (asked once, on focus).
 */
export function renderFilters(form, { dashboard, catalog, view, defaults, onChange, suggestAssignees }) {
  installCloseHandlers();
  const shown = dashboard.filters;
  const current = cloneView(view);
  const emit = () => onChange(cloneView(current));
  const parts = [];

  if (shown.includes('period')) {
    const p = current.period;
    const value = p.kind === 'relative' ? p.relative : p.kind;
    const options = RELATIVE_PERIODS.map(([k, label]) => `<option value="${k}" ${value === k ? 'selected' : ''}>${esc(label)}</option>`);
    if (value === 'none' || (defaults.period === undefined)) options.unshift(`<option value="none" ${value === 'none' ? 'selected' : ''}>Alles (geen periode)</option>`);
    options.push(`<option value="custom" ${value === 'custom' ? 'selected' : ''}>Aangepaste periode…</option>`);
    parts.push(`<div class="field field-period" data-filter="period">
  <label for="f-period">Periode</label>
  <select id="f-period" name="period">${options.join('')}</select>
</div>
<div class="field field-range" data-filter="range" ${value === 'custom' ? '' : 'hidden'}>
  <span class="label" id="f-range-label">Van – tot en met</span>
  <div class="range" role="group" aria-labelledby="f-range-label">
    <input id="f-from" name="from" type="date" aria-label="Van" value="${esc(p.kind === 'custom' ? p.from : '')}">
    <span aria-hidden="true">–</span>
    <input id="f-to" name="to" type="date" aria-label="Tot en met" value="${esc(p.kind === 'custom' ? p.to : '')}">
  </div>
</div>`);
  }
  if (shown.includes('granularity')) {
    const options = GRANULARITIES.map(([k, label]) => `<option value="${k}" ${current.granularity === k ? 'selected' : ''}>${esc(label)}</option>`);
    if (!current.granularity) options.unshift('<option value="" selected>Geen</option>');
    parts.push(`<div class="field" data-filter="granularity">
  <label for="f-granularity">Tijdsindeling</label>
  <select id="f-granularity" name="granularity">${options.join('')}</select>
</div>`);
  }
  if (shown.includes('roles') && catalog.roles.length) parts.push(multiselect('roles', 'Rol', catalog.roles.map((r) => ({ key: r.key, label: r.label })), current.roles));
  if (shown.includes('assignees')) {
    parts.push(`<div class="field field-assignees" data-filter="assignees">
  <label for="f-assignee">Medewerker</label>
  <div class="chips">
    <ul class="chip-list" aria-label="Gekozen medewerkers">${current.assignees.map(chip).join('')}</ul>
    <input id="f-assignee" type="text" list="f-assignee-list" autocomplete="off" placeholder="${current.assignees.length ? 'Nog een naam' : 'Alle medewerkers'}" aria-describedby="f-assignee-hint">
    <datalist id="f-assignee-list"></datalist>
  </div>
  <span id="f-assignee-hint" class="sr-only">Typ een naam en druk op Enter om die toe te voegen.</span>
</div>`);
  }
  if (shown.includes('statuses') && catalog.statuses.length) parts.push(multiselect('statuses', 'Status', catalog.statuses.map((s) => ({ key: s.key, label: s.label })), current.statuses));
  if (shown.includes('timeliness')) {
    parts.push(`<div class="field" data-filter="timeliness">
  <label for="f-timeliness">Termijn</label>
  <select id="f-timeliness" name="timeliness">${TIMELINESS.map(([k, label]) => `<option value="${k}" ${current.timeliness === k ? 'selected' : ''}>${esc(label)}</option>`).join('')}</select>
</div>`);
  }
  if (shown.includes('steps') && catalog.steps.length) {
    parts.push(multiselect('steps', 'Processtap', catalog.steps.map((s) => ({ key: s.key, label: s.label, hint: s.term ? `termijn ${formatDuration(s.term)}` : 'geen termijn' })), current.steps,
      'Met een processtap beoordeelt het termijnfilter de taken in die stap.'));
  }
  if (shown.includes('attributes')) {
    for (const a of catalog.attributes) {
      parts.push(multiselect(`attr.${a.key}`, a.label, a.values.map((v) => ({ key: v.key, label: v.label })), current.attributes[a.key] || []));
    }
  }
  form.innerHTML = parts.join('');
  form.hidden = false;

  // ---- behaviour -------------------------------------------------------------------------------
  const period = form.querySelector('#f-period');
  if (period) {
    const range = form.querySelector('[data-filter="range"]');
    const from = form.querySelector('#f-from');
    const to = form.querySelector('#f-to');
    period.addEventListener('change', () => {
      const v = period.value;
      range.hidden = v !== 'custom';
      if (v === 'custom') {
        current.period = { kind: 'custom', from: from.value, to: to.value };
        if (!from.value && !to.value) {
          from.focus();
          return; // wait for a date
        }
      } else if (v === 'none') current.period = { kind: 'none' };
      else current.period = { kind: 'relative', relative: v };
      emit();
    });
    const onDate = () => {
      current.period = { kind: 'custom', from: from.value, to: to.value };
      emit();
    };
    from.addEventListener('change', onDate);
    to.addEventListener('change', onDate);
  }
  const simple = [['#f-granularity', 'granularity'], ['#f-timeliness', 'timeliness']];
  for (const [sel, field] of simple) {
    const el = form.querySelector(sel);
    if (el) el.addEventListener('change', () => { current[field] = el.value; emit(); });
  }
  for (const ms of form.querySelectorAll('details.ms')) {
    const field = ms.dataset.field;
    const read = () => [...ms.querySelectorAll('input[type=checkbox]:checked')].map((c) => c.value);
    const write = (values) => {
      if (field.startsWith('attr.')) current.attributes[field.slice(5)] = values;
      else current[field] = values;
      updateSummary(ms);
    };
    ms.addEventListener('change', (e) => {
      if (e.target.type !== 'checkbox') return;
      write(read());
      emit();
    });
    ms.querySelector('.ms-clear').addEventListener('click', () => {
      for (const c of ms.querySelectorAll('input[type=checkbox]')) c.checked = false;
      write([]);
      emit();
    });
  }
  const assignee = form.querySelector('#f-assignee');
  if (assignee) {
    const list = form.querySelector('.chip-list');
    const datalist = form.querySelector('#f-assignee-list');
    let suggested = false;
    const add = () => {
      const names = assignee.value.split(/[,;]/).map((s) => s.trim()).filter(Boolean).filter((n) => !current.assignees.includes(n));
      assignee.value = '';
      if (!names.length) return;
      current.assignees = [...current.assignees, ...names];
      list.innerHTML = current.assignees.map(chip).join('');
      assignee.placeholder = 'Nog een naam';
      emit();
    };
    assignee.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); add(); }
      if (e.key === 'Backspace' && !assignee.value && current.assignees.length) {
        current.assignees = current.assignees.slice(0, -1);
        list.innerHTML = current.assignees.map(chip).join('');
        emit();
      }
    });
    // Picking a suggestion from the datalist fires `input` with the whole name.
    assignee.addEventListener('input', (e) => {
      if (e.inputType === 'insertReplacementText' || (e.inputType === undefined && assignee.value)) add();
    });
    assignee.addEventListener('change', add);
    assignee.addEventListener('focus', async () => {
      if (suggested || !suggestAssignees) return;
      suggested = true;
      try {
        const names = await suggestAssignees();
        datalist.innerHTML = names.map((n) => `<option value="${esc(n)}"></option>`).join('');
      } catch {
        suggested = false;
      }
    });
    list.addEventListener('click', (e) => {
      const button = e.target.closest('button[data-name]');
      if (!button) return;
      current.assignees = current.assignees.filter((n) => n !== button.dataset.name);
      list.innerHTML = current.assignees.map(chip).join('');
      assignee.focus();
      emit();
    });
  }
  form.addEventListener('submit', (e) => e.preventDefault());
}

function chip(name) {
  return `<li class="chip"><span>${esc(name)}</span><button type="button" data-name="${esc(name)}" aria-label="${esc(`${name} verwijderen`)}">×</button></li>`;
}

function multiselect(field, label, items, selected, note = '') {
  const id = `f-${field.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  const boxes = items.map((item) => `<label class="check"><input type="checkbox" value="${esc(item.key)}" ${selected.includes(item.key) ? 'checked' : ''}><span>${esc(item.label)}${item.hint ? ` <span class="check-hint">${esc(item.hint)}</span>` : ''}</span></label>`).join('');
  const details = `<details class="ms" data-field="${esc(field)}" data-label="${esc(label)}">
    <summary class="ms-button" aria-labelledby="${id}-label ${id}-value"><span class="ms-value" id="${id}-value">${esc(summaryText(items, selected))}</span></summary>
    <div class="ms-panel" role="group" aria-labelledby="${id}-label">
      ${note ? `<p class="ms-note">${esc(note)}</p>` : ''}
      ${boxes}
      <button type="button" class="button button-link ms-clear">Alles wissen</button>
    </div>
  </details>`;
  return `<div class="field field-ms" data-filter="${esc(field)}"><span class="label" id="${id}-label">${esc(label)}</span>${details}</div>`;
}

function summaryText(items, selected) {
  if (!selected.length) return 'Alle';
  if (selected.length === 1) {
    const item = items.find((i) => i.key === selected[0]);
    return item ? item.label : selected[0];
  }
  return `${selected.length} gekozen`;
}

function updateSummary(ms) {
  const items = [...ms.querySelectorAll('input[type=checkbox]')].map((c) => ({ key: c.value, label: c.parentElement.querySelector('span').firstChild.textContent.trim() }));
  const selected = items.filter((_, i) => ms.querySelectorAll('input[type=checkbox]')[i].checked).map((i) => i.key);
  ms.querySelector('.ms-value').textContent = summaryText(items, selected);
}
