// Why: building a dataset takes long (1M cases: hours through the import path), so each one lives
// in a database of its own on the server, `stuurinfo_bench_<cases>_<months>`, with a `bench_meta`
// row that says what it holds and what building it measured. With --keep a matching database is
// reused (and its import figures reported from that row); otherwise it is built from scratch.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { knex, Knex } from 'knex';
import { DatasetSpec, GENERATOR_VERSION, writeDataset } from './dataset';
import { procMemory } from './import-child';
import { ROOT } from './server';

export interface BuildMeasurements {
  builtAt: string;
  events: number;
  cases: number;
  ndjsonBytes: number;
  generateSeconds: number;
  /** importNdjsonFile, both passes (its own summary). */
  importSeconds: number;
  importValidateSeconds: number;
  importStoreSeconds: number;
  /** Child process spawn → exit (node start, migrations, both passes). */
  importWallSeconds: number;
  importEventsPerSecond: number;
  importPeakRssKb: number | null;
  /** psql \copy of the same events into a plain table (no indexes, logged). */
  copySeconds: number | null;
  copyEventsPerSecond: number | null;
  copyError: string | null;
  vacuumAnalyzeSeconds: number;
  databaseBytes: number;
}

export interface Dataset {
  spec: DatasetSpec;
  name: string;
  url: string;
  reused: boolean;
  build: BuildMeasurements;
}

/**
 * `stuurinfo_bench_<cases>_<months>`: the cache a --keep run reuses. A run without --keep builds
 * its own throw-away database (`…_run<pid>`), so two runs on one server (CI) never collide.
 */
export const databaseName = (spec: DatasetSpec, keep: boolean) => `stuurinfo_bench_${spec.cases}_${spec.months}${keep ? '' : `_run${process.pid}`}`;

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const admin = (serverUrl: string): Knex => knex({ client: 'pg', connection: { connectionString: serverUrl, application_name: 'stuurinfo-bench' }, pool: { min: 0, max: 1 } });

const sameSpec = (a: DatasetSpec & { generator?: number }, b: DatasetSpec) =>
  a.cases === b.cases && a.months === b.months && a.now === b.now && a.seed === b.seed && a.zone === b.zone && a.generator === GENERATOR_VERSION;

async function storedMeta(url: string): Promise<{ spec: DatasetSpec & { generator?: number }; build: BuildMeasurements } | null> {
  const db = admin(url);
  try {
    const exists = await db.raw("select to_regclass('bench_meta') is not null as ok");
    if (!exists.rows[0].ok) return null;
    const row = await db('bench_meta').where('key', 'dataset').first('value');
    return row ? (row.value as { spec: DatasetSpec; build: BuildMeasurements }) : null;
  } finally {
    await db.destroy();
  }
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const db = admin(serverUrl);
  try {
    await db.raw(`drop database if exists ${name} with (force)`);
  } finally {
    await db.destroy();
  }
}

/** Runs the import child; resolves with its JSON line. Its peak RSS is also polled from /proc. */
function runImport(url: string, file: string, log: (s: string) => void): Promise<{ summary: any; wallSeconds: number; vmHwmKb: number | null; spawnToExitSeconds: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('bench', 'import-child.ts'), url, file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let polledHwm: number | null = null;
    const poll = setInterval(() => {
      const { hwmKb } = procMemory(child.pid!);
      if (hwmKb !== null) polledHwm = Math.max(polledHwm ?? 0, hwmKb);
    }, 500);
    let lastLog = 0;
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr!.on('data', (b: Buffer) => {
      const text = b.toString();
      err = (err + text).slice(-5000);
      if (Date.now() - lastLog > 15_000) {
        lastLog = Date.now();
        log(text.trim().split('\n').pop() ?? '');
      }
    });
    child.once('exit', (code) => {
      clearInterval(poll);
      if (code !== 0) return reject(new Error(`the import failed (exit ${code}):\n${err}`));
      try {
        const r = JSON.parse(out.trim().split('\n').pop()!);
        resolve({ ...r, vmHwmKb: Math.max(r.vmHwmKb ?? 0, polledHwm ?? 0) || null, spawnToExitSeconds: (Date.now() - started) / 1000 });
      } catch {
        reject(new Error(`the import printed no result:\n${out}\n${err}`));
      }
    });
  });
}

