// Why: the exact figures: buckets × groups (a row per week, a column per status), or groups only
// (taken over de termijn per processtap) with the total the API gives. The same table is the text
// alternative of every chart.
import { StuurinfoWidget } from './base.js';
import { dataTableHtml } from './chart.js';
import { seriesModel } from './series.js';
import { esc } from './format.js';

export const TABLE_STYLES = `
.body { justify-content: flex-start; }
.scroll { overflow: auto; max-height: var(--stuurinfo-table-height, 18rem); border: 1px solid var(--_border); border-radius: 4px; }
table { width: 100%; border-collapse: collapse; font-size: 0.8125rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
th, td { padding: 0.4375rem 0.625rem; border-bottom: 1px solid #edf0f3; text-align: right; white-space: nowrap; }
th:first-child { text-align: left; }
thead th { white-space: normal; vertical-align: bottom; position: sticky; top: 0; background: #f5f7f9; font-weight: 600; color: #1f2933; border-bottom: 1px solid var(--_border); }
tbody th { font-weight: 400; }
tbody tr:nth-child(even) { background: #fafbfc; }
tfoot th, tfoot td { font-weight: 700; border-top: 1px solid var(--_border); border-bottom: 0; background: #f5f7f9; }
`;

export class StuurinfoTable extends StuurinfoWidget {
  static get styles() { return TABLE_STYLES; }

  emptyMessage() {
    return 'Geen gegevens voor deze selectie.';
  }

  renderResult(body, result, widget) {
    const model = seriesModel(result, this.granularity);
    body.innerHTML = `<div class="scroll" tabindex="0" role="region" aria-label="${esc((widget && widget.title) || result.name)}">${dataTableHtml(result, widget, this.timezone, model)}</div>`;
  }
}
