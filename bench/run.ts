// Why: issue 6's benchmark. Shared machines are noisy, so every target is a ratio of two things
// measured side by side in one run: end-to-end over HTTP vs the same SQL through `pg`, 36 vs 18
// months of history at the same arrival rate, a 52-week series vs one snapshot, a dashboard in one
// request vs its widgets one by one, the repeated dashboard vs the first, the import vs a plain
// COPY. See docs/performance.md for how to read the output.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- [--cases N] [--months 36]
//     [--rounds R] [--warmup W] [--out FILE.json] [--keep] [--smoke] [--no-embedded] [--no-load]
//     [--load-seconds S] [--explain N] [--only import|embedded]
//
// `--only import` builds the main dataset (COPY baseline + import) and stops; `--only embedded`
// times `npm start` only. Both print one JSON object and write it to the results file.
//
// Exit codes: 0 done (targets met or not); 1 a scenario or measurement failed; 2 usage, or no
// PostgreSQL (the embedded database is refused).
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import autocannon from 'autocannon';
import { knex } from 'knex';
import { casesAtSameRate, DatasetSpec, ingestBatch } from './dataset';
import { databaseName, Dataset, dropDatabase, ensureDataset, removeIngested } from './datasets';
import { dashboardScenario, INGEST_MUTATION, leadTimeOf100, periods, Scenario, scenarios, widgetsOneByOne, KPI_QUERY, ZONE } from './scenarios';
import { compiledBuild, embeddedStart, EmbeddedStart, floorQuery, graphql, ROOT, RunningServer, sampleRss, startFloorServer, startServer } from './server';
import { PlanSummary, SqlBench, Statement, summarisePlan } from './sql';
import { combineAcrossRuns, computeRatios, Distribution, distribution, formatReport, Ratio } from './report';

/** The bench's fixed "now": every request's asOf and the end of every dataset. */
/** How often the unchanged dashboard is asked again after the first, per round. */
const REPEATS = 5;

export const BENCH_NOW = Date.parse('2026-12-01T12:00:00+01:00');
const SEED = 20261201;

export interface Args {
  cases: number;
  months: number;
  rounds: number;
  warmup: number;
  out: string | null;
  keep: boolean;
  smoke: boolean;
  embedded: boolean;
  load: boolean;
  loadSeconds: number;
  explain: number;
  only: 'import' | 'embedded' | null;
}

const USAGE = 'usage: npm run bench -- [--cases N] [--months 36] [--rounds R] [--warmup W] [--out FILE.json] [--keep] [--smoke] [--no-embedded] [--no-load] [--load-seconds S] [--explain N] [--only import|embedded]';

