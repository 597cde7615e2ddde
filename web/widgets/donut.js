// Why: the parts of a whole (werkvoorraad per status, aanvragen per kanaal): a donut with the total
// in the middle and a legend that lists every part with its number and share, so the figures are
// readable without hovering (and by screen readers).
/* global document */
import { ChartWidget } from './chart.js';
import { LOCALE, decimalsFor, esc, formatNumber, formatValue, seriesColor, unitOf } from './format.js';

export const DONUT_STYLES = `
.card { container-type: inline-size; }
.body { justify-content: center; }
.donut { display: grid; grid-template-columns: minmax(7rem, 9.5rem) 1fr; gap: 1.25rem; align-items: center; }
.donut .chart { flex: none; min-height: 0; height: auto; aspect-ratio: 1; }
.center { position: absolute; inset: 0; display: flex; flex-direction: column; align-items: center; justify-content: center; pointer-events: none; }
.center .total { font-size: 1.5rem; font-weight: 700; font-variant-numeric: tabular-nums; line-height: 1.1; }
.center .total-label { font-size: 0.75rem; color: var(--_muted); }
.legend { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 0.375rem; font-size: 0.8125rem; min-width: 0; }
.legend li { display: grid; grid-template-columns: 0.75rem 1fr auto auto; gap: 0.5rem; align-items: center; }
.legend .sw { width: 0.75rem; height: 0.75rem; border-radius: 2px; }
.legend .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.legend .num { font-weight: 600; font-variant-numeric: tabular-nums; text-align: right; }
.legend .share { color: var(--_muted); font-variant-numeric: tabular-nums; text-align: right; min-width: 2.75rem; }
@container (max-width: 24rem) {
  .donut { grid-template-columns: 1fr; gap: 0.875rem; }
  .donut .chart { width: 100%; max-width: 9.5rem; justify-self: center; }
}
`;

/** The parts: the groups of the points without bucket, or of the last bucket when given a series. */
export function donutParts(model) {
  const bucket = model.buckets.length ? model.buckets[model.buckets.length - 1] : null;
  return model.combos.map((c, i) => ({ label: c.label, groups: c.groups, value: model.value(bucket, c.key), color: seriesColor(c.groups, i) }));
}

export class StuurinfoDonut extends ChartWidget {
  static get extraStyles() { return DONUT_STYLES; }

  emptyMessage() {
    return 'Geen gegevens voor deze selectie.';
  }

  isEmpty(result) {
    if (!result || !Array.isArray(result.points) || result.points.length === 0) return true;
    return result.points.every((p) => !p.value);
  }

  async renderResult(body, result, widget, id) {
    await super.renderResult(body, result, widget, id);
    if (this.isStale(id)) return;
    // Put the chart and its legend side by side, with the total in the middle of the ring.
    const chart = body.querySelector('.chart');
    const legend = body.querySelector('.legend');
    const wrap = document.createElement('div');
    wrap.className = 'donut';
    chart.before(wrap);
    wrap.append(chart, legend);
    chart.insertAdjacentHTML('beforeend', this._centerHtml);
  }

  afterChart(model, result, widget) {
    const unit = unitOf(result, widget);
    const decimals = decimalsFor(unit, widget);
    const parts = donutParts(model);
    const sum = parts.reduce((s, p) => s + (p.value || 0), 0);
    const total = result.unit === 'count' ? sum : result.value;
    const pct = new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 0 });
    this._centerHtml = `<div class="center" aria-hidden="true"><span class="total" part="value">${esc(formatNumber(total, decimals))}</span><span class="total-label">${result.unit === 'count' ? 'totaal' : esc(unit)}</span></div>`;
    const items = parts.map((p) => `<li><span class="sw" style="background:${p.color}" aria-hidden="true"></span><span class="name" title="${esc(p.label)}">${esc(p.label)}</span><span class="num">${esc(formatValue(p.value, unit === '' ? '' : unit, decimals))}</span><span class="share">${sum > 0 && result.unit === 'count' ? esc(pct.format((p.value || 0) / sum)) : ''}</span></li>`).join('');
    return `<ul class="legend" aria-hidden="true" part="legend">${items}</ul>`;
  }

  chartConfig(model) {
    const parts = donutParts(model);
    return {
      type: 'doughnut',
      data: {
        labels: parts.map((p) => p.label),
        datasets: [{ data: parts.map((p) => p.value || 0), backgroundColor: parts.map((p) => p.color), borderColor: '#ffffff', borderWidth: 2, hoverOffset: 4 }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale: LOCALE,
        cutout: '68%',
        plugins: {
          legend: { display: false },
          tooltip: {
            backgroundColor: '#1f2933',
            padding: 10,
            cornerRadius: 4,
            callbacks: { label: (ctx) => `${ctx.label}: ${formatNumber(ctx.parsed, 1)}` },
          },
        },
      },
    };
  }
}
