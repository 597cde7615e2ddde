// Why: the big figure of a steering dashboard (werkvoorraad, over de termijn): one number, its
// unit, and a severity from options.thresholds shown in colour AND in words (never colour only).
import { StuurinfoWidget } from './base.js';
import { SEVERITY, decimalsFor, esc, formatNumber, formatValue, severityFromThresholds, spokenValue, unitOf } from './format.js';

export const NUMBER_STYLES = `
.body { justify-content: flex-end; }
.number { display: flex; flex-direction: column; gap: 0.625rem; }
.figure { margin: 0; display: flex; align-items: baseline; gap: 0.375rem; line-height: 1; }
.value { font-size: var(--stuurinfo-figure-size, 2.75rem); font-weight: 700; letter-spacing: -0.02em; font-variant-numeric: tabular-nums; }
.unit { font-size: 1rem; font-weight: 500; color: var(--_muted); }
.meta { display: flex; flex-direction: column; align-items: flex-start; gap: 0.375rem; min-height: 3rem; }
.rule { font-size: 0.75rem; color: var(--_muted); }
`;

/** "let op vanaf 900 · kritiek vanaf 1.200": what the colours mean, from options.thresholds. */
export function thresholdText(thresholds, unit, decimals) {
  if (!Array.isArray(thresholds)) return '';
  return [...thresholds]
    .sort((a, b) => a.from - b.from)
    .filter((t) => t.severity !== 'ok' && SEVERITY[t.severity])
    .map((t) => `${SEVERITY[t.severity].label.toLowerCase()} vanaf ${formatValue(t.from, unit, decimals)}`)
    .join(' · ');
}

export class StuurinfoNumber extends StuurinfoWidget {
  static get styles() { return NUMBER_STYLES; }

  isEmpty(result) {
    return !result || result.value === null || result.value === undefined;
  }

  emptyMessage() {
    return 'Geen gegevens voor deze selectie.';
  }

  renderResult(body, result, widget) {
    const unit = unitOf(result, widget);
    const decimals = decimalsFor(unit, widget);
    const severity = severityFromThresholds(result.value, this.options.thresholds);
    const sev = severity ? SEVERITY[severity] : null;
    const title = (widget && widget.title) || result.name;
    const unitHtml = unit === '%' ? '<span class="unit">%</span>' : unit ? `<span class="unit">${esc(unit === 'dagen' && formatNumber(result.value, decimals) === '1' ? 'dag' : unit)}</span>` : '';
    const rule = thresholdText(this.options.thresholds, unit, decimals);
    this._card.dataset.severity = severity || '';
    body.innerHTML = `<div class="number">
  <p class="figure" aria-hidden="true"><span class="value ${severity && severity !== 'ok' ? `sev-${severity}` : ''}" part="value">${esc(formatNumber(result.value, decimals))}</span>${unitHtml}</p>
  <div class="meta" aria-hidden="true">${sev ? `<span class="pill sev-${severity}" part="severity">${esc(sev.label)}</span>` : ''}${rule ? `<span class="rule">${esc(rule)}</span>` : ''}</div>
  <p class="sr-only">${esc(`${title}: ${spokenValue(result.value, unit, decimals)}${sev ? `, ${sev.label.toLowerCase()}` : ''}.`)}</p>
</div>`;
  }
}