export function parseArgs(argv: string[]): Args | string {
  const a: Args = { cases: 1_000_000, months: 36, rounds: 9, warmup: 1, out: null, keep: false, smoke: false, embedded: true, load: true, loadSeconds: 60, explain: 5, only: null };
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    const int = (min: number) => {
      const v = value();
      const n = Number(String(v).replace(/_/g, ''));
      if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be a whole number of at least ${min}, got "${v ?? ''}"`);
      return n;
    };
    try {
      given.add(flag);
      switch (flag) {
        case '-h': case '--help': return 'help';
        case '--cases': a.cases = int(20); break;
        case '--months': a.months = int(2); break;
        case '--rounds': a.rounds = int(1); break;
        case '--warmup': a.warmup = int(0); break;
        case '--out': a.out = value() ?? null; if (!a.out) return '--out needs a file name'; break;
        case '--keep': a.keep = true; break;
        case '--smoke': a.smoke = true; break;
        case '--no-embedded': a.embedded = false; break;
        case '--no-load': a.load = false; break;
        case '--load-seconds': a.loadSeconds = int(1); break;
        case '--explain': a.explain = int(0); break;
        case '--only': {
          const v = value();
          if (v !== 'import' && v !== 'embedded') return `--only must be "import" or "embedded", got "${v ?? ''}"`;
          a.only = v;
          break;
        }
        default: return `unknown option ${arg}`;
      }
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (a.smoke) {
    // A few thousand cases, one round, every scenario: the script cannot rot.
    if (!given.has('--cases')) a.cases = 3000;
    if (!given.has('--rounds')) a.rounds = 1;
    if (!given.has('--warmup')) a.warmup = 1;
    if (!given.has('--load-seconds')) a.loadSeconds = 5;
    if (!given.has('--explain')) a.explain = 2;
  }
  if (a.months % 2 !== 0) return '--months must be even: the history comparison uses a dataset of half the months';
  return a;
}

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s`;
const log = (s: string) => process.stderr.write(`[bench ${elapsed()}] ${s}\n`);

interface Samples { e2e: number[]; sql: number[]; floor: number[]; histE2e: number[]; histSql: number[] }

export interface ScenarioResult {
  key: string;
  label: string;
  kind: string;
  statements: number;
  e2e: Distribution;
  sql: Distribution | null;
  /** The same statement through bench/floor-server.js (bare node:http + pg): one-statement KPI scenarios. */
  floor?: Distribution | null;
  history: { e2e: Distribution; sql: Distribution | null } | null;
}

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    host: os.hostname(),
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

/** Samples the 1-minute load average every 5 s: other engineers' tests share the machine. */
function loadWatcher() {
  const samples: number[] = [os.loadavg()[0]];
  const timer = setInterval(() => samples.push(os.loadavg()[0]), 5000);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      samples.push(os.loadavg()[0]);
      const round = (x: number) => Math.round(x * 100) / 100;
      return { atStart: round(samples[0]), atEnd: round(samples[samples.length - 1]), mean: round(samples.reduce((s, x) => s + x, 0) / samples.length), max: round(Math.max(...samples)), samples: samples.length };
    },
  };
}

