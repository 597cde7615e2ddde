// Why: the fault tests (issue 5, item 6) need things the ordinary harness does not give: a real
// PostgreSQL server even in the PGlite run, throw-away databases on it, the service and the
// importer as separate processes (so they can be signalled or killed), and a way to compare the
// read model with a rebuild from the event log. This module is their shared toolbox.
import { execFile, execFileSync, spawn, ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { knex, Knex } from 'knex';
import { Database, migrate, openDatabase } from '../../src/db/connection';
import { PROCESSES, ProcessCatalog } from '../../src/processes';
import { syncProcesses } from '../../src/processes/sync';
import { IngestContext } from '../../src/ingest/ingest';
import { rebuildReadModel } from '../../src/cli/rebuild';

export const ROOT = path.resolve(__dirname, '../..');
export const catalog = new ProcessCatalog(PROCESSES);
export const ingestContext = (db: { knex: Knex }): IngestContext => ({ knex: db.knex, catalog, zone: 'Europe/Amsterdam' });

/** The fallback server when TEST_DATABASE_URL is not set. */
export const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The PostgreSQL server the fault tests use: TEST_DATABASE_URL, else the local server on
 * 127.0.0.1:5432 when `pg_isready` says it accepts connections. `reason` says why there is none.
 */
export function postgresServer(): { url?: string; reason?: string } {
  if (process.env.TEST_DATABASE_URL) return { url: process.env.TEST_DATABASE_URL };
  try {
    execFileSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q'], { stdio: 'ignore', timeout: 10_000 });
    return { url: LOCAL_POSTGRES };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { reason: code === 'ENOENT' ? 'pg_isready is not installed (no PostgreSQL on this machine)' : 'no PostgreSQL accepts connections on 127.0.0.1:5432 and TEST_DATABASE_URL is not set' };
  }
}

/** Prints why a suite is skipped, so a skip is never silent. */
export function announceSkip(suite: string, reason: string): void {
  process.stderr.write(`\n[skipped] ${suite}: ${reason}\n`);
}

export interface ThrowAwayDatabase extends Database {
  name: string;
  /** postgres://…/<name> */
  url: string;
  dispose(): Promise<void>;
}

/** A knex logger that drops knex's own warnings (tests that break connections on purpose). */
export const QUIET = { warn: () => undefined, error: () => undefined, debug: () => undefined, deprecate: () => undefined };

/** Creates (and migrates) a database of its own on the server; `dispose` drops it. */
export async function createPostgresDatabase(serverUrl: string, label = 'fault'): Promise<ThrowAwayDatabase> {
  const name = `stuurinfo_${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(`create database ${name}`);
  } finally {
    await admin.destroy();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const setup = await openDatabase({ url: url.toString(), poolMax: 1 });
  try {
    await migrate(setup);
    await syncProcesses(setup.knex, PROCESSES);
  } finally {
    await setup.close();
  }
  // The test's own connections carry another application_name than the service ('stuurinfo'), so
  // pg_stat_activity tells them apart.
  const own = knex({ client: 'pg', connection: { connectionString: url.toString(), application_name: 'stuurinfo-fault-test' }, pool: { min: 0, max: 4 }, log: QUIET });
  return {
    knex: own,
    kind: 'postgres',
    close: () => own.destroy(),
    name,
    url: url.toString(),
    dispose: async () => {
      await own.destroy().catch(() => undefined);
      const drop = knex({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
      try {
        await drop.raw(`drop database if exists ${name} with (force)`);
      } finally {
        await drop.destroy();
      }
    },
  };
}

/** Connections of the service (application_name 'stuurinfo') to this database right now. */
export async function serviceConnections(serverUrl: string, database: string): Promise<number> {
  const admin = knex({ client: 'pg', connection: { connectionString: serverUrl, application_name: 'stuurinfo-fault-test' }, pool: { min: 0, max: 1 } });
  try {
    const { rows } = await admin.raw(`select count(*)::int as n from pg_stat_activity where datname = ? and application_name = 'stuurinfo'`, [database]);
    return rows[0].n as number;
  } finally {
    await admin.destroy();
  }
}

/** Primary keys of every table the ingest path writes. */
export const TABLES: Record<string, string> = {
  events: 'id',
  cases: 'case_id',
  case_intervals: 'case_id, valid_from',
  case_closings: 'event_id',
  letters: 'event_id',
  tasks: 'case_id, task_id',
  task_intervals: 'case_id, task_id, valid_from',
};
export const READ_MODEL = Object.keys(TABLES).filter((t) => t !== 'events');

/** Every row of the tables as JSON text, ordered by primary key; `received_at` left out of events. */
export async function dump(db: Knex, tables = Object.keys(TABLES)): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const row = table === 'events' ? `to_jsonb(t) - 'received_at'` : 'to_jsonb(t)';
    const rows = (await db.raw(`select (${row})::text as r from ${table} t order by ${TABLES[table]}`)).rows as { r: string }[];
    out[table] = rows.map((x) => x.r);
  }
  return out;
}

/**
 * The read model as it is, and as `npm run rebuild` makes it from the event log alone. Equal
 * means: no case is half written and nothing is missing or left over.
 */
export async function readModelAndRebuild(db: { knex: Knex }): Promise<{ before: Record<string, string[]>; rebuilt: Record<string, string[]> }> {
  const before = await dump(db.knex, READ_MODEL);
  await rebuildReadModel(ingestContext(db), { chunkSize: 500 });
  const rebuilt = await dump(db.knex, READ_MODEL);
  return { before, rebuilt };
}

/** A TCP port nobody listens on right now. */
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

/** The environment of a child process: ours, without the test runner's and the service's own settings. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(NODE_OPTIONS|NODE_ENV|DATABASE_URL|DATABASE_READ_URL|DATA_DIR|TEST_DATABASE_URL|PORT|DEMO_DATA|PERMISSIONS.*|AUTH_.*|OIDC_.*|PRIVACY_.*|MAX_.*|KPI_TIMEOUT_MS|RESULT_CACHE_POINTS)$/.test(k)) continue;
    env[k] = v;
  }
  // Development mode without authentication (refused in production): these tests are about faults.
  return { ...env, AUTH_MODE: 'off', DEMO_DATA: 'false', DEFAULT_TIMEZONE: 'Europe/Amsterdam', ...extra };
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process printed so far. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
}

/**
 * Starts `src/index.ts` as its own node process (node --import tsx, so `child.pid` is the server
 * itself and signals reach it directly) and waits for "ready".
 */
export async function startServer(env: Record<string, string>, timeoutMs = 240_000): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], { cwd: ROOT, env: childEnv({ ...env, PORT: String(port) }), stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (b: Buffer) => (text += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (text += b.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const started = Date.now();
  while (!/ready in /.test(text)) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited before it was ready:\n${text}`);
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`the server was not ready within ${timeoutMs} ms:\n${text}`);
    }
    await sleep(50);
  }
  return { child, url: `http://127.0.0.1:${port}`, output: () => text, exited };
}

/** Runs a CLI (src/cli/<script>.ts) to its end. */
export function runCli(script: string, args: string[], env: Record<string, string>, timeoutMs = 180_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], { cwd: ROOT, env: childEnv(env), timeout: timeoutMs, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One HTTP request on a connection of its own (no keep-alive): a test that restarts things must not
 * race the server closing an idle kept-alive socket ("other side closed").
 */
export function httpRequest(url: string, method: 'GET' | 'POST', body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false, headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** POST /graphql; resolves with the HTTP status and the parsed body. */
export async function postGraphql(url: string, query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: any }> {
  const { status, text } = await httpRequest(`${url}/graphql`, 'POST', JSON.stringify({ query, variables }));
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status, body };
}

export const INGEST = 'mutation Ingest($events: [CaseEventInput!]!) { ingestEvents(events: $events) { received inserted duplicates casesRebuilt } }';
