// Why: a horizontal meter for a share against a norm (tijdig besloten: 86% against a target of
// 95%): the bar shows the value on a 0–100 scale (options.min/max), a marker shows options.target,
// and the colour says whether the norm is met.
import { StuurinfoWidget } from './base.js';
import { SEVERITY, decimalsFor, esc, formatNumber, formatValue, severityFromThresholds, spokenValue, unitOf } from './format.js';

export const METER_STYLES = `
.body { justify-content: flex-end; }
.meter { display: flex; flex-direction: column; gap: 0.75rem; }
.top { display: flex; align-items: baseline; justify-content: space-between; gap: 0.75rem; flex-wrap: wrap; }
.figure { margin: 0; display: flex; align-items: baseline; gap: 0.25rem; line-height: 1; }
.value { font-size: var(--stuurinfo-figure-size, 2.75rem); font-weight: 700; letter-spacing: -0.02em; font-variant-numeric: tabular-nums; }
.unit { font-size: 1rem; font-weight: 500; color: var(--_muted); }
.bar { position: relative; height: 0.75rem; border-radius: 999px; background: #e8ecf0; margin-top: 1.25rem; }
.fill { position: absolute; left: 0; top: 0; bottom: 0; border-radius: 999px; background: var(--_accent); }
.target { position: absolute; top: -0.4rem; bottom: -0.4rem; width: 2px; margin-left: -1px; background: #1f2933; }
.target-label { position: absolute; bottom: calc(100% + 0.45rem); transform: translateX(-50%); font-size: 0.75rem; color: #1f2933; white-space: nowrap; }
.target-label.end { transform: translateX(-100%); }
.scale { display: flex; justify-content: space-between; font-size: 0.75rem; color: var(--_muted); }
`;

/**
 * Severity of a meter: options.thresholds when given (like a number); otherwise, with a target,
 * at or past the target is ok, less than 10% of the scale short is a warning, further is critical
 * (options.higherIsBetter: false turns this around).
 */
export function meterSeverity(value, o, min, max) {
  if (Array.isArray(o.thresholds)) return severityFromThresholds(value, o.thresholds);
  if (!Number.isFinite(o.target)) return null;
  const margin = Number.isFinite(o.warningMargin) ? o.warningMargin : (max - min) * 0.1;
  const short = o.higherIsBetter === false ? value - o.target : o.target - value;
  if (short <= 0) return 'ok';
  return short <= margin ? 'warning' : 'critical';
}

export class StuurinfoMeter extends StuurinfoWidget {
  static get styles() { return METER_STYLES; }

  isEmpty(result) {
    return !result || result.value === null || result.value === undefined;
  }

  emptyMessage() {
    return 'Nog niets om te meten in deze periode.';
  }

  renderResult(body, result, widget) {
    const o = this.options;
    const unit = unitOf(result, widget);
    const decimals = decimalsFor(unit, widget);
    const min = Number.isFinite(o.min) ? o.min : 0;
    const max = Number.isFinite(o.max) && o.max > min ? o.max : 100;
    const value = result.value;
    const pct = (v) => Math.min(100, Math.max(0, ((v - min) / (max - min)) * 100));
    const severity = meterSeverity(value, o, min, max);
    const sev = severity ? SEVERITY[severity] : null;
    const target = Number.isFinite(o.target) ? o.target : null;
    const title = (widget && widget.title) || result.name;
    const targetText = target !== null ? `norm ${formatValue(target, unit, decimals)}` : '';
    this._card.dataset.severity = severity || '';
    body.innerHTML = `<div class="meter">
  <div class="top" aria-hidden="true">
    <p class="figure"><span class="value ${severity && severity !== 'ok' ? `sev-${severity}` : ''}" part="value">${esc(formatNumber(value, decimals))}</span>${unit ? `<span class="unit">${esc(unit)}</span>` : ''}</p>
    ${sev ? `<span class="pill sev-${severity}" part="severity">${esc(sev.label)}</span>` : ''}
  </div>
  <div role="meter" aria-label="${esc(title)}" aria-valuemin="${min}" aria-valuemax="${max}" aria-valuenow="${Math.min(max, Math.max(min, value))}" aria-valuetext="${esc(`${spokenValue(value, unit, decimals)}${targetText ? `, ${targetText}` : ''}${sev ? `, ${sev.label.toLowerCase()}` : ''}`)}">
    <div class="bar" part="bar">
      <div class="fill" style="width: ${pct(value).toFixed(2)}%; background: ${sev ? sev.fill : 'var(--_accent)'}"></div>
      ${target !== null ? `<div class="target" style="left: ${pct(target).toFixed(2)}%" part="target"><span class="target-label ${pct(target) > 85 ? 'end' : ''}" aria-hidden="true">${esc(targetText)}</span></div>` : ''}
    </div>
  </div>
  <div class="scale" aria-hidden="true"><span>${esc(formatValue(min, unit, decimals))}</span><span>${esc(formatValue(max, unit, decimals))}</span></div>
</div>`;
  }
}
