// Why: widget display options are checked at start-up (src/dashboards/widget-options.ts) so a typo
// fails loudly instead of silently dropping a dashboard's colours. Every message is pinned here on
// a small definition, and the dashboards in the repo must pass the same check.
import { checkWidgetOptions } from '../src/dashboards/widget-options';
import { readDashboardFiles } from '../src/dashboards/load';

describe('widget options', () => {
  it('accepts the options of the docs example', () => {
    expect(checkWidgetOptions('number', { thresholds: [{ from: 0, severity: 'ok' }, { from: 900, severity: 'warning' }, { from: 1200, severity: 'critical' }] })).toEqual([]);
    expect(checkWidgetOptions('gauge', { min: 0, max: 84, unit: 'dagen', bands: [{ to: 42, severity: 'ok' }, { to: 56, severity: 'warning' }, { to: 84, severity: 'critical' }] })).toEqual([]);
    expect(checkWidgetOptions('meter', { target: 95, unit: '%', higherIsBetter: true, warningMargin: 5 })).toEqual([]);
    expect(checkWidgetOptions('bar', { stacked: true, horizontal: true, target: 56, span: 4, decimals: 1 })).toEqual([]);
  });

  it('names a misspelt option and lists what the display takes', () => {
    expect(checkWidgetOptions('number', { treshold: [] })).toEqual(['options.treshold is not an option; a number widget takes thresholds, unit, decimals, span']);
  });

  it('names an option that does not apply to the display', () => {
    expect(checkWidgetOptions('donut', { stacked: true })).toEqual(['options.stacked does not apply to a donut widget (only to area, bar); it takes unit, decimals, span']);
  });

  it('names wrong values', () => {
    expect(checkWidgetOptions('number', { thresholds: [{ from: 0, severity: 'green' }] })).toEqual([
      'options.thresholds must be a list of { "from": number, "severity": "ok" | "warning" | "critical" } in ascending order of from',
    ]);
    expect(checkWidgetOptions('gauge', { bands: [{ to: 56, severity: 'ok' }, { to: 42, severity: 'critical' }] })).toEqual([
      'options.bands must be a list of { "to": number, "severity": "ok" | "warning" | "critical" } in ascending order of to',
    ]);
    expect(checkWidgetOptions('meter', { target: '95', higherIsBetter: 'yes' })).toEqual(['options.target must be a number', 'options.higherIsBetter must be true or false']);
    expect(checkWidgetOptions('line', { span: 5, decimals: 1.5 })).toEqual(['options.span must be a whole number from 1 to 4', 'options.decimals must be a whole number from 0 to 6']);
    expect(checkWidgetOptions('gauge', { min: 10, max: 10 })).toEqual(['options.max must be greater than options.min']);
  });

  it('the dashboards in dashboards/ pass', () => {
    const dashboards = readDashboardFiles();
    expect(dashboards.length).toBeGreaterThanOrEqual(2);
    for (const d of dashboards) for (const w of d.widgets) expect([d.file, w.key, checkWidgetOptions(w.display, w.options ?? {})]).toEqual([d.file, w.key, []]);
  });
});
