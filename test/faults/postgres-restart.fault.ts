// Why: issue 5, item 6: "PostgreSQL stopped and started again while the service runs → readiness
// goes false, requests fail fast with a clear error, and the service recovers by itself with no
// restart". A database restart (minor upgrade, failover, a crashed server) must not leave the
// service hanging on dead connections or needing a restart of its own.
//
// This test STOPS the machine's PostgreSQL, so it is not part of `npm test` (other tests use that
// server at the same time). Run it alone:  npx jest -c jest.faults.config.js
// It uses TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) and stops and
// starts the cluster FAULTS_PG_CLUSTER ("<version>/<name>", default "<ls /etc/postgresql>/main")
// with pg_ctlcluster, after checking that this cluster is the one listening on that URL's port.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { generateDemoEvents } from '../../src/demo/generate';
import { announceSkip, createPostgresDatabase, httpRequest, INGEST, LOCAL_POSTGRES, postGraphql, ServerProcess, sleep, startServer, ThrowAwayDatabase } from './support';

const serverUrl = process.env.TEST_DATABASE_URL || LOCAL_POSTGRES;
const port = new URL(serverUrl).port || '5432';
const host = new URL(serverUrl).hostname || '127.0.0.1';

function which(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function isReady(): boolean {
  try {
    execFileSync('pg_isready', ['-h', host, '-p', port, '-q'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** The cluster to stop, or why this test cannot run here. */
function cluster(): { version?: string; name?: string; reason?: string } {
  if (!which('pg_ctlcluster') || !which('pg_lsclusters')) return { reason: 'pg_ctlcluster is not installed (not a Debian/Ubuntu PostgreSQL)' };
  if (!which('pg_isready')) return { reason: 'pg_isready is not installed' };
  let version: string;
  let name: string;
  if (process.env.FAULTS_PG_CLUSTER) {
    [version, name] = process.env.FAULTS_PG_CLUSTER.split('/');
  } else {
    const versions = fs.existsSync('/etc/postgresql') ? fs.readdirSync('/etc/postgresql').sort() : [];
    if (!versions.length) return { reason: 'no cluster in /etc/postgresql' };
    [version, name] = [versions[0], 'main'];
  }
  // Only stop the cluster that actually serves the URL the test talks to.
  const line = execFileSync('pg_lsclusters', ['-h'], { encoding: 'utf8' }).split('\n').map((l) => l.trim().split(/\s+/)).find((f) => f[0] === version && f[1] === name);
  if (!line) return { reason: `cluster ${version}/${name} not found by pg_lsclusters` };
  if (line[2] !== port) return { reason: `cluster ${version}/${name} listens on port ${line[2]}, not on ${port} of ${serverUrl}` };
  if (!isReady()) return { reason: `no PostgreSQL accepts connections on ${host}:${port}` };
  return { version, name };
}

/** `fast` is what a restart or upgrade does; `immediate` is a crash (no goodbye to clients, crash recovery at start). */
type StopMode = 'fast' | 'immediate';

function pgCtl(action: 'start' | 'stop', c: { version?: string; name?: string }, mode: StopMode = 'fast'): void {
  const args = ['--skip-systemctl-redirect', ...(action === 'stop' ? ['-m', mode] : []), c.version!, c.name!, action];
  execFileSync('pg_ctlcluster', args, { stdio: 'pipe', timeout: 120_000 });
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(100);
  }
  return Date.now() - started;
}

/** What a client may see: a contract code, a sentence for a person, nothing internal. */
function expectCleanError(body: any) {
  expect(body.errors?.length).toBeGreaterThan(0);
  for (const e of body.errors) {
    expect(['INTERNAL_SERVER_ERROR', 'TIMEOUT']).toContain(e.extensions?.code);
    const text = JSON.stringify(e);
    expect(text).not.toMatch(/ECONNREFUSED|terminating connection|57P0|select |relation |syntax error|\.ts:\d|\/work\/|node_modules|\n\s+at /i);
    expect(e.extensions?.stacktrace).toBeUndefined();
  }
}

const target = cluster();
const run = target.reason ? describe.skip : describe;
if (target.reason) announceSkip('PostgreSQL stopped and started while the service runs', target.reason);

run(`PostgreSQL ${target.version}/${target.name} stopped and started while the service runs`, () => {
  let db: ThrowAwayDatabase;
  // The service runs as its own process, as in production (and outside Jest's module sandbox,
  // whose Error class differs from the one Node's network errors are made with).
  let server: ServerProcess;
  let url: string;
  const KPI = '{ kpi(name: "openCases", dimensions: { asOf: "2025-06-01T00:00:00Z" }) { value } }';
  const SLOW_KPI = `{ kpi(name: "openCases", dimensions: { granularity: HOUR, groupBy: [STATUS],
    period: { from: "2025-01-01T00:00:00Z", to: "2025-03-20T00:00:00Z" } }) { value points { value } } }`;
  const timed = async <T>(p: Promise<T>): Promise<[T, number]> => {
    const t = Date.now();
    const r = await p;
    return [r, Date.now() - t];
  };
  const ready = async () => {
    try {
      return (await httpRequest(`${url}/health/ready`, 'GET')).status;
    } catch (e) {
      throw new Error(`readiness request failed (${(e as Error).message}); server ${server.child.exitCode === null ? 'still running' : `exited with ${server.child.exitCode ?? server.child.signalCode}`}:\n${server.output().slice(-3000)}`);
    }
  };

  beforeAll(async () => {
    db = await createPostgresDatabase(serverUrl, 'restart');
    server = await startServer({ DATABASE_URL: db.url });
    url = server.url;
    const events = [...generateDemoEvents({ now: new Date('2025-06-01T00:00:00Z'), months: 6, scale: 0.2, seed: 3 })].slice(0, 8000);
    const r = await postGraphql(url, INGEST, { events });
    expect(r.body.errors).toBeUndefined();
  });

  afterAll(async () => {
    // Whatever happened above: PostgreSQL runs again before anything else.
    if (!isReady()) {
      try {
        pgCtl('start', target);
      } catch (e) {
        process.stderr.write(`restarting PostgreSQL failed: ${(e as Error).message}\n`);
      }
      await waitUntil(isReady, 60_000).catch(() => process.stderr.write('PostgreSQL is NOT accepting connections again after the fault test\n'));
    }
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await db?.dispose();
  });

  it.each<StopMode>(['fast', 'immediate'])('stop -m %s: readiness goes 503, requests fail fast with a clean error, and the service recovers by itself', async (mode) => {
    expect(await ready()).toBe(200);
    const before = await postGraphql(url, KPI);
    expect(before.body.errors).toBeUndefined();
    const value = before.body.data.kpi.value;
    expect(value).toBeGreaterThan(0);
    const pid = server.child.pid;
    const outputBefore = server.output().length;

    const report: string[] = [];
    try {
      // A long query is running when the database goes away.
      const inFlight = timed(postGraphql(url, SLOW_KPI));
      await sleep(100);
      const stopStarted = Date.now();
      pgCtl('stop', target, mode);
      report.push(`pg_ctlcluster stop -m ${mode} took ${Date.now() - stopStarted} ms`);
      expect(isReady()).toBe(false);

      const [flight, flightMs] = await inFlight;
      report.push(`request in flight during the stop: ${flight.body.errors ? `error ${flight.body.errors[0].extensions?.code} "${flight.body.errors[0].message}"` : 'answered before the stop'} after ${flightMs} ms`);
      if (flight.body.errors) expectCleanError(flight.body);

      // Readiness says so, quickly.
      const [status, readyMs] = await timed(ready());
      expect(status).toBe(503);
      expect(readyMs).toBeLessThan(2000);
      report.push(`readiness while down: ${status} in ${readyMs} ms`);

      // Every kind of request fails fast (not after a connection timeout) with a clean error.
      for (const [label, query, variables] of [
        ['kpi', KPI, undefined],
        ['dashboard', '{ dashboard(key: "ooievaarspas") { widgets { result { value } error { code message } } } }', undefined],
        ['ingest', INGEST, { events: [{ id: `down-${mode}`, type: 'case.created', caseId: `down-case-${mode}`, at: '2025-05-01T09:00:00+02:00', data: { caseType: 'ooievaarspas' } }] }],
      ] as const) {
        for (let i = 0; i < 3; i++) {
          const [r, ms] = await timed(postGraphql(url, query, variables as Record<string, unknown> | undefined));
          expect(ms).toBeLessThan(3000);
          if (label === 'dashboard' && !r.body.errors) {
            // A dashboard may answer with every widget carrying its own error instead.
            for (const w of r.body.data.dashboard.widgets) {
              expect(w.result).toBeNull();
              expect(['INTERNAL_SERVER_ERROR', 'TIMEOUT']).toContain(w.error.code);
              expect(w.error.message).not.toMatch(/ECONNREFUSED|select |relation |\.ts:\d|\n\s+at /i);
            }
          } else {
            if (!r.body.errors) throw new Error(`${label} while PostgreSQL is down answered without an error: ${JSON.stringify(r.body).slice(0, 300)}`);
            expectCleanError(r.body);
          }
          if (i === 0) report.push(`${label} while down: ${r.body.errors?.[0]?.extensions?.code ?? 'widget errors'} "${r.body.errors?.[0]?.message ?? r.body.data?.dashboard?.widgets?.[0]?.error?.message}" in ${ms} ms`);
        }
      }
      // The process kept running: the same server answers liveness.
      expect((await httpRequest(`${url}/health/live`, 'GET')).status).toBe(200);
    } finally {
      const t = Date.now();
      pgCtl('start', target);
      await waitUntil(isReady, 60_000);
      report.push(`pg_ctlcluster start until pg_isready: ${Date.now() - t} ms`);
    }

    // Recovery without a restart of the service: readiness and answers come back by themselves.
    const recoveredMs = await waitUntil(async () => (await ready()) === 200, 30_000);
    report.push(`readiness 200 again ${recoveredMs} ms after pg_isready`);
    const after = await postGraphql(url, KPI);
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data.kpi.value).toBe(value);
    const ingest = await postGraphql(url, INGEST, { events: [{ id: `after-${mode}`, type: 'case.created', caseId: `after-case-${mode}`, at: '2025-05-01T09:00:00+02:00', data: { caseType: 'ooievaarspas' } }] });
    expect(ingest.body).toEqual({ data: { ingestEvents: { received: 1, inserted: 1, duplicates: 0, casesRebuilt: 1 } } });
    // The refused ingest during the outage stored nothing.
    expect(await db.knex('events').where({ id: `down-${mode}` }).first()).toBeUndefined();
    // The same process answered throughout: no restart.
    expect(server.child.exitCode).toBeNull();
    expect(server.child.pid).toBe(pid);
    // What went wrong was logged on the server (not shown to the client).
    expect(server.output().slice(outputBefore)).toMatch(/ECONNREFUSED|terminat/);
    process.stderr.write(`PostgreSQL stop -m ${mode} and start while the service runs:\n${report.map((l) => `  ${l}\n`).join('')}`);
  });
});
