// Why: the bench prints a verdict per target (bench/report.ts). A ratio is shown rounded to two
// decimals, but the verdict must come from the ratio itself: 649.37 / 1288.82 = 0.5039 is not
// "≤ 0.5", although it prints as 0.5. Hand-picked distributions on both sides of each bound.
import { computeRatios, distribution } from '../bench/report';
import type { Report, ScenarioResult } from '../bench/run';

const d = (p50: number) => ({ ...distribution([p50]) });
const scenario = (key: string, kind: string, e2e: number, sql: number | null = null): ScenarioResult =>
  ({ key, label: key, kind, statements: 1, e2e: d(e2e), sql: sql === null ? null : d(sql), history: null });

function ratios(scenarios: ScenarioResult[]) {
  const report = {
    scenarios, args: { months: 36 }, load: null, embedded: null,
    datasets: { main: { cases: 1000, reused: false, build: { copyEventsPerSecond: null, copyError: 'not run' } } },
  } as unknown as Report;
  return new Map(computeRatios(report, { big: null, small: null, bigFile: null, smallFile: null }).map((r) => [r.key, r]));
}

describe('bench verdicts', () => {
  it('judge the unrounded ratio: 0.5039 is not ≤ 0.5 although it prints as 0.5', () => {
    const r = ratios([scenario('dashboard.first', 'dashboard', 649.37), scenario('dashboard.widgetsOneByOne', 'widgets', 1288.82)]);
    expect(r.get('dashboard.batching')).toMatchObject({ measured: 0.5, met: false });
    const ok = ratios([scenario('dashboard.first', 'dashboard', 644.41), scenario('dashboard.widgetsOneByOne', 'widgets', 1288.82)]);
    expect(ok.get('dashboard.batching')).toMatchObject({ measured: 0.5, met: true });
  });

  it('a repeat 19.996× faster is not ≥ 20×; the overhead of 1.2004× is not ≤ 1.2', () => {
    const r = ratios([
      scenario('dashboard.first', 'dashboard', 99.98), scenario('dashboard.repeat', 'dashboardRepeat', 5),
      scenario('snapshot.openCases', 'kpi', 12.005, 10),
    ]);
    expect(r.get('dashboard.repeat')).toMatchObject({ measured: 20, met: false });
    expect(r.get('overhead.snapshot.openCases')).toMatchObject({ measured: 1.2, met: false });
  });
});
