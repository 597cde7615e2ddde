// Why: the worked example of docs/widgets.md, "a new display type": a trend card shows the last
// bucket's value, the change against the bucket before and a sparkline of the whole series. It is
// a series display (it needs buckets, so it follows the viewer's granularity).
import { StuurinfoWidget } from '../widgets/base.js';
import { seriesModel } from '../widgets/series.js';
import { bucketTitle, decimalsFor, esc, formatNumber, formatValue, spokenValue, unitOf } from '../widgets/format.js';

export class StuurinfoTrend extends StuurinfoWidget {
  static get styles() {
    return `
.trend { display: flex; flex-direction: column; gap: 0.5rem; }
.value { font-size: 2.5rem; font-weight: 700; line-height: 1; font-variant-numeric: tabular-nums; }
.delta { font-size: 0.875rem; color: var(--_muted); }
svg { width: 100%; height: 3rem; }
polyline { fill: none; stroke: var(--_accent); stroke-width: 1.5; }`;
  }

  /** Nothing to compare without at least two buckets. */
  isEmpty(result) {
    return !result || seriesModel(result).buckets.length < 2;
  }

  emptyMessage() {
    return 'Kies een tijdsindeling om een trend te zien.';
  }

  renderResult(body, result, widget) {
    const model = seriesModel(result, this.granularity);
    const combo = model.combos[0] ? model.combos[0].key : '';
    const values = model.buckets.map((b) => model.value(b, combo));
    const last = values[values.length - 1];
    const previous = values[values.length - 2];
    const unit = unitOf(result, widget);
    const decimals = decimalsFor(unit, widget);
    const delta = last !== null && previous !== null ? last - previous : null;
    const since = bucketTitle(model.buckets[model.buckets.length - 2], model.granularity, this.timezone);
    const deltaText = delta === null ? '' : `${delta >= 0 ? '+' : ''}${formatValue(delta, unit, decimals)} t.o.v. ${since}`;
    const max = Math.max(1, ...values.filter((v) => v !== null));
    const points = values.map((v, i) => `${((i / (values.length - 1)) * 100).toFixed(2)},${(30 - ((v || 0) / max) * 28).toFixed(2)}`).join(' ');
    const title = (widget && widget.title) || result.name;
    body.innerHTML = `<div class="trend">
  <span class="value" part="value" aria-hidden="true">${esc(formatNumber(last, decimals))}</span>
  <span class="delta" aria-hidden="true">${esc(deltaText)}</span>
  <svg viewBox="0 0 100 32" preserveAspectRatio="none" aria-hidden="true" focusable="false"><polyline points="${points}" vector-effect="non-scaling-stroke"/></svg>
  <span class="sr-only">${esc(`${title}: ${spokenValue(last, unit, decimals)}${deltaText ? `, ${deltaText}` : ''}.`)}</span>
</div>`;
  }
}