async function postgresInfo(url: string): Promise<Record<string, string>> {
  const db = knex({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  try {
    const out: Record<string, string> = { version: (await db.raw('select version() as v')).rows[0].v };
    for (const s of ['shared_buffers', 'work_mem', 'effective_cache_size', 'max_parallel_workers_per_gather', 'jit', 'random_page_cost']) {
      out[s] = (await db.raw(`show ${s}`)).rows[0][s];
    }
    return out;
  } finally {
    await db.destroy();
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (typeof args === 'string') {
    process.stderr.write(`bench: ${args}\n${USAGE}\n`);
    return 2;
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    process.stderr.write(
      'bench: DATABASE_URL is not set. The benchmark runs against a real PostgreSQL only, not the embedded PGlite\n' +
      'database (single-threaded WebAssembly, not the scale target). It creates its own databases on that server.\n' +
      'Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- --cases 100000\n',
    );
    return 2;
  }
  if (!/^postgres(ql)?:\/\//.test(serverUrl)) {
    process.stderr.write(`bench: DATABASE_URL must be a postgres:// connection string\n`);
    return 2;
  }

  const loadAvg = loadWatcher();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const resultsDir = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const outFile = path.resolve(args.out ?? path.join(resultsDir, `${stamp}-${args.smoke ? 'smoke-' : ''}${args.cases}x${args.months}.json`));
  const explainDir = outFile.replace(/\.json$/, '') + '-explain';
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stuurinfo-bench-'));
  const errors: { scenario: string; round: number; message: string }[] = [];
  const pgInfo = await postgresInfo(serverUrl);
  log(`${args.smoke ? 'SMOKE ' : ''}${args.cases.toLocaleString('en')} cases over ${args.months} months, ${args.rounds} round(s) after ${args.warmup} warm-up; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);

  // ---- datasets --------------------------------------------------------------------------------
  const mainSpec: DatasetSpec = { cases: args.cases, months: args.months, now: BENCH_NOW, seed: SEED, zone: ZONE };
  const historySpec: DatasetSpec = { ...mainSpec, months: args.months / 2, cases: casesAtSameRate(mainSpec, args.months / 2) };
  const datasets: Dataset[] = [];
  let servers: RunningServer[] = [];
  // Ctrl-C or a CI timeout: stop the servers and drop throw-away databases before leaving.
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: cleaning up`);
    for (const s of servers) s.child.kill('SIGKILL');
    if (!args.keep) {
      for (const spec of [mainSpec, historySpec]) {
        try {
          execFileSync('psql', ['-X', '-q', serverUrl, '-c', `drop database if exists ${databaseName(spec, false)} with (force)`], { stdio: 'ignore', timeout: 30_000 });
        } catch {
          // nothing to drop, or no psql
        }
      }
    }
    fs.rmSync(tmpDir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const sqls: SqlBench[] = [];
  let exitCode = 0;
  try {
    if (args.only === 'embedded') {
      log('embedded start only: `npm start` on an empty temp DATA_DIR, then again…');
      const embedded = await embeddedStart(tmpDir);
      const partial = { command: `npm run bench -- ${process.argv.slice(2).join(' ')}`, startedAt: new Date(started).toISOString(), loadAverage: loadAvg.stop(), embedded };
      fs.writeFileSync(outFile, `${JSON.stringify(partial, null, 2)}\n`);
      process.stdout.write(`${JSON.stringify(partial, null, 2)}\n`);
      return embedded.error ? 1 : 0;
    }
    // The importer and the servers run the compiled build, as `npm run import` and `npm start` do.
    if (compiledBuild.buildIsStale()) {
      const t = Date.now();
      compiledBuild.built('src/index.js', () => log('compiling dist/ (the build `npm start` and `npm run import` run)…'));
      log(`compiled in ${((Date.now() - t) / 1000).toFixed(1)} s (untimed)`);
    }
    const A = await ensureDataset(serverUrl, mainSpec, { keep: args.keep, tmpDir, log });
    datasets.push(A);
    if (args.only === 'import') {
      const b = A.build;
      const partial = {
        command: `npm run bench -- ${process.argv.slice(2).join(' ')}`, startedAt: new Date(started).toISOString(), loadAverage: loadAvg.stop(),
        dataset: A.name, build: b,
        importPerCopy: b.copyEventsPerSecond ? b.importEventsPerSecond / b.copyEventsPerSecond : null,
      };
      fs.writeFileSync(outFile, `${JSON.stringify(partial, null, 2)}\n`);
      process.stdout.write(`${JSON.stringify(partial, null, 2)}\n`);
      return 0;
    }
    const B = await ensureDataset(serverUrl, historySpec, { keep: args.keep, tmpDir, log });
    datasets.push(B);
    for (const d of datasets) {
      const n = await removeIngested(d.url);
      if (n) log(`${d.name}: removed ${n} cases an earlier run's ingest scenario added`);
    }

    // ---- servers and statements ----------------------------------------------------------------
    log('starting the servers (node dist/src/index.js)…');
    // Whatever started is stopped at the end, also when another one failed to start.
    const starts = await Promise.allSettled([startServer(A.url, A.name), startServer(B.url, B.name), startFloorServer(A.url)]);
    servers = starts.flatMap((x) => (x.status === 'fulfilled' ? [x.value] : []));
    const failed = starts.find((x): x is PromiseRejectedResult => x.status === 'rejected');
    if (failed) throw failed.reason;
    const [serverA, serverB, floor] = servers;
    const sqlA = new SqlBench(A.url);
    const sqlB = new SqlBench(B.url);
    sqls.push(sqlA, sqlB);

    const fixed = scenarios(BENCH_NOW);
    const dashFirst = dashboardScenario(BENCH_NOW, false);
    const dashRepeat = dashboardScenario(BENCH_NOW, true);
    const widgets = widgetsOneByOne(BENCH_NOW);
    const statementsA = new Map<string, Statement[]>();
    const statementsB = new Map<string, Statement[]>();
    for (const s of fixed) {
      statementsA.set(s.key, await sqlA.build(s.calls, BENCH_NOW));
      if (s.alsoOnHistory) statementsB.set(s.key, await sqlB.build(s.calls, BENCH_NOW));
    }
    const dashboardStatements = await sqlA.build(dashFirst.calls, BENCH_NOW, dashFirst.calls.map((c) => `widget ${(c as { widget?: string }).widget ?? c.name}`));
    statementsA.set(dashFirst.key, dashboardStatements);

    const samples = new Map<string, Samples>();
    const sample = (key: string) => {
      let s = samples.get(key);
      if (!s) samples.set(key, (s = { e2e: [], sql: [], floor: [], histE2e: [], histSql: [] }));
      return s;
    };
    const labels = new Map<string, Scenario>();
    for (const s of [...fixed, dashFirst, dashRepeat, widgets]) labels.set(s.key, s);
    labels.set('cases100.caseLeadTime', leadTimeOf100(BENCH_NOW, A.spec.cases, 0));
    labels.set('ingest.1000', { key: 'ingest.1000', label: 'ingestEvents: 1,000 events of new cases', kind: 'ingest', calls: [], query: INGEST_MUTATION });

    const http = async (server: RunningServer, key: string, round: number, query: string, variables?: Record<string, unknown>) => {
      const r = await graphql(server.url, query, variables);
      for (const m of r.errors) errors.push({ scenario: `${key}${server === serverB ? ' (18 months)' : ''}`, round, message: m });
      return r.ms;
    };
    const timeSql = async (bench: SqlBench, key: string, round: number, statements: Statement[]) => {
      try {
        return await bench.time(statements);
      } catch (e) {
        errors.push({ scenario: `${key} (SQL)`, round, message: (e as Error).message });
        return NaN;
      }
    };
    const runToken = Date.now().toString(36);
    const ingest = async (round: number, part: string, measured: boolean) => {
      const events = ingestBatch(`bi-${runToken}-${round}${part}`, 1000, BENCH_NOW, SEED);
      const ms = await http(serverA, 'ingest.1000', round, INGEST_MUTATION, { events });
      await http(serverB, 'ingest.1000', round, INGEST_MUTATION, { events });
      if (measured) sample('ingest.1000').e2e.push(ms);
    };

    // ---- rounds ------------------------------------------------------------------------------
    const totalRounds = args.warmup + args.rounds;
    let lastCases: Statement[] = [];
    for (let round = 0; round < totalRounds; round++) {
      const measured = round >= args.warmup;
      const roundStart = Date.now();
      // New events first: a server that caches answers must compute the affected ones again.
      await ingest(round, 'a', measured);
      const cases100 = leadTimeOf100(BENCH_NOW, A.spec.cases, round);
      lastCases = await sqlA.build(cases100.calls, BENCH_NOW);
      const list: { s: Scenario; stA: Statement[] }[] = [...fixed.map((s) => ({ s, stA: statementsA.get(s.key)! })), { s: cases100, stA: lastCases }];
      for (const { s, stA } of list) {
        // Rotate which goes first, so none always finds the others' pages in the cache.
        let sqlMs = NaN;
        let e2eMs = NaN;
        // The floor: the same statement through a bare node:http server (bench/floor-server.js).
        let floorMs = NaN;
        const withFloor = s.kind === 'kpi' && stA.length === 1;
        // SQL and HTTP swap places every round (each goes first half the time); the floor moves
        // through the three positions.
        const steps = round % 2 === 1 ? ['sql', 'e2e'] : ['e2e', 'sql'];
        steps.splice(round % 3, 0, 'floor');
        for (const step of steps) {
          if (step === 'sql') sqlMs = await timeSql(sqlA, s.key, round, stA);
          else if (step === 'e2e') e2eMs = await http(serverA, s.key, round, s.query, s.variables);
          else if (withFloor) {
            const f = await floorQuery(floor.url, stA[0].sql, stA[0].bindings);
            if (f.error) errors.push({ scenario: `${s.key} (floor)`, round, message: f.error });
            floorMs = f.ms;
          }
        }
        const sqlFirst = round % 2 === 1;
        let hE2e = NaN;
        let hSql = NaN;
        if (s.alsoOnHistory) {
          const stB = statementsB.get(s.key)!;
          if (sqlFirst) hSql = await timeSql(sqlB, s.key, round, stB);
          hE2e = await http(serverB, s.key, round, s.query, s.variables);
          if (!sqlFirst) hSql = await timeSql(sqlB, s.key, round, stB);
        }
        if (measured) {
          const x = sample(s.key);
          x.e2e.push(e2eMs);
          x.sql.push(sqlMs);
          if (Number.isFinite(floorMs)) x.floor.push(floorMs);
          if (s.alsoOnHistory) {
            x.histE2e.push(hE2e);
            x.histSql.push(hSql);
          }
        }
      }
      // The dashboard's widgets one request each, in a row: what a page without batching costs.
      let sum = 0;
      for (const c of widgets.calls) sum += await http(serverA, widgets.key, round, KPI_QUERY, { name: c.name, d: c.dims, p: c.params ?? null });
      if (measured) sample(widgets.key).e2e.push(sum);
      // New events again, then the dashboard twice: the first must compute, the second may reuse.
      await ingest(round, 'b', measured);
      const first = await http(serverA, dashFirst.key, round, dashFirst.query, dashFirst.variables);
      // Asked again REPEATS times: a morning's second, third … viewer (one sample each).
      const repeats: number[] = [];
      for (let i = 0; i < REPEATS; i++) repeats.push(await http(serverA, dashRepeat.key, round, dashRepeat.query, dashRepeat.variables));
      const repeat = repeats[0];
      const dashSql = await timeSql(sqlA, dashFirst.key, round, dashboardStatements);
      if (measured) {
        sample(dashFirst.key).e2e.push(first);
        sample(dashFirst.key).sql.push(dashSql);
        sample(dashRepeat.key).e2e.push(...repeats);
      }
      log(`round ${round + 1}/${totalRounds}${measured ? '' : ' (warm-up)'} in ${((Date.now() - roundStart) / 1000).toFixed(1)} s; dashboard ${first.toFixed(0)} ms, again ${repeat.toFixed(0)} ms; load average ${os.loadavg()[0].toFixed(2)}`);
    }

    // ---- a minute of dashboard load ------------------------------------------------------------
    // Viewers filter: each request asks the dashboard for the next of 36 viewer filter
    // combinations (roles × timeliness × statuses), so the first minute computes most of them and
    // fills the answer cache, instead of serving one cached answer over and over.
    let load: Record<string, unknown> | null = null;
    if (args.load) {
      const variants = loadVariants();
      log(`${args.loadSeconds} s of dashboard load (autocannon, 4 connections, loopback, ${variants.length} viewer filter combinations)…`);
      const rss = sampleRss(serverA.pid);
      let next = 0;
      try {
        const r = await autocannon({
          url: `${serverA.url}/graphql`, connections: 4, duration: args.loadSeconds, timeout: 60,
          requests: [{
            method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' },
            setupRequest: (req) => ({ ...req, body: JSON.stringify({ query: dashFirst.query, variables: { d: { asOf: new Date(BENCH_NOW).toISOString(), ...variants[next++ % variants.length] } } }) }),
          }],
        });
        const mem = rss.stop();
        load = {
          seconds: args.loadSeconds, connections: 4, variants: variants.length, requests: r['2xx'] + r.non2xx, requestsPerSecond: r.requests.average,
          latencyP50Ms: r.latency.p50, latencyP99Ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts,
          maxRssMb: mem.maxRssKb === null ? null : Math.round(mem.maxRssKb / 102.4) / 10,
          vmHwmMb: mem.vmHwmKb === null ? null : Math.round(mem.vmHwmKb / 102.4) / 10,
          rssSamples: mem.samples,
        };
        if (r.non2xx || r.errors || r.timeouts) errors.push({ scenario: 'dashboard load', round: -1, message: `${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts` });
        log(`load: ${r['2xx'] + r.non2xx} requests, ${r.requests.average.toFixed(1)} req/s, p50 ${r.latency.p50} ms, server RSS max ${load.maxRssMb} MB`);
      } catch (e) {
        rss.stop();
        errors.push({ scenario: 'dashboard load', round: -1, message: (e as Error).message });
      }
    }
    await Promise.all(servers.map((s) => s.stop()));
    servers = [];

    // ---- EXPLAIN (ANALYZE, BUFFERS) --------------------------------------------------------------
    const explains: { key: string; statement: string; plan: PlanSummary; file: string | null }[] = [];
    if (args.explain > 0) {
      log('EXPLAIN (ANALYZE, BUFFERS) of every statement…');
      const all: { key: string; st: Statement }[] = [];
      for (const s of fixed) for (const st of statementsA.get(s.key)!) all.push({ key: s.key, st });
      for (const st of lastCases) all.push({ key: 'cases100.caseLeadTime', st });
      for (const st of dashboardStatements) all.push({ key: `dashboard.first: ${st.label}`, st });
      const plans: { key: string; st: Statement; plan: PlanSummary }[] = [];
      for (const { key, st } of all) {
        try {
          plans.push({ key, st, plan: summarisePlan(await sqlA.explain(st, 'json')) });
        } catch (e) {
          errors.push({ scenario: `${key} (EXPLAIN)`, round: -1, message: (e as Error).message });
        }
      }
      plans.sort((a, b) => b.plan.executionMs - a.plan.executionMs);
      fs.mkdirSync(explainDir, { recursive: true });
      for (const [i, p] of plans.entries()) {
        let file: string | null = null;
        if (i < args.explain) {
          try {
            // The slowest: the plan as text for reading, and the cost of JIT compilation.
            p.plan.executionMsJitOff = summarisePlan(await sqlA.explain(p.st, 'json', ['set local jit = off'])).executionMs;
            const text = await sqlA.explain(p.st, 'text');
            file = path.join(explainDir, `${String(i + 1).padStart(2, '0')}-${p.key.replace(/[^A-Za-z0-9.]+/g, '_')}.txt`);
            fs.writeFileSync(file, `-- ${p.key} (${p.st.label})\n-- execution ${p.plan.executionMs.toFixed(1)} ms (JSON run), ${p.plan.executionMsJitOff.toFixed(1)} ms with jit = off\n\n${p.st.sql}\n\n-- bindings: ${JSON.stringify(p.st.bindings)}\n\n${text}\n`);
          } catch (e) {
            errors.push({ scenario: `${p.key} (EXPLAIN)`, round: -1, message: (e as Error).message });
          }
        }
        explains.push({ key: p.key, statement: p.st.label, plan: p.plan, file: file && path.relative(ROOT, file) });
      }
    }

    // ---- embedded start ----------------------------------------------------------------------
    let embedded: EmbeddedStart | null = null;
    if (args.embedded) {
      log('embedded start: `npm start` on an empty temp DATA_DIR, then again…');
      embedded = await embeddedStart(tmpDir);
      if (embedded.error) errors.push({ scenario: 'embedded start', round: -1, message: embedded.error });
      log(`embedded: first ${embedded.firstSeconds ?? '-'} s, later ${embedded.laterSeconds ?? '-'} s${embedded.compileSeconds ? ` (compiled first: ${embedded.compileSeconds} s, untimed)` : ''}`);
    }

    // ---- results -----------------------------------------------------------------------------
    const results: ScenarioResult[] = [];
    for (const [key, x] of samples) {
      const s = labels.get(key)!;
      results.push({
        key, label: s.label, kind: s.kind,
        statements: key === 'cases100.caseLeadTime' ? lastCases.length : statementsA.get(key)?.length ?? 0,
        e2e: distribution(x.e2e),
        sql: x.sql.length ? distribution(x.sql) : null,
        floor: x.floor.length ? distribution(x.floor) : null,
        history: x.histE2e.length ? { e2e: distribution(x.histE2e), sql: distribution(x.histSql) } : null,
      });
    }
    const order = [...fixed.map((s) => s.key), 'cases100.caseLeadTime', dashFirst.key, dashRepeat.key, widgets.key, 'ingest.1000'];
    results.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));

    const report: Report = {
      version: 1,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date().toISOString(),
      totalSeconds: (Date.now() - started) / 1000,
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      args,
      benchNow: new Date(BENCH_NOW).toISOString(),
      periods: periods(BENCH_NOW),
      machine: machine(),
      loadAverage: loadAvg.stop(),
      postgres: pgInfo,
      datasets: {
        main: { name: A.name, ...A.spec, reused: A.reused, build: A.build },
        history: { name: B.name, ...B.spec, reused: B.reused, build: B.build },
      },
      scenarios: results,
      load,
      embedded,
      explain: explains,
      ratios: [],
      errors,
    };
    report.ratios = computeRatios(report, combineAcrossRuns(report, resultsDir, outFile));
    fs.writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(formatReport(report));
    process.stdout.write(`\nresults: ${path.relative(process.cwd(), outFile)}${explains.length ? `\nplans:   ${path.relative(process.cwd(), explainDir)}/` : ''}\n`);
    if (errors.length) {
      process.stdout.write(`\n${errors.length} ERROR(S):\n${errors.slice(0, 30).map((e) => `  ${e.scenario}${e.round >= 0 ? ` (round ${e.round + 1})` : ''}: ${e.message}`).join('\n')}\n`);
      exitCode = 1;
    }
  } catch (e) {
    process.stderr.write(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    for (const s of servers) process.stderr.write(`--- server output (last lines):\n${s.output().slice(-2000)}\n`);
    exitCode = 1;
  } finally {
    await Promise.all(servers.map((s) => s.stop().catch(() => undefined)));
    await Promise.all(sqls.map((s) => s.close().catch(() => undefined)));
    for (const d of datasets) {
      if (args.keep) await removeIngested(d.url).catch(() => undefined);
      else await dropDatabase(serverUrl, d.name).catch((e) => log(`could not drop ${d.name}: ${(e as Error).message}`));
    }
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
  return exitCode;
}

/** The viewer filters the load cycles through (every one valid on the Ooievaarspas dashboard). */
function loadVariants(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const roles of [null, ['behandelaar'], ['senior'], ['manager']]) {
    for (const timeliness of [null, 'ON_TIME', 'OVERDUE']) {
      for (const statuses of [null, ['in_behandeling'], ['informatieverzoek']]) {
        out.push({ ...(roles ? { roles } : {}), ...(timeliness ? { timeliness } : {}), ...(statuses ? { statuses } : {}) });
      }
    }
  }
  return out;
}

export interface Report {
  version: 1;
  startedAt: string;
  finishedAt: string;
  totalSeconds: number;
  command: string;
  args: Args;
  benchNow: string;
  periods: ReturnType<typeof periods>;
  machine: Record<string, unknown>;
  loadAverage: { atStart: number; atEnd: number; mean: number; max: number; samples: number };
  postgres: Record<string, string>;
  datasets: { main: DatasetReport; history: DatasetReport };
  scenarios: ScenarioResult[];
  load: Record<string, unknown> | null;
  embedded: EmbeddedStart | null;
  explain: { key: string; statement: string; plan: PlanSummary; file: string | null }[];
  ratios: Ratio[];
  errors: { scenario: string; round: number; message: string }[];
}

export type DatasetReport = DatasetSpec & { name: string; reused: boolean; build: Dataset['build'] };

if (require.main === module) {
  // psql is needed for the COPY baseline; say so early instead of after an hour of importing.
  try {
    execFileSync('psql', ['--version'], { stdio: 'ignore' });
  } catch {
    process.stderr.write('bench: psql not found; the plain-COPY baseline will be reported as failed\n');
  }
  main().then((code) => process.exit(code), (e) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
