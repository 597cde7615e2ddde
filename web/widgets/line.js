// Why: a KPI over time: one line per group combination (e.g. binnen / over de termijn), as lines or
// as (stacked) areas, with an optional target line (options.target) such as the legal term.
import { ChartWidget, baseOptions, bucketAxis } from './chart.js';
import { categoryModel } from './series.js';
import { decimalsFor, formatValue, seriesColor, unitOf, withAlpha } from './format.js';

export class StuurinfoLine extends ChartWidget {
  /** "line" or "area": the widget's display, or the `display` attribute. */
  get mode() {
    const display = (this.widget && this.widget.display) || this.getAttribute('display');
    return display === 'area' ? 'area' : 'line';
  }

  emptyMessage() {
    return 'Geen gegevens in deze periode.';
  }

  chartConfig(model, result, widget) {
    const o = this.options;
    const unit = unitOf(result, widget);
    const decimals = decimalsFor(unit, widget);
    const area = this.mode === 'area';
    const stacked = area && Boolean(o.stacked);
    let labels;
    let datasets;
    if (model.buckets.length) {
      labels = bucketAxis(model, this.timezone);
      const combos = model.dims.length ? model.combos : [{ key: '', label: (widget && widget.title) || result.name, groups: [] }];
      datasets = combos.map((c, i) => ({ label: c.label, groups: c.groups, values: model.buckets.map((b) => model.value(b, c.key)) , i }));
    } else {
      // No granularity: the groups along the axis.
      const cat = categoryModel(model);
      labels = cat.categories;
      datasets = cat.datasets.map((d, i) => ({ ...d, label: d.label || (widget && widget.title) || result.name, i }));
    }
    const chartDatasets = datasets.map((d) => {
      const color = seriesColor(d.groups, d.i);
      return {
        label: d.label,
        data: d.values,
        borderColor: color,
        backgroundColor: area ? withAlpha(color, stacked ? 0.28 : 0.14) : color,
        fill: area ? (stacked ? (d.i === 0 ? 'origin' : '-1') : 'origin') : false,
        borderWidth: 2,
        pointRadius: area || labels.length > 40 ? 0 : 2.5,
        pointHoverRadius: 4,
        tension: 0.25,
        spanGaps: false,
        stack: 'values',
      };
    });
    if (Number.isFinite(o.target)) {
      chartDatasets.push({
        label: `Norm: ${formatValue(o.target, unit, decimals)}`,
        data: labels.map(() => o.target),
        borderColor: '#1f2933',
        backgroundColor: '#1f2933',
        borderDash: [6, 4],
        borderWidth: 1.5,
        pointRadius: 0,
        pointHoverRadius: 0,
        fill: false,
        stack: 'target',
        order: -1,
      });
    }
    const options = baseOptions({ unit, decimals, model, timezone: this.timezone, stacked, legend: chartDatasets.length > 1 });
    if (unit === '%' && !stacked) options.scales.y.suggestedMax = 100;
    return { type: 'line', data: { labels, datasets: chartDatasets }, options };
  }
}
