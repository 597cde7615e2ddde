// Why: issue 5, item 8 ("load, measured"). A minute of what a municipality's steering dashboards and
// its case system do at the same time: people opening the Ooievaarspas dashboard with all kinds of
// filters, while the case system pushes batches of new events. The script reports what an operator
// wants to know before going live: requests served, errors (must be 0), latency per kind (p50, p95,
// p99), throughput, and the server's memory before and after. docs/operations-measured.md holds a run.
//
//   npx tsx load/run.ts [--seconds 60] [--connections 8] [--url http://127.0.0.1:4000] [--json]
//
// Without --url the script starts the service itself (node --import tsx src/index.ts, so it can read
// the server's memory from /proc/<pid>/status) on DATABASE_URL, or, when that is not set, on an
// embedded PGlite in a fresh temporary directory (--data-dir DIR to choose one). An empty database
// first gets 3 months of demo data. With --url it drives a server that already runs (loopback only);
// memory is then not reported unless --pid gives the server's process id.
//
// Before the run the script runs ANALYZE (as autovacuum would after a bulk load; --no-analyze skips
// it). Load generator: autocannon, one sequence per connection of 10 dashboard reads with random filters
// and 1 ingestEvents batch of 100 new events (so about 1 ingest per 10 reads), for a fixed time.
// THE INGEST BATCHES WRITE TO THE DATABASE (events with ids "load-<run>-…"): do not point this at a
// database you want to keep as it is.
import 'reflect-metadata';
import { spawn, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { migrate, openDatabase } from '../src/db/connection';
import { PROCESSES, ProcessCatalog } from '../src/processes';
import { syncProcesses } from '../src/processes/sync';
import { isEmpty, loadDemoData } from '../src/demo/load';
import { generateDemoEvents } from '../src/demo/generate';

// autocannon ships without type declarations; these are the parts used here.
interface AutocannonHistogram { p50: number; p90: number; p99: number; max: number; average: number }
interface AutocannonResult { requests: AutocannonHistogram & { total: number }; latency: AutocannonHistogram; errors: number; timeouts: number; non2xx: number; duration: number; '2xx': number; mismatches: number }
interface AutocannonRequest { method?: string; path?: string; headers?: Record<string, string>; body?: string; setupRequest?: (req: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest; onResponse?: (status: number, body: string, context: Record<string, unknown>) => void }
interface AutocannonInstance { on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void; stop(): void }
type Autocannon = (opts: Record<string, unknown>, done: (err: Error | null, result: AutocannonResult) => void) => AutocannonInstance;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

const ROOT = path.resolve(__dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- arguments -----------------------------------------------------------------------------------

interface Args { seconds: number; connections: number; url?: string; pid?: number; dataDir?: string; json: boolean; readsPerIngest: number; batch: number; serverLog?: string; analyze: boolean }

function parseArgs(argv: string[]): Args {
  const args: Args = { seconds: 60, connections: 8, json: false, readsPerIngest: 10, batch: 100, analyze: true };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    const int = (name: string, min: number, max: number) => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max}`);
      return n;
    };
    switch (flag) {
      case '--seconds': args.seconds = int('--seconds', 1, 600); break;
      case '--connections': args.connections = int('--connections', 1, 256); break;
      case '--reads-per-ingest': args.readsPerIngest = int('--reads-per-ingest', 1, 1000); break;
      case '--batch': args.batch = int('--batch', 10, 10_000); break;
      case '--url': args.url = value(); break;
      case '--pid': args.pid = int('--pid', 1, 2 ** 31); break;
      case '--data-dir': args.dataDir = value(); break;
      case '--json': args.json = true; break;
      case '--server-log': args.serverLog = value(); break;
      case '--no-analyze': args.analyze = false; break;
      case '-h': case '--help':
        console.log('usage: npx tsx load/run.ts [--seconds 60] [--connections 8] [--url http://127.0.0.1:4000 [--pid PID]] [--data-dir DIR] [--reads-per-ingest 10] [--batch 100] [--server-log FILE] [--no-analyze] [--json]');
        process.exit(0);
        break;
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  if (args.url) {
    const host = new URL(args.url).hostname;
    if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) throw new Error(`--url must be on loopback (127.0.0.1, localhost or ::1), not ${host}: this script generates load`);
  }
  return args;
}

// ---- the server ----------------------------------------------------------------------------------

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function memory(pid: number): { rssMb: number; hwmMb: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

interface Target { url: string; pid?: number; database: string; stop(): Promise<void>; logBytes(): number }

/** Fills an empty database with 3 months of demo data, before the server opens it. */
const planner: { autovacuum?: string; analyzed: boolean } = { analyzed: false };

async function prepareDatabase(env: { DATABASE_URL?: string; DATA_DIR?: string }, analyze: boolean, log: (m: string) => void): Promise<void> {
  const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    await migrate(db);
    await syncProcesses(db.knex, PROCESSES);
    if (await isEmpty(db.knex)) {
      const t = Date.now();
      const s = await loadDemoData({ knex: db.knex, catalog: new ProcessCatalog(PROCESSES), zone: 'Europe/Amsterdam' }, { months: 3, now: new Date() });
      log(`empty database: loaded 3 months of demo data (${s.cases} cases, ${s.events} events) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    } else {
      log('the database holds data already: no demo data loaded');
    }
    // Planner statistics, as autovacuum would gather them a minute after a bulk load. Without them
    // PostgreSQL estimates one row per table and some filter combinations get nested-loop plans
    // that run into the 30 s KPI timeout (measured: docs/operations-measured.md). --no-analyze
    // measures that situation.
    const autovacuum = db.kind === 'postgres' ? String((await db.knex.raw('show autovacuum')).rows[0].autovacuum) : 'n/a';
    planner.autovacuum = autovacuum;
    if (analyze) {
      const t = Date.now();
      await db.knex.raw('analyze');
      planner.analyzed = true;
      log(`analyze: planner statistics gathered in ${((Date.now() - t) / 1000).toFixed(1)} s (autovacuum: ${autovacuum})`);
    } else {
      log(`--no-analyze: planner statistics left as they are (autovacuum: ${autovacuum})`);
    }
  } finally {
    await db.close();
  }
}

