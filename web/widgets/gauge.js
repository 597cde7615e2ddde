// Why: a half-circle gauge for a figure with a natural range (mean lead time against the legal
// term): options.min/max give the scale, options.bands colour its parts ([{ to, severity }]), and
// the value's own band gives the severity, in colour and in words. Plain SVG: crisp, no chart lib.
import { StuurinfoWidget } from './base.js';
import { SEVERITY, decimalsFor, esc, formatNumber, formatValue, severityFromBands, severityFromThresholds, spokenValue, unitOf } from './format.js';

export const GAUGE_STYLES = `
.body { justify-content: flex-end; }
.gauge { display: flex; flex-direction: column; align-items: center; gap: 0.5rem; }
.gauge .dial { width: 100%; display: flex; justify-content: center; }
.gauge svg { width: 100%; max-width: 13rem; height: auto; overflow: visible; }
.gauge .track { stroke: #e8ecf0; }
.gauge .v { font-size: 30px; font-weight: 700; fill: currentColor; font-variant-numeric: tabular-nums; }
.gauge .u { font-size: 12px; fill: var(--_muted); }
.gauge .scale { font-size: 11px; fill: var(--_muted); }
`;

const CX = 100;
const CY = 100;
const R = 78;

function point(fraction, r) {
  const a = Math.PI * (1 - fraction);
  return [CX + r * Math.cos(a), CY - r * Math.sin(a)];
}

function arc(from, to, r) {
  const [x0, y0] = point(from, r);
  const [x1, y1] = point(to, r);
  return `M ${x0.toFixed(2)} ${y0.toFixed(2)} A ${r} ${r} 0 0 1 ${x1.toFixed(2)} ${y1.toFixed(2)}`;
}

export class StuurinfoGauge extends StuurinfoWidget {
  static get styles() { return GAUGE_STYLES; }

  isEmpty(result) {
    return !result || result.value === null || result.value === undefined;
  }

  renderResult(body, result, widget) {
    const o = this.options;
    const unit = unitOf(result, widget);
    const decimals = decimalsFor(unit, widget);
    const bands = Array.isArray(o.bands) ? [...o.bands].sort((a, b) => a.to - b.to) : [];
    const min = Number.isFinite(o.min) ? o.min : 0;
    const defaultMax = bands.length ? bands[bands.length - 1].to : (unit === '%' ? 100 : Math.max(1, Math.ceil(result.value * 1.5)));
    const max = Number.isFinite(o.max) && o.max > min ? o.max : Math.max(defaultMax, min + 1);
    const value = result.value;
    const frac = (v) => Math.min(1, Math.max(0, (v - min) / (max - min)));
    const severity = severityFromBands(value, bands) || severityFromThresholds(value, o.thresholds);
    const sev = severity ? SEVERITY[severity] : null;
    const color = sev ? sev.fill : 'var(--_accent)';

    let previous = min;
    const bandArcs = bands.map((b) => {
      const from = frac(previous);
      const to = frac(b.to);
      previous = b.to;
      if (to <= from || !SEVERITY[b.severity]) return '';
      return `<path d="${arc(from, to, R + 13)}" stroke="${SEVERITY[b.severity].fill}" stroke-width="4" fill="none" opacity="0.55"/>`;
    }).join('');
    const f = frac(value);
    const valueArc = f > 0.001 ? `<path d="${arc(0, f, R)}" stroke="${color}" stroke-width="16" fill="none" stroke-linecap="butt"/>` : '';
    const [nx, ny] = point(f, R + 13);
    const [ix, iy] = point(f, R - 11);
    const title = (widget && widget.title) || result.name;
    const shownUnit = unit === 'dagen' && formatNumber(value, decimals) === '1' ? 'dag' : unit;
    this._card.dataset.severity = severity || '';
    body.innerHTML = `<div class="gauge">
  <div role="meter" aria-label="${esc(title)}" aria-valuemin="${min}" aria-valuemax="${max}" aria-valuenow="${Math.min(max, Math.max(min, value))}" aria-valuetext="${esc(`${spokenValue(value, unit, decimals)}${sev ? `, ${sev.label.toLowerCase()}` : ''}`)}" class="dial">
    <svg viewBox="0 0 200 122" aria-hidden="true" focusable="false">
      <path class="track" d="${arc(0, 1, R)}" stroke-width="16" fill="none"/>
      ${bandArcs}
      ${valueArc}
      <line x1="${ix.toFixed(2)}" y1="${iy.toFixed(2)}" x2="${nx.toFixed(2)}" y2="${ny.toFixed(2)}" stroke="#1f2933" stroke-width="2" stroke-linecap="round"/>
      <text class="v ${severity && severity !== 'ok' ? `sev-${severity}` : ''}" x="${CX}" y="${CY - 8}" text-anchor="middle" part="value">${esc(formatNumber(value, decimals))}</text>
      <text class="u" x="${CX}" y="${CY + 10}" text-anchor="middle">${esc(shownUnit === '%' ? 'procent' : shownUnit)}</text>
      <text class="scale" x="${CX - R}" y="${CY + 22}" text-anchor="middle">${esc(formatNumber(min, decimals))}</text>
      <text class="scale" x="${CX + R}" y="${CY + 22}" text-anchor="middle">${esc(formatNumber(max, decimals))}</text>
    </svg>
  </div>
  ${sev ? `<span class="pill sev-${severity}" aria-hidden="true" part="severity">${esc(sev.label)}</span>` : ''}
  <span class="sr-only">${esc(`Schaal ${formatValue(min, unit, decimals)} tot ${formatValue(max, unit, decimals)}.`)}</span>
</div>`;
  }
}