/** psql \copy of the COPY text file into a plain, unindexed (but logged) table; seconds, or an error. */
function timeCopy(url: string, file: string): Promise<{ seconds: number | null; error: string | null }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', url, '-c', `\\copy bench_copy_events (id, case_id, type, at, data) from '${file.replace(/'/g, "''")}'`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    child.once('error', (e) => resolve({ seconds: null, error: `psql: ${e.message}` }));
    child.once('exit', (code) => resolve(code === 0 ? { seconds: (Date.now() - started) / 1000, error: null } : { seconds: null, error: err.trim() || `psql exit ${code}` }));
  });
}

/**
 * The dataset's database, built or reused. Building: migrate (the import does), write the NDJSON
 * and COPY files, time a plain COPY of the events into a table without indexes, import them
 * through importNdjsonFile in a child process, VACUUM ANALYZE (stable plans), and record it all in bench_meta.
 */
export async function ensureDataset(serverUrl: string, spec: DatasetSpec, opts: { keep: boolean; tmpDir: string; log: (s: string) => void }): Promise<Dataset> {
  const name = databaseName(spec, opts.keep);
  const url = databaseUrl(serverUrl, name);
  const db = admin(serverUrl);
  let exists: boolean;
  try {
    exists = (await db.raw('select 1 from pg_database where datname = ?', [name])).rows.length > 0;
  } finally {
    await db.destroy();
  }
  if (exists && opts.keep) {
    const meta = await storedMeta(url).catch(() => null);
    if (meta && sameSpec(meta.spec, spec)) {
      opts.log(`${name}: reusing the dataset built ${meta.build.builtAt} (--keep)`);
      return { spec, name, url, reused: true, build: meta.build };
    }
    opts.log(`${name}: exists but holds another or an unfinished dataset; rebuilding`);
  }
  if (exists) await dropDatabase(serverUrl, name);
  const create = admin(serverUrl);
  try {
    await create.raw(`create database ${name}`);
  } finally {
    await create.destroy();
  }

  const ndjson = path.join(opts.tmpDir, `${name}.ndjson`);
  const copyFile = path.join(opts.tmpDir, `${name}.copy`);
  try {
    opts.log(`${name}: writing ${spec.cases.toLocaleString('en')} cases over ${spec.months} months…`);
    const written = await writeDataset(spec, ndjson, copyFile);
    opts.log(`${name}: ${written.events.toLocaleString('en')} events (${(written.bytes / 1e6).toFixed(0)} MB NDJSON) in ${written.seconds.toFixed(1)} s; timing a plain COPY of them…`);

    // The baseline first, on the empty database, each with a checkpoint before it, so neither
    // pays for writing back the other's dirty pages.
    const conn = admin(url);
    try {
      await conn.raw('create table bench_copy_events (id text not null, case_id text not null, type text not null, at timestamptz not null, data jsonb not null, received_at timestamptz not null default now())');
      await conn.raw('checkpoint');
      const copy = await timeCopy(url, copyFile);
      await conn.raw('drop table bench_copy_events');
      await conn.raw('checkpoint');
      opts.log(`${name}: COPY ${copy.seconds !== null ? `${copy.seconds.toFixed(1)} s` : `failed: ${copy.error}`}; importing through importNdjsonFile…`);

      const imp = await runImport(url, ndjson, (line) => opts.log(`${name}: ${line.trim()}`));
      const s = imp.summary;
      opts.log(`${name}: imported in ${s.seconds.toFixed(1)} s (${Math.round(s.eventsPerSecond).toLocaleString('en')} events/s), peak RSS ${((imp.vmHwmKb ?? 0) / 1024).toFixed(0)} MB; vacuum analyze…`);
      const v = Date.now();
      await conn.raw('vacuum analyze');
      const vacuumSeconds = (Date.now() - v) / 1000;
      const bytes = Number((await conn.raw('select pg_database_size(current_database()) as b')).rows[0].b);
      const build: BuildMeasurements = {
        builtAt: new Date().toISOString(),
        events: s.events,
        cases: written.cases,
        ndjsonBytes: written.bytes,
        generateSeconds: written.seconds,
        importSeconds: s.seconds,
        importValidateSeconds: s.validateSeconds,
        importStoreSeconds: s.storeSeconds,
        importWallSeconds: imp.spawnToExitSeconds,
        importEventsPerSecond: s.eventsPerSecond,
        importPeakRssKb: imp.vmHwmKb,
        copySeconds: copy.seconds,
        copyEventsPerSecond: copy.seconds ? written.events / copy.seconds : null,
        copyError: copy.error,
        vacuumAnalyzeSeconds: vacuumSeconds,
        databaseBytes: bytes,
      };
      await conn.raw('create table if not exists bench_meta (key text primary key, value jsonb not null)');
      await conn.raw("insert into bench_meta (key, value) values ('dataset', ?::jsonb) on conflict (key) do update set value = excluded.value",
        [JSON.stringify({ spec: { ...spec, generator: GENERATOR_VERSION }, build })]);
      return { spec, name, url, reused: false, build };
    } finally {
      await conn.destroy();
    }
  } finally {
    fs.rmSync(ndjson, { force: true });
    fs.rmSync(copyFile, { force: true });
  }
}

/** Removes what earlier ingest scenarios added (case ids `bi-…`), so a kept dataset stays as built. */
export async function removeIngested(url: string): Promise<number> {
  const db = admin(url);
  try {
    let removed = 0;
    await db.transaction(async (trx) => {
      for (const table of ['task_intervals', 'tasks', 'letters', 'case_closings', 'case_intervals', 'cases', 'events']) {
        const r = await trx.raw(`delete from ${table} where case_id >= 'bi-' and case_id < 'bi.'`);
        if (table === 'cases') removed = r.rowCount ?? 0;
      }
    });
    return removed;
  } finally {
    await db.destroy();
  }
}