async function startOwnServer(args: Args, log: (m: string) => void): Promise<Target> {
  let env: Record<string, string>;
  let database: string;
  let tempDir: string | undefined;
  if (process.env.DATABASE_URL) {
    env = { DATABASE_URL: process.env.DATABASE_URL };
    const u = new URL(process.env.DATABASE_URL);
    u.password = '';
    database = `PostgreSQL ${u.host}${u.pathname}`;
  } else {
    const dir = args.dataDir ?? (tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stuurinfo-load-')));
    env = { DATA_DIR: dir };
    database = `embedded PGlite in ${dir}${tempDir ? ' (temporary)' : ''}`;
  }
  log(`database: ${database}`);
  await prepareDatabase(env, args.analyze, log);

  const port = await freePort();
  const { DATABASE_URL: _u, DATA_DIR: _d, PORT: _p, NODE_OPTIONS: _o, NODE_ENV: _n, DEMO_DATA: _demo, ...rest } = process.env;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT,
    env: { ...rest, ...env, PORT: String(port), DEMO_DATA: 'false', AUTH_MODE: rest.AUTH_MODE ?? 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let head = '';
  let bytes = 0;
  const logFile = args.serverLog ? fs.createWriteStream(args.serverLog) : null;
  const onData = (b: Buffer) => {
    bytes += b.length;
    if (head.length < 20_000) head += b.toString();
    logFile?.write(b);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const started = Date.now();
  while (!/ready in /.test(head)) {
    if (child.exitCode !== null) throw new Error(`the server exited before it was ready:\n${head}`);
    if (Date.now() - started > 120_000) {
      child.kill('SIGKILL');
      throw new Error(`the server was not ready within 120 s:\n${head}`);
    }
    await sleep(50);
  }
  log(`server started (pid ${child.pid}, port ${port}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    database,
    logBytes: () => bytes,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000).unref())]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      logFile?.end();
      if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

/** With --url: make sure the server has data to show (via the API: its database is not ours to open). */
async function ensureDataViaApi(url: string, log: (m: string) => void): Promise<void> {
  const r = await gql(url, '{ kpi(name: "inflow", dimensions: { period: { relative: LAST_90_DAYS } }) { value } }');
  if ((r.data?.kpi?.value ?? 0) > 0) return void log('the server has data already: no demo data loaded');
  let batch: unknown[] = [];
  let events = 0;
  let lastCase = '';
  for (const e of generateDemoEvents({ now: new Date(), months: 3 })) {
    if (e.caseId !== lastCase && batch.length >= 5000) {
      await ingest(url, batch);
      events += batch.length;
      batch = [];
    }
    lastCase = e.caseId;
    batch.push(e);
  }
  await ingest(url, batch);
  log(`loaded 3 months of demo data through ingestEvents (${events + batch.length} events)`);
}

async function gql(url: string, query: string, variables?: Record<string, unknown>): Promise<any> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return res.json();
}

const INGEST = 'mutation Ingest($events: [CaseEventInput!]!) { ingestEvents(events: $events) { received inserted duplicates casesRebuilt } }';
async function ingest(url: string, events: unknown[]): Promise<void> {
  const r = await gql(url, INGEST, { events });
  if (r.errors) throw new Error(`ingest refused: ${JSON.stringify(r.errors).slice(0, 500)}`);
}

// ---- the requests --------------------------------------------------------------------------------

const DASHBOARD = `query Dashboard($dimensions: DimensionsInput) {
  dashboard(key: "ooievaarspas", dimensions: $dimensions) {
    widgets { widget { key } result { value points { bucket value groups { key } } } error { code message } }
  }
}`;

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)];
const maybe = <T>(p: number, f: () => T): T | undefined => (Math.random() < p ? f() : undefined);
const someOf = <T>(list: readonly T[]): T[] => {
  const out = list.filter(() => Math.random() < 0.5);
  return out.length ? out : [pick(list)];
};

/** What a person might choose in the dashboard's filter bar. */
function dashboardFilters(): Record<string, unknown> {
  const dims: Record<string, unknown> = {
    period: maybe(0.85, () => ({ relative: pick(['LAST_QUARTER', 'THIS_QUARTER', 'LAST_MONTH', 'THIS_MONTH', 'LAST_30_DAYS', 'LAST_90_DAYS', 'LAST_7_DAYS', 'THIS_WEEK']) })),
    granularity: maybe(0.7, () => pick(['DAY', 'WEEK', 'WEEK', 'MONTH'])),
    roles: maybe(0.3, () => someOf(['behandelaar', 'senior', 'manager'])),
    statuses: maybe(0.3, () => someOf(['ontvangen', 'in_behandeling', 'informatieverzoek', 'afgehandeld'])),
    timeliness: maybe(0.2, () => pick(['ON_TIME', 'OVERDUE'])),
    steps: maybe(0.1, () => someOf(['intake', 'beoordelen', 'informatie_opvragen', 'besluiten'])),
  };
  for (const k of Object.keys(dims)) if (dims[k] === undefined) delete dims[k];
  return dims;
}

/**
 * A batch of new events as a case system sends them: new applications (created, assigned, status,
 * task, letter) and progress on applications of earlier batches (decided and closed).
 */
function ingestBatchFactory(runId: string, size: number): () => unknown[] {
  let seq = 0;
  const open: string[] = [];
  return () => {
    const events: Record<string, unknown>[] = [];
    const now = Date.now();
    const at = (hoursAgo: number) => new Date(now - hoursAgo * 3_600_000).toISOString();
    const id = () => `load-${runId}-${++seq}`;
    // Progress on earlier cases: a fifth of the batch.
    while (events.length < size / 5 && open.length > 20) {
      const caseId = open.splice(Math.floor(Math.random() * open.length), 1)[0];
      events.push({ id: id(), type: 'case.status_changed', caseId, at: at(0.5), data: { status: 'afgehandeld' } });
      events.push({ id: id(), type: 'case.closed', caseId, at: at(0.4), data: { result: pick(['verstrekt', 'verstrekt', 'geweigerd']) } });
    }
    while (events.length + 5 <= size) {
      const caseId = `load-${runId}-case-${++seq}`;
      const created = 24 + Math.random() * 24 * 20;
      events.push({ id: id(), type: 'case.created', caseId, at: at(created), data: { caseType: 'ooievaarspas', reference: `LOAD-${seq}`, attributes: { kanaal: pick(['digitaal', 'balie']) } } });
      events.push({ id: id(), type: 'case.assigned', caseId, at: at(created - 2), data: { assignee: `medewerker-${1 + Math.floor(Math.random() * 12)}`, role: pick(['behandelaar', 'senior']) } });
      events.push({ id: id(), type: 'case.status_changed', caseId, at: at(created - 3), data: { status: 'in_behandeling' } });
      events.push({ id: id(), type: 'task.created', caseId, at: at(created - 3), data: { taskId: `t-${seq}`, step: 'beoordelen' } });
      events.push({ id: id(), type: 'letter.sent', caseId, at: at(created - 4), data: { letterType: 'termijnbrief' } });
      open.push(caseId);
    }
    return events;
  };
}

// ---- measuring -----------------------------------------------------------------------------------

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

interface KindStats { requests: number; errors: number; p50: number; p95: number; p99: number; max: number; mean: number; perSecond: number }

function stats(latencies: number[], errors: number, seconds: number): KindStats {
  const s = [...latencies].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    requests: s.length, errors,
    p50: r(percentile(s, 50)), p95: r(percentile(s, 95)), p99: r(percentile(s, 99)), max: r(s[s.length - 1] ?? NaN),
    mean: r(s.reduce((a, b) => a + b, 0) / (s.length || 1)), perSecond: r(s.length / seconds),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = (m: string) => process.stderr.write(`load: ${m}\n`);
  const runId = `${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(3).toString('hex')}`;

  let target: Target;
  if (args.url) {
    target = { url: args.url.replace(/\/$/, ''), pid: args.pid, database: 'the server at --url', stop: async () => undefined, logBytes: () => NaN };
    await ensureDataViaApi(target.url, log);
  } else {
    target = await startOwnServer(args, log);
  }

  try {
    const nextBatch = ingestBatchFactory(runId, args.batch);
    // Warm-up: a few of each, so the "before" memory is that of a running service, not a cold one.
    for (let i = 0; i < 10; i++) {
      const r = await gql(target.url, DASHBOARD, { dimensions: dashboardFilters() });
      if (r.errors) throw new Error(`warm-up dashboard failed: ${JSON.stringify(r.errors).slice(0, 500)}`);
    }
    await ingest(target.url, nextBatch());
    log('warm-up done (10 dashboards, 1 ingest)');
    const before = target.pid ? memory(target.pid) : null;
    const inflowBefore = (await gql(target.url, '{ kpi(name: "inflow", dimensions: { period: { relative: LAST_90_DAYS } }) { value } }')).data?.kpi?.value;

    const latencies: Record<'dashboard' | 'ingest', number[]> = { dashboard: [], ingest: [] };
    const errors: Record<'dashboard' | 'ingest', number> = { dashboard: 0, ingest: 0 };
    const examples: string[] = [];
    let lastKind: 'dashboard' | 'ingest' = 'dashboard';
    let eventsSent = 0;
    let eventsInserted = 0;
    const check = (kind: 'dashboard' | 'ingest') => (status: number, body: string) => {
      lastKind = kind;
      let problem: string | null = status === 200 ? null : `HTTP ${status}`;
      try {
        const parsed = JSON.parse(body);
        if (parsed.errors) problem = `${parsed.errors[0]?.extensions?.code}: ${parsed.errors[0]?.message}`;
        for (const w of parsed.data?.dashboard?.widgets ?? []) if (w.error) problem = `widget ${w.widget.key}: ${w.error.code}: ${w.error.message}`;
        if (kind === 'ingest' && parsed.data?.ingestEvents) {
          eventsSent += parsed.data.ingestEvents.received;
          eventsInserted += parsed.data.ingestEvents.inserted;
        }
      } catch {
        problem = `not JSON: ${body.slice(0, 200)}`;
      }
      if (problem) {
        errors[kind]++;
        if (examples.length < 10) examples.push(`${kind}: ${problem}`);
      }
    };
    // Requests sent and not yet answered, per autocannon connection context: what a timeout was.
    const started0 = Date.now();
    const pending = new Map<Record<string, unknown>, { kind: string; at: number; dims?: unknown }>();
    const headers = { 'content-type': 'application/json' };
    const read: AutocannonRequest = {
      method: 'POST', path: '/graphql', headers,
      setupRequest: (req, context) => {
        const dims = dashboardFilters();
        pending.set(context, { kind: 'dashboard', at: Date.now() - started0, dims });
        return { ...req, body: JSON.stringify({ query: DASHBOARD, variables: { dimensions: dims } }) };
      },
      onResponse: (status, body, context) => {
        pending.delete(context);
        check('dashboard')(status, body);
      },
    };
    const write: AutocannonRequest = {
      method: 'POST', path: '/graphql', headers,
      setupRequest: (req, context) => {
        pending.set(context, { kind: 'ingest', at: Date.now() - started0 });
        return { ...req, body: JSON.stringify({ query: INGEST, variables: { events: nextBatch() } }) };
      },
      onResponse: (status, body, context) => {
        pending.delete(context);
        check('ingest')(status, body);
      },
    };

    log(`running ${args.seconds} s with ${args.connections} connections against ${target.url}: ${args.readsPerIngest} dashboard reads per ingest batch of ${args.batch} events`);
    let peak = before;
    const timeline: { s: number; rssMb: number }[] = [];
    let ticks = 0;
    const sampler = setInterval(() => {
      const m = target.pid ? memory(target.pid) : null;
      if (m && (!peak || m.rssMb > peak.rssMb)) peak = m;
      if (m && ++ticks % 20 === 0) timeline.push({ s: ticks / 2, rssMb: round(m.rssMb) });
    }, 500);
    const loadBefore = os.loadavg()[0];
    const started = Date.now();
    const result = await new Promise<AutocannonResult>((resolve, reject) => {
      const instance = autocannon({
        url: target.url,
        connections: args.connections,
        duration: args.seconds,
        timeout: 30,
        requests: [...Array.from({ length: args.readsPerIngest }, () => read), write],
      }, (err, res) => (err ? reject(err) : resolve(res)));
      // onResponse (above) runs just before this event for the same response: lastKind is its kind.
      instance.on('response', (_client, _status, _bytes, ms) => latencies[lastKind].push(ms));
      (instance as unknown as { on(e: 'reqError', l: (err: Error) => void): void }).on('reqError', (err) => {
        const oldest = [...pending.values()].sort((a, b) => a.at - b.at)[0];
        if (examples.length < 10) examples.push(`transport: ${err.message}${oldest ? ` (oldest unanswered: ${oldest.kind} sent at ${(oldest.at / 1000).toFixed(1)} s${oldest.dims ? ` ${JSON.stringify(oldest.dims)}` : ''})` : ''}`);
      });
    });
    clearInterval(sampler);
    log(`load done: autocannon finished after ${((Date.now() - started) / 1000).toFixed(1)} s; waiting 5 s to read the idle memory`);
    const seconds = (Date.now() - started) / 1000;
    const loadAfter = os.loadavg()[0];
    const after = target.pid ? memory(target.pid) : null;
    await sleep(5000);
    const idle = target.pid ? memory(target.pid) : null;
    const inflowAfter = (await gql(target.url, '{ kpi(name: "inflow", dimensions: { period: { relative: LAST_90_DAYS } }) { value } }')).data?.kpi?.value;

    const transportErrors = result.errors; // autocannon counts timeouts among its errors
    const dashboard = stats(latencies.dashboard, errors.dashboard, seconds);
    const ingestStats = stats(latencies.ingest, errors.ingest, seconds);
    const all = stats([...latencies.dashboard, ...latencies.ingest], errors.dashboard + errors.ingest + transportErrors, seconds);
    const report = {
      date: new Date().toISOString(),
      command: `npx tsx load/run.ts ${process.argv.slice(2).join(' ')}`.trim(),
      database: target.database,
      planner: args.url ? 'not touched (--url)' : { autovacuum: planner.autovacuum, analyzedBeforeTheRun: planner.analyzed },
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}`, loadAverage1m: { before: round(loadBefore), after: round(loadAfter) } },
      generator: `autocannon ${JSON.parse(fs.readFileSync(require.resolve('autocannon/package.json'), 'utf8')).version}, ${args.connections} connections, sequence of ${args.readsPerIngest} dashboard reads + 1 ingest of ${args.batch} events per connection`,
      seconds: Math.round(seconds * 10) / 10,
      served: all.requests,
      errors: all.errors,
      transport: { errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx },
      throughputPerSecond: all.perSecond,
      latencyMs: { dashboard, ingest: ingestStats, all },
      events: { inAnsweredBatches: eventsSent, inserted: eventsInserted, perSecond: Math.round((eventsInserted / seconds) * 10) / 10 },
      casesCreatedLast90Days: { before: inflowBefore, after: inflowAfter },
      serverMemoryMb: target.pid ? {
        before: before && round(before.rssMb), peak: peak && round(peak.rssMb), after: after && round(after.rssMb), afterIdle5s: idle && round(idle.rssMb), highWaterMark: idle && round(idle.hwmMb),
        every10s: timeline,
      } : 'not measured (--url without --pid)',
      serverLogMb: Number.isNaN(target.logBytes()) ? undefined : round(target.logBytes() / 2 ** 20),
      errorExamples: examples,
    };

    if (args.json) console.log(JSON.stringify(report, null, 2));
    else {
      const line = (k: string, s: KindStats) => `  ${k.padEnd(10)} ${String(s.requests).padStart(7)} ${String(s.errors).padStart(6)} ${String(s.perSecond).padStart(8)} ${[s.p50, s.p95, s.p99, s.max].map((x) => String(x).padStart(8)).join('')}`;
      console.log([
        `stuurinfo load run ${report.date}`,
        `  database   ${report.database}${args.url ? '' : `; autovacuum ${planner.autovacuum}, ${planner.analyzed ? 'analyzed before the run' : 'NOT analyzed (--no-analyze)'}`}`,
        `  machine    ${report.machine.cpus} cores (${report.machine.cpuModel}), ${report.machine.memoryGb} GB, node ${report.machine.node}; 1-minute load average ${report.machine.loadAverage1m.before} before, ${report.machine.loadAverage1m.after} after`,
        `  generator  ${report.generator}`,
        `  duration   ${report.seconds} s`,
        '',
        `  kind       requests errors    req/s   p50 ms   p95 ms   p99 ms   max ms`,
        line('dashboard', dashboard),
        line('ingest', ingestStats),
        line('all', all),
        '',
        `  served ${report.served} requests, ${report.errors} errors (transport: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx)`,
        `  events stored ${eventsInserted} (${report.events.perSecond}/s) of ${eventsSent} in the answered batches`,
        typeof report.serverMemoryMb === 'string' ? `  server memory ${report.serverMemoryMb}` :
          `  server RSS MB: before ${report.serverMemoryMb.before}, peak ${report.serverMemoryMb.peak}, after ${report.serverMemoryMb.after}, after 5 s idle ${report.serverMemoryMb.afterIdle5s} (high-water mark ${report.serverMemoryMb.highWaterMark}); every 10 s: ${timeline.map((x) => x.rssMb).join(' ')}`,
        ...(examples.length ? ['  first errors:', ...examples.map((e) => `    ${e}`)] : []),
      ].join('\n'));
    }
    process.exitCode = report.errors === 0 ? 0 : 1;
  } finally {
    const t = Date.now();
    await target.stop();
    if (!args.url) log(`server stopped in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
}

const round = (x: number) => Math.round(x * 10) / 10;

main().catch((e) => {
  process.stderr.write(`load: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
