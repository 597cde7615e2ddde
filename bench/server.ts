// Why: the bench measures the real service over HTTP: the server runs as a child process of its
// own, the compiled build that `npm start` runs (`node dist/src/index.js`, so the child's pid is
// the server and its /proc status is the server's memory), and the embedded first/later start is
// `npm start` on a temp DATA_DIR.
import { spawn, ChildProcess } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { procMemory } from './import-child';

export const ROOT = path.resolve(__dirname, '..');

/** scripts/built.js: the check and the compile of `npm start` and `npm run import`. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const compiledBuild = require('../scripts/built') as { built(file: string, log?: (m: string) => void): string; buildIsStale(): boolean };

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Our environment without anything that would change what the service does, plus `extra`. */
export function serviceEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(DATABASE_URL|DATABASE_READ_URL|DATA_DIR|PORT|NODE_ENV|NODE_OPTIONS|DEMO_DATA|LOG_LEVEL|TEST_DATABASE_URL|AUTH_.*|PRIVACY_.*|MAX_.*|KPI_TIMEOUT_MS|DEFAULT_TIMEZONE|PLAYGROUND|INTROSPECTION|ASSIGNEE_DIMENSION)$/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, AUTH_MODE: 'off', DEFAULT_TIMEZONE: 'Europe/Amsterdam', ...extra };
}

export interface RunningServer {
  child: ChildProcess;
  pid: number;
  url: string;
  startSeconds: number;
  output(): string;
  stop(): Promise<void>;
}

/** Waits until the output matches `ready`, the process ends, or the time is up. */
async function waitFor(child: ChildProcess, text: () => string, ready: RegExp, timeoutMs: number, what: string): Promise<void> {
  const started = Date.now();
  while (!ready.test(text())) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited before it was ready:\n${text().slice(-3000)}`);
    if (Date.now() - started > timeoutMs) throw new Error(`${what} was not ready within ${timeoutMs / 1000} s:\n${text().slice(-3000)}`);
    await sleep(20);
  }
}

function stopChild(child: ChildProcess, group: boolean, timeoutMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = (signal: NodeJS.Signals) => {
      try {
        if (group && child.pid) process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    kill('SIGTERM');
  });
}

/** A node process on a free port (its arguments and environment given the port), running once it prints "ready in". */
async function startOnPort(
  args: (port: number) => string[], env: (port: number) => NodeJS.ProcessEnv | undefined, timeoutMs: number, what: string,
): Promise<RunningServer> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn(process.execPath, args(port), { cwd: ROOT, env: env(port), stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (b: Buffer) => (text += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (text += b.toString()));
  try {
    await waitFor(child, () => text, /ready in /, timeoutMs, what);
  } catch (e) {
    await stopChild(child, false);
    throw e;
  }
  return {
    child, pid: child.pid!, url: `http://127.0.0.1:${port}`, startSeconds: (Date.now() - started) / 1000,
    output: () => text, stop: () => stopChild(child, false),
  };
}

/** The service on a real PostgreSQL, as its own node process (the compiled build), on a free port. */
export function startServer(databaseUrl: string, label: string): Promise<RunningServer> {
  const profile = process.env.BENCH_SERVER_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_SERVER_PROF] : [];
  return startOnPort(
    () => [...profile, compiledBuild.built('src/index.js', (m) => process.stderr.write(`${m}\n`))],
    (port) => serviceEnv({ DATABASE_URL: databaseUrl, DEMO_DATA: 'false', LOG_LEVEL: 'silent', PORT: String(port) }),
    120_000, `the server (${label})`,
  );
}

/** bench/floor-server.js on a free port: the bare node:http + pg floor of the overhead target. */
export function startFloorServer(databaseUrl: string): Promise<RunningServer> {
  return startOnPort((port) => [path.join(ROOT, 'bench', 'floor-server.js'), databaseUrl, String(port)], () => undefined, 30_000, 'the floor server');
}

/** One statement through the floor server, timed like `graphql` (request sent → body parsed); NaN and an error on failure. */
export async function floorQuery(url: string, sql: string, bindings: unknown[]): Promise<{ ms: number; error: string | null }> {
  const started = performance.now();
  try {
    const res = await post(url, JSON.stringify({ text: sql, values: bindings }), '/');
    const body = JSON.parse(res.text) as { errors?: { message: string }[] };
    const ms = performance.now() - started;
    return body.errors ? { ms: NaN, error: body.errors[0].message } : { ms, error: null };
  } catch (e) {
    return { ms: NaN, error: (e as Error).message };
  }
}

