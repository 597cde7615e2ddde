// Why: the numbers a reader needs, in one place: percentiles of every scenario, and every target
// of issue 6 as "measured / target / MET or NOT MET", printed as a table and kept in the JSON.
// Targets that need two runs (1M vs 100k cases) are combined from earlier result files.
import fs from 'node:fs';
import path from 'node:path';
import type { Report } from './run';

export interface Distribution { n: number; p50: number; p95: number; min: number; max: number; mean: number }

/** Percentiles with linear interpolation between the nearest ranks; NaN samples (failures) are left out. */
export function distribution(values: number[]): Distribution {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const q = (p: number) => {
    if (v.length === 0) return NaN;
    const i = p * (v.length - 1);
    const lo = Math.floor(i);
    const hi = Math.ceil(i);
    return v[lo] + (v[hi] - v[lo]) * (i - lo);
  };
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: v.length, p50: r(q(0.5)), p95: r(q(0.95)), min: r(v[0] ?? NaN), max: r(v[v.length - 1] ?? NaN), mean: r(v.reduce((s, x) => s + x, 0) / (v.length || 1)) };
}

export interface Ratio {
  key: string;
  label: string;
  /** null: could not be measured in this run (see detail). */
  measured: number | null;
  unit: string;
  target: string;
  met: boolean | null;
  detail: string;
}

interface Combined { big: Report | null; small: Report | null; bigFile: string | null; smallFile: string | null }

const MILLION = 1_000_000;
const HUNDRED_K = 100_000;

/** The latest full (non-smoke) runs of 1,000,000 and 100,000 cases over the same months, this one included. */
export function combineAcrossRuns(current: Report, dir: string, currentFile: string): Combined {
  const runs: { r: Report; file: string }[] = [{ r: current, file: currentFile }];
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const file = path.join(dir, f);
    if (!f.endsWith('.json') || path.resolve(file) === path.resolve(currentFile)) continue;
    try {
      const r = JSON.parse(fs.readFileSync(file, 'utf8')) as Report;
      if (r.version === 1 && !r.args?.smoke && r.args?.months === current.args.months && Array.isArray(r.scenarios)) runs.push({ r, file });
    } catch {
      // not a result file
    }
  }
  const latest = (cases: number) => runs.filter((x) => x.r.args.cases === cases && (x.r === current || !current.args.smoke)).sort((a, b) => (a.r === current ? -1 : b.r === current ? 1 : b.r.finishedAt.localeCompare(a.r.finishedAt)))[0];
  const big = latest(MILLION);
  const small = latest(HUNDRED_K);
  return { big: big?.r ?? null, small: small?.r ?? null, bigFile: big ? path.basename(big.file) : null, smallFile: small ? path.basename(small.file) : null };
}

const r2 = (x: number) => Math.round(x * 100) / 100;
const QUERY_KINDS = ['kpi', 'cases', 'dashboard'];

