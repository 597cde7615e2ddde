// Why: bars over time (instroom per week), or by group when there is no time axis (werkvoorraad per
// rol), grouped side by side or stacked (options.stacked); options.horizontal lays them down, which
// reads better for long group names.
import { ChartWidget, baseOptions, bucketAxis } from './chart.js';
import { categoryModel } from './series.js';
import { decimalsFor, formatValue, seriesColor, unitOf } from './format.js';

export class StuurinfoBar extends ChartWidget {
  emptyMessage() {
    return 'Geen gegevens in deze periode.';
  }

  chartConfig(model, result, widget) {
    const o = this.options;
    const unit = unitOf(result, widget);
    const decimals = decimalsFor(unit, widget);
    const stacked = Boolean(o.stacked);
    const horizontal = Boolean(o.horizontal);
    let labels;
    let datasets;
    if (model.buckets.length) {
      labels = bucketAxis(model, this.timezone);
      const combos = model.dims.length ? model.combos : [{ key: '', label: (widget && widget.title) || result.name, groups: [] }];
      datasets = combos.map((c) => ({ label: c.label, groups: c.groups, values: model.buckets.map((b) => model.value(b, c.key)) }));
    } else if (model.combos.length) {
      const cat = categoryModel(model);
      labels = cat.categories;
      datasets = cat.datasets.map((d) => ({ ...d, label: d.label || (widget && widget.title) || result.name }));
    } else {
      labels = [(widget && widget.title) || result.name];
      datasets = [{ label: (widget && widget.title) || result.name, groups: [], values: [result.value] }];
    }
    const single = datasets.length === 1;
    const chartDatasets = datasets.map((d, i) => {
      const color = seriesColor(d.groups, i);
      return {
        label: d.label,
        data: d.values,
        backgroundColor: color,
        borderColor: color,
        borderWidth: 0,
        borderRadius: stacked ? 0 : 2,
        maxBarThickness: single || stacked ? 40 : 28,
        categoryPercentage: 0.72,
        barPercentage: single ? 0.9 : 0.85,
        stack: stacked ? 'values' : `s${i}`,
      };
    });
    if (Number.isFinite(o.target)) {
      chartDatasets.push({
        type: 'line',
        label: `Norm: ${formatValue(o.target, unit, decimals)}`,
        data: labels.map(() => o.target),
        borderColor: '#1f2933',
        backgroundColor: '#1f2933',
        borderDash: [6, 4],
        borderWidth: 1.5,
        pointRadius: 0,
        fill: false,
        stack: 'target',
        order: -1,
      });
    }
    const options = baseOptions({ unit, decimals, model: model.buckets.length ? model : null, timezone: this.timezone, stacked, legend: chartDatasets.length > 1 });
    if (horizontal) {
      options.indexAxis = 'y';
      const { x, y } = options.scales;
      options.scales = {
        x: { ...y, grid: { color: '#edf0f3' } },
        y: { ...x, grid: { display: false } },
      };
    }
    return { type: 'bar', data: { labels, datasets: chartDatasets }, options };
  }
}