export interface GraphqlResult {
  ms: number;
  status: number;
  body: any;
  /** Transport errors, GraphQL errors, and widget errors of a dashboard. */
  errors: string[];
}

/**
 * The client side of the HTTP scenarios: node's own http module on a keep-alive connection, the
 * counterpart of the `pg` client on the direct side. (undici's `fetch` added 0.6 ms to every
 * request on this machine, 1.67 against 1.03 ms for `{ __typename }`: client cost, not server.)
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

function post(url: string, body: string, pathname = '/graphql'): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(`${url}${pathname}`);
    const req = http.request({
      host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** POST /graphql and time it (request sent → body parsed). */
export async function graphql(url: string, query: string, variables?: Record<string, unknown>): Promise<GraphqlResult> {
  const started = performance.now();
  let status = 0;
  let body: any = null;
  const errors: string[] = [];
  try {
    const res = await post(url, JSON.stringify({ query, variables }));
    status = res.status;
    const text = res.text;
    try {
      body = JSON.parse(text);
    } catch {
      errors.push(`HTTP ${status}: ${text.slice(0, 300)}`);
    }
  } catch (e) {
    errors.push(`request failed: ${(e as Error).message}`);
  }
  const ms = performance.now() - started;
  if (status !== 200 && errors.length === 0) errors.push(`HTTP ${status}`);
  for (const e of body?.errors ?? []) errors.push(`${e.extensions?.code ?? 'ERROR'}: ${String(e.message).slice(0, 300)}`);
  for (const w of body?.data?.dashboard?.widgets ?? []) {
    if (w.error) errors.push(`widget ${w.widget?.key}: ${w.error.code}: ${w.error.message}`);
  }
  return { ms, status, body, errors };
}

/** Samples a process's RSS until `stop` is called: the highest VmRSS seen, and VmHWM at the end. */
export function sampleRss(pid: number, everyMs = 200): { stop(): { maxRssKb: number | null; vmHwmKb: number | null; samples: number } } {
  let max: number | null = null;
  let samples = 0;
  const tick = () => {
    const { rssKb } = procMemory(pid);
    if (rssKb !== null) {
      max = Math.max(max ?? 0, rssKb);
      samples++;
    }
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      tick();
      return { maxRssKb: max, vmHwmKb: procMemory(pid).hwmKb, samples };
    },
  };
}

export interface EmbeddedStart {
  /** spawn → "ready" printed, first start on an empty DATA_DIR (demo data loaded). */
  firstSeconds: number | null;
  /** spawn → "ready" printed, the next start on the same DATA_DIR. */
  laterSeconds: number | null;
  /** `npm start` compiled first (the build was older than the sources): that start, untimed. */
  compileSeconds: number | null;
  demoLine: string | null;
  error: string | null;
}

/** `npm start` in its own process group (npm → node), timed until "ready" is printed. */
async function npmStart(dataDir: string, demo: boolean, timeoutMs: number): Promise<{ seconds: number; output: string; compiled: boolean }> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: serviceEnv({ DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'silent', ...(demo ? {} : { DEMO_DATA: 'false' }) }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let text = '';
  child.stdout!.on('data', (b: Buffer) => (text += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (text += b.toString()));
  try {
    await waitFor(child, () => text, /ready in /, timeoutMs, '`npm start` (embedded)');
    return { seconds: (Date.now() - started) / 1000, output: text, compiled: /compiling/.test(text) };
  } finally {
    await stopChild(child, true);
  }
}

/**
 * Embedded first and later start. When `npm start` has to compile first (sources newer than
 * dist/), one untimed start with DEMO_DATA=false compiles, so the timed starts measure starting.
 */
export async function embeddedStart(tmpRoot: string): Promise<EmbeddedStart> {
  const out: EmbeddedStart = { firstSeconds: null, laterSeconds: null, compileSeconds: null, demoLine: null, error: null };
  const warm = fs.mkdtempSync(path.join(tmpRoot, 'embedded-compile-'));
  const dir = fs.mkdtempSync(path.join(tmpRoot, 'embedded-'));
  try {
    if (compiledBuild.buildIsStale()) {
      const probe = await npmStart(warm, false, 300_000);
      if (probe.compiled) out.compileSeconds = probe.seconds;
    }
    const first = await npmStart(dir, true, 300_000);
    out.firstSeconds = first.seconds;
    out.demoLine = first.output.split('\n').find((l) => /demo data loaded/.test(l))?.trim() ?? null;
    const later = await npmStart(dir, true, 120_000);
    out.laterSeconds = later.seconds;
  } catch (e) {
    out.error = (e as Error).message.slice(0, 2000);
  } finally {
    fs.rmSync(warm, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