export function computeRatios(report: Report, combined: Combined): Ratio[] {
  const out: Ratio[] = [];
  const byKey = new Map(report.scenarios.map((s) => [s.key, s]));
  const group = (key: string, label: string, lines: Ratio[], target: string, unit: string, worst: 'max' | 'min', none: string) => {
    const measured = lines.filter((l) => l.measured !== null);
    out.push({
      key, label, unit, target,
      measured: measured.length ? (worst === 'max' ? Math.max(...measured.map((l) => l.measured!)) : Math.min(...measured.map((l) => l.measured!))) : null,
      met: measured.length ? measured.every((l) => l.met) && measured.length === lines.length : null,
      detail: measured.length ? `worst of ${lines.length}; ${lines.filter((l) => l.met === false).length} not met` : none,
    });
    out.push(...lines);
  };

  // GraphQL overhead: end-to-end p50 over the p50 of the same SQL through pg, where SQL > 5 ms.
  const overhead: Ratio[] = [];
  for (const s of report.scenarios) {
    if (!QUERY_KINDS.includes(s.kind) || !s.sql || !(s.sql.p50 > 5)) continue;
    const raw = s.e2e.p50 / s.sql.p50;
    const v = r2(raw);
    const floor = s.floor ? `; floor ${r2(s.floor.p50 / s.sql.p50)}× (${s.floor.p50} ms: bare node:http + pg)` : '';
    overhead.push({ key: `overhead.${s.key}`, label: `  ${s.key}`, measured: v, unit: '×', target: '≤ 1.2', met: raw <= 1.2, detail: `${s.e2e.p50} ms over HTTP vs ${s.sql.p50} ms SQL (${s.statements} statement${s.statements === 1 ? '' : 's'})${floor}` });
  }
  group('overhead', 'GraphQL overhead: e2e p50 / same SQL via pg (SQL > 5 ms)', overhead, '≤ 1.2', '×', 'max', 'no scenario\'s SQL takes over 5 ms');

  // Cost grows with the window, not the history.
  const history: Ratio[] = [];
  let sumA = 0;
  let sumB = 0;
  for (const s of report.scenarios) {
    if (!s.history) continue;
    const raw = s.e2e.p50 / s.history.e2e.p50;
    const v = r2(raw);
    sumA += s.e2e.p50;
    sumB += s.history.e2e.p50;
    const sqlRatio = s.sql && s.history.sql ? ` (SQL alone ${r2(s.sql.p50 / s.history.sql.p50)}×)` : '';
    history.push({ key: `history.${s.key}`, label: `  ${s.key}`, measured: v, unit: '×', target: '≤ 1.3', met: raw <= 1.3, detail: `${s.e2e.p50} ms on ${report.args.months} months vs ${s.history.e2e.p50} ms on ${report.args.months / 2}${sqlRatio}` });
  }
  group('history', `52-week series: ${report.args.months} vs ${report.args.months / 2} months of history (same rate)`, history, '≤ 1.3', '×', 'max', 'no history runs');
  if (history.length) out.push({ key: 'history.sum', label: '  sum of the four', measured: r2(sumA / sumB), unit: '×', target: '≤ 1.3', met: sumA / sumB <= 1.3, detail: `${r2(sumA)} ms vs ${r2(sumB)} ms` });

  // 1,000,000 vs 100,000 cases (two runs).
  const scale: Ratio[] = [];
  if (combined.big && combined.small) {
    const small = new Map(combined.small.scenarios.map((s) => [s.key, s]));
    let sb = 0;
    let ss = 0;
    for (const s of combined.big.scenarios) {
      const t = small.get(s.key);
      if (!t || !QUERY_KINDS.includes(s.kind)) continue;
      const raw = s.e2e.p50 / t.e2e.p50;
    const v = r2(raw);
      sb += s.e2e.p50;
      ss += t.e2e.p50;
      scale.push({ key: `scale.${s.key}`, label: `  ${s.key}`, measured: v, unit: '×', target: '≤ 11', met: raw <= 11, detail: `${s.e2e.p50} ms vs ${t.e2e.p50} ms` });
    }
    group('scale', '1,000,000 vs 100,000 cases (two runs)', scale, '≤ 11', '×', 'max', '');
    out.push({ key: 'scale.sum', label: '  sum of the query scenarios', measured: r2(sb / ss), unit: '×', target: '≤ 11', met: sb / ss <= 11, detail: `${combined.bigFile} vs ${combined.smallFile} (different runs: not side by side)` });
  } else {
    out.push({ key: 'scale', label: '1,000,000 vs 100,000 cases (two runs)', measured: null, unit: '×', target: '≤ 11', met: null, detail: `needs a full run of each in bench/results/ (have: ${combined.bigFile ?? 'no 1M run'}, ${combined.smallFile ?? 'no 100k run'})` });
  }

  // No per-bucket rescans: a 52-week series vs one snapshot at its end.
  const series: Ratio[] = [];
  for (const s of report.scenarios) {
    if (!s.key.startsWith('snapshot.')) continue;
    const w = byKey.get(s.key.replace('snapshot.', 'week52.'));
    if (!w) continue;
    const raw = w.e2e.p50 / s.e2e.p50;
    const v = r2(raw);
    series.push({ key: `series.${s.key.slice(9)}`, label: `  ${s.key.slice(9)}`, measured: v, unit: '×', target: '≤ 2', met: raw <= 2, detail: `${w.e2e.p50} ms for 52 weeks vs ${s.e2e.p50} ms for one snapshot (SQL ${w.sql && s.sql ? r2(w.sql.p50 / s.sql.p50) : '?'}×)` });
  }
  group('series', '52-week series / one snapshot at its end', series, '≤ 2', '×', 'max', 'not measured');

  const first = byKey.get('dashboard.first');
  const repeat = byKey.get('dashboard.repeat');
  const widgets = byKey.get('dashboard.widgetsOneByOne');
  if (first && widgets) {
    const raw = first.e2e.p50 / widgets.e2e.p50;
    const v = r2(raw);
    out.push({ key: 'dashboard.batching', label: 'dashboard in one request / its widgets one at a time', measured: v, unit: '×', target: '≤ 0.5', met: raw <= 0.5, detail: `${first.e2e.p50} ms in one request (${first.statements} statements) vs ${widgets.e2e.p50} ms for its widgets one at a time` });
  }
  if (first && repeat) {
    const raw = first.e2e.p50 / repeat.e2e.p50;
    const v = r2(raw);
    out.push({ key: 'dashboard.repeat', label: 'repeated dashboard: first / again (no new events)', measured: v, unit: '× faster', target: '≥ 20', met: raw >= 20, detail: `${first.e2e.p50} ms first vs ${repeat.e2e.p50} ms again` });
  }

  // Import vs plain COPY, same events, same run.
  const b = report.datasets.main.build;
  if (b.copyEventsPerSecond) {
    const v = b.importEventsPerSecond / b.copyEventsPerSecond;
    out.push({
      key: 'import.copy', label: 'import throughput / plain COPY (no indexes)', measured: Math.round(v * 1000) / 1000, unit: '', target: '≥ 0.125 (1/8)', met: v >= 0.125,
      detail: `1/${(1 / v).toFixed(1)}: ${Math.round(b.importEventsPerSecond).toLocaleString('en')} vs ${Math.round(b.copyEventsPerSecond).toLocaleString('en')} events/s over ${b.events.toLocaleString('en')} events${report.datasets.main.reused ? ` (built ${b.builtAt}, reused)` : ''}`,
    });
  } else {
    out.push({ key: 'import.copy', label: 'import throughput / plain COPY (no indexes)', measured: null, unit: '', target: '≥ 0.125 (1/8)', met: null, detail: `COPY failed: ${b.copyError}` });
  }

  // Flat memory: peak RSS of importing 1M vs 100k cases.
  const rssOf = (r: Report | null) => r?.datasets.main.build.importPeakRssKb ?? null;
  const bigRss = rssOf(combined.big);
  const smallRss = rssOf(combined.small);
  if (bigRss !== null && smallRss !== null) {
    const v = Math.round((bigRss - smallRss) / 102.4) / 10;
    out.push({ key: 'import.rss', label: 'import peak RSS: 1,000,000 − 100,000 cases', measured: v, unit: 'MB', target: '< 100 MB', met: Math.abs(v) < 100, detail: `${Math.round(bigRss / 1024)} MB vs ${Math.round(smallRss / 1024)} MB (VmHWM of the import process)` });
  } else {
    out.push({ key: 'import.rss', label: 'import peak RSS: 1,000,000 − 100,000 cases', measured: null, unit: 'MB', target: '< 100 MB', met: null, detail: `this run: ${b.importPeakRssKb ? Math.round(b.importPeakRssKb / 1024) : '?'} MB for ${report.datasets.main.cases.toLocaleString('en')} cases; needs full runs of both` });
  }

  if (report.load) {
    const v = report.load.maxRssMb as number | null;
    out.push({ key: 'load.rss', label: `server RSS under ${report.load.seconds} s of dashboard load`, measured: v, unit: 'MB', target: '< 300 MB', met: v === null ? null : v < 300, detail: `${report.load.requests} requests over ${report.load.variants ?? 1} viewer filter combinations, ${Math.round(Number(report.load.requestsPerSecond) * 10) / 10} req/s, p50 ${report.load.latencyP50Ms} ms; VmHWM ${report.load.vmHwmMb} MB` });
  }
  if (report.embedded) {
    const e = report.embedded;
    out.push({ key: 'embedded.first', label: 'embedded first start (empty DATA_DIR, demo data)', measured: e.firstSeconds, unit: 's', target: '≤ 30 s', met: e.firstSeconds === null ? null : e.firstSeconds <= 30, detail: e.error ?? (e.demoLine ?? '') + (e.compileSeconds ? `; npm start compiled first (${e.compileSeconds} s, untimed)` : '') });
    out.push({ key: 'embedded.later', label: 'embedded later start', measured: e.laterSeconds, unit: 's', target: '≤ 5 s', met: e.laterSeconds === null ? null : e.laterSeconds <= 5, detail: e.error ? 'see above' : '' });
  }
  return out;
}

const ms = (x: number | undefined | null) => (x === undefined || x === null || !Number.isFinite(x) ? '-' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const verdict = (r: Ratio) => (r.met === null ? 'n/a' : r.met ? 'MET' : 'NOT MET');

export function formatReport(report: Report): string {
  const lines: string[] = [];
  const m = report.machine;
  const A = report.datasets.main;
  const B = report.datasets.history;
  lines.push('');
  lines.push(`stuurinfo bench ${report.startedAt} — ${report.command}`);
  lines.push(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, node ${m.node}; load average (1 min) start ${report.loadAverage.atStart}, mean ${report.loadAverage.mean}, max ${report.loadAverage.max}`);
  lines.push(`postgres: ${report.postgres.version?.split(' on ')[0]}, shared_buffers ${report.postgres.shared_buffers}, work_mem ${report.postgres.work_mem}, jit ${report.postgres.jit}`);
  lines.push(`now: ${report.benchNow}; total ${report.totalSeconds.toFixed(0)} s`);
  for (const d of [A, B]) {
    const b = d.build;
    lines.push(`dataset ${d.name}: ${d.cases.toLocaleString('en')} cases / ${d.months} months, ${b.events.toLocaleString('en')} events, ${(b.databaseBytes / 2 ** 20).toFixed(0)} MB${d.reused ? ` (reused, built ${b.builtAt})` : ''}; ` +
      `import ${b.importSeconds.toFixed(1)} s (${Math.round(b.importEventsPerSecond).toLocaleString('en')} ev/s, peak RSS ${b.importPeakRssKb ? Math.round(b.importPeakRssKb / 1024) : '?'} MB), COPY ${b.copySeconds !== null ? `${b.copySeconds.toFixed(1)} s` : 'failed'}`);
  }
  lines.push('');
  const head = `${pad('scenario', 34)} ${lpad('p50 ms', 9)} ${lpad('p95 ms', 9)} ${lpad('SQL p50', 9)} ${lpad('SQL p95', 9)} ${lpad('e2e/SQL', 8)} ${lpad('floor/SQL', 10)} ${lpad(`${B.months}m p50`, 9)} ${lpad('n', 3)}`;
  lines.push(head);
  lines.push('-'.repeat(head.length));
  for (const s of report.scenarios) {
    const ratio = s.sql && s.sql.p50 > 0 ? (s.e2e.p50 / s.sql.p50).toFixed(2) : '-';
    const floor = s.floor && s.sql && s.sql.p50 > 0 ? (s.floor.p50 / s.sql.p50).toFixed(2) : '-';
    lines.push(`${pad(s.key, 34)} ${lpad(ms(s.e2e.p50), 9)} ${lpad(ms(s.e2e.p95), 9)} ${lpad(ms(s.sql?.p50), 9)} ${lpad(ms(s.sql?.p95), 9)} ${lpad(ratio, 8)} ${lpad(floor, 10)} ${lpad(ms(s.history?.e2e.p50), 9)} ${lpad(String(s.e2e.n), 3)}`);
  }
  lines.push('');
  const rhead = `${pad('target', 62)} ${lpad('measured', 10)} ${pad('  target', 16)} verdict`;
  lines.push(rhead);
  lines.push('-'.repeat(rhead.length + 10));
  for (const r of report.ratios) {
    const v = r.measured === null ? '-' : `${r.measured}${r.unit === '×' || r.unit === '× faster' ? '×' : r.unit ? ` ${r.unit}` : ''}`;
    lines.push(`${pad(r.label, 62)} ${lpad(v, 10)} ${pad(`  ${r.target}`, 16)} ${verdict(r)}${r.detail ? `   ${r.detail}` : ''}`);
  }
  if (report.explain.length) {
    lines.push('');
    lines.push('slowest statements (EXPLAIN ANALYZE): own time of the most expensive nodes');
    for (const e of report.explain.slice(0, Math.max(3, report.args.explain))) {
      const nodes = e.plan.topNodes.slice(0, 3).map((n) => `${n.node}${n.relation ? ` on ${n.relation}` : ''}${n.index ? ` (${n.index})` : ''} ${ms(n.selfMs)} ms×${n.loops}`).join('; ');
      const seq = e.plan.seqScans.filter((s) => s.relation && !['buckets', 'facts', 'agg'].includes(s.relation)).map((s) => `${s.relation} (${s.rows.toLocaleString('en')} rows kept, ${s.rowsRemovedByFilter.toLocaleString('en')} removed, ×${s.loops})`);
      lines.push(`  ${pad(e.key, 44)} ${lpad(ms(e.plan.executionMs), 8)} ms${e.plan.jitMs ? ` (JIT ${ms(e.plan.jitMs)}${e.plan.executionMsJitOff !== undefined ? `; jit=off ${ms(e.plan.executionMsJitOff)}` : ''})` : ''}  ${nodes}${seq.length ? `; seq scans: ${seq.join(', ')}` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
