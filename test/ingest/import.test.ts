// Why: `npm run import` is how a municipality loads its history (contract sections 1 and 3). These
// tests hold it to its promises on the real database: a bad file changes nothing and names every
// bad line; importing twice, in another order, or in other batches gives exactly the same state;
// the read model can be rebuilt from the event log alone; and the command itself behaves.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import type { Knex } from 'knex';
import { createTestDatabase, databaseLabel, TestDatabase } from '../helpers/database';
import { importNdjsonFile, ImportRefused, ImportSummary } from '../../src/ingest/ndjson';
import { IngestContext } from '../../src/ingest/ingest';
import { PROCESSES, ProcessCatalog } from '../../src/processes';
import { generateDemoEvents, RawEvent } from '../../src/demo/generate';
import { shuffled } from '../helpers/shuffle';
import { openDatabase } from '../../src/db/connection';
import { rebuildReadModel } from '../../src/cli/rebuild';

const ROOT = path.resolve(__dirname, '../..');
const catalog = new ProcessCatalog(PROCESSES);
const context = (db: { knex: Knex }): IngestContext => ({ knex: db.knex, catalog, zone: 'Europe/Amsterdam' });

/** Primary keys of every table the import writes. */
const TABLES: Record<string, string> = {
  events: 'id',
  cases: 'case_id',
  case_intervals: 'case_id, valid_from',
  case_closings: 'event_id',
  letters: 'event_id',
  tasks: 'case_id, task_id',
  task_intervals: 'case_id, task_id, valid_from',
};
const READ_MODEL = Object.keys(TABLES).filter((t) => t !== 'events');

/**
 * Every row of every table as JSON text (timestamps as text, 'infinity' included), ordered by
 * primary key. `received_at` (when it was stored) is left out where two databases are compared.
 */
async function dump(knex: Knex, options: { receivedAt?: boolean; tables?: string[]; caseIds?: string[] } = {}): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of options.tables ?? Object.keys(TABLES)) {
    const row = table === 'events' && !options.receivedAt ? `to_jsonb(t) - 'received_at'` : 'to_jsonb(t)';
    const where = options.caseIds ? 'where case_id = any(?::text[])' : '';
    const rows = (await knex.raw(`select (${row})::text as r from ${table} t ${where} order by ${TABLES[table]}`, options.caseIds ? [options.caseIds] : [])).rows as { r: string }[];
    out[table] = rows.map((x) => x.r);
  }
  return out;
}

let tmp: string;
let seq = 0;
function writeFile(lines: (object | string)[], name = `f${++seq}.ndjson`): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
}

/** ~5,400 events of 372 cases, grouped by case as the demo generator writes them. */
const DEMO: RawEvent[] = [...generateDemoEvents({ now: new Date('2025-06-01T00:00:00Z'), months: 4, scale: 0.1 })];
const DEMO_CASES = new Set(DEMO.map((e) => e.caseId)).size;

const c = (id: string, caseId: string, at: string, data: Record<string, unknown> = {}) => ({ id, type: 'case.created', caseId, at, data: { caseType: 'ooievaarspas', ...data } });

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stuurinfo-import-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe(`NDJSON import on ${databaseLabel()}`, () => {
  let db: TestDatabase;
  /** A second database, for imports in another order or other batches. */
  let other: TestDatabase;
  let demoFile: string;
  let first: ImportSummary;
  let afterFirst: Record<string, string[]>;
  /** The state after importing DEMO as written, in batches of 5,000 (without received_at). */
  let expected: Record<string, string[]>;

  beforeAll(async () => {
    [db, other] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    demoFile = writeFile(DEMO, 'demo.ndjson');
    first = await importNdjsonFile(context(db), demoFile, { batchSize: 5000 });
    afterFirst = await dump(db.knex, { receivedAt: true });
    expected = await dump(db.knex);
  });
  afterAll(async () => {
    await Promise.all([db?.dispose(), other?.dispose()]);
  });

  const reset = () => other.knex.raw(`truncate ${Object.keys(TABLES).join(', ')}`);

  it('(c) a shuffled copy of the file gives exactly the same read model', async () => {
    await reset();
    // Batches of 500 of a shuffled file: most cases are spread over many batches, and many a
    // batch holds events of a case whose case.created comes in a later one.
    const s = await importNdjsonFile(context(other), writeFile(shuffled(DEMO, 2025)), { batchSize: 500 });
    expect(s).toMatchObject({ inserted: DEMO.length, duplicates: 0 });
    expect(s.batches).toBeGreaterThanOrEqual(10);
    expect(await dump(other.knex)).toEqual(expected);
  });

  it('(d) batches of 7 events, which split cases, give the same state as batches of 5,000', async () => {
    await reset();
    // The first 100 cases (the file groups events by case): ~1,500 events, ~200 batches.
    const caseIds = [...new Set(DEMO.map((e) => e.caseId))].slice(0, 100);
    const events = DEMO.filter((e) => caseIds.includes(e.caseId));
    const s = await importNdjsonFile(context(other), writeFile(events), { batchSize: 7, bulk: false });
    expect(s.batches).toBeGreaterThan(caseIds.length); // so cases were split
    expect(s.batches).toBeGreaterThanOrEqual(Math.ceil(events.length / 14));
    expect(s.inserted).toBe(events.length);
    expect(await dump(other.knex)).toEqual(await dump(db.knex, { caseIds }));
  });

  it('stores a file and reports what it did', () => {
    expect(DEMO.length).toBeGreaterThan(5000);
    expect(first).toMatchObject({ file: demoFile, lines: DEMO.length, blankLines: 0, events: DEMO.length, inserted: DEMO.length, duplicates: 0, casesRebuilt: DEMO_CASES, batches: 2 });
    // An empty PostgreSQL database takes the bulk load (src/ingest/bulk-import.ts); PGlite the batches.
    expect(first).toMatchObject(process.env.TEST_DATABASE_URL ? { mode: 'bulk', bulkSkipped: null } : { mode: 'batches', bulkSkipped: null });
    expect(first.seconds).toBeGreaterThan(0);
    expect(afterFirst.events).toHaveLength(DEMO.length);
    expect(afterFirst.cases).toHaveLength(DEMO_CASES);
    for (const table of READ_MODEL.filter((t) => t !== 'case_closings')) expect(afterFirst[table].length).toBeGreaterThan(0);
  });

  it('(b) importing the same file again changes nothing and reports every event as a duplicate', async () => {
    const again = await importNdjsonFile(context(db), demoFile);
    expect(again).toMatchObject({ events: DEMO.length, inserted: 0, duplicates: DEMO.length, casesRebuilt: 0 });
    expect(await dump(db.knex, { receivedAt: true })).toEqual(afterFirst);
  });

  it('(a) refuses a file with bad lines, naming line and field, and writes nothing', async () => {
    const file = writeFile([
      c('new-1', 'new-case-1', '2025-05-01T09:00:00+02:00'),
      { id: 'new-2', type: 'case.status_changed', caseId: 'new-case-1', at: '2025-05-02T09:00:00+02:00', data: { status: 'in_behandeling' } },
      { id: 'new-3', type: 'case.status_changed', caseId: 'new-case-1', at: '2025-05-32T09:00:00+02:00', data: { status: 'x' } },
      c('new-4', 'new-case-2', '2025-05-01T09:00:00+02:00'),
      { id: 'new-5', type: 'case.created', caseId: 'new-case-3', at: '2025-05-01T09:00:00+02:00', data: { reference: 'R-5' } },
      '',
      '{"id": "new-7", "type": "case.closed", ',
      c('new-8', 'new-case-4', '2025-05-01T09:00:00+02:00'),
    ]);
    const error = await importNdjsonFile(context(db), file).catch((e) => e);
    expect(error).toBeInstanceOf(ImportRefused);
    const refused = error as ImportRefused;
    expect(refused.total).toBe(3);
    expect(refused.partial).toBeUndefined();
    expect(refused.problems).toEqual([
      { line: 3, id: 'new-3', field: 'at', message: expect.stringContaining('ISO-8601') },
      { line: 5, id: 'new-5', field: 'data.caseType', message: expect.stringContaining('required') },
      { line: 7, field: 'event', message: expect.stringContaining('not valid JSON') },
    ]);
    expect(refused.message).toContain('nothing was stored');
    expect(refused.message).toContain('line 3 (id "new-3"): at ');
    expect(refused.message).toContain('line 5 (id "new-5"): data.caseType ');
    expect(await dump(db.knex, { receivedAt: true })).toEqual(afterFirst);
  });

  it('(a) keeps the first 100 problems in detail and counts them all', async () => {
    const lines: (object | string)[] = [];
    for (let i = 1; i <= 250; i++) lines.push(i % 2 ? `not json ${i}` : { id: `bad-${i}`, type: 'case.created', caseId: `bad-${i}`, at: 'now', data: { caseType: 'ooievaarspas' } });
    const error = (await importNdjsonFile(context(db), writeFile(lines)).catch((e) => e)) as ImportRefused;
    expect(error).toBeInstanceOf(ImportRefused);
    expect(error.total).toBe(250);
    expect(error.problems).toHaveLength(100);
    expect(error.problems.map((p) => p.line)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(error.problems[1]).toEqual({ line: 2, id: 'bad-2', field: 'at', message: expect.any(String) });
  });

  it('(e) refuses an id that is already stored for a different event, naming the line; nothing written', async () => {
    const stored = DEMO[10];
    const file = writeFile([
      c('second-1', 'second-case-1', '2025-05-01T09:00:00+02:00'),
      DEMO[3], // the same event again: fine, a duplicate
      { ...stored, at: '2025-05-03T09:00:00+02:00' }, // the same id, another event
    ]);
    const error = (await importNdjsonFile(context(db), file).catch((e) => e)) as ImportRefused;
    expect(error).toBeInstanceOf(ImportRefused);
    expect(error.problems).toEqual([{ line: 3, id: stored.id, field: 'id', message: expect.stringContaining('already stored for a different event') }]);
    expect(error.partial).toBeUndefined();
    expect(await dump(db.knex, { receivedAt: true })).toEqual(afterFirst);
  });

  it('(e) refuses an id used twice in one file for different events', async () => {
    const file = writeFile([
      c('twice-1', 'twice-case-1', '2025-05-01T09:00:00+02:00'),
      c('twice-2', 'twice-case-1', '2025-05-01T09:00:00+02:00'),
      c('twice-1', 'twice-case-1', '2025-05-01T10:00:00+02:00'),
    ]);
    const error = (await importNdjsonFile(context(db), file).catch((e) => e)) as ImportRefused;
    expect(error).toBeInstanceOf(ImportRefused);
    expect(error.problems).toEqual([{ line: 3, id: 'twice-1', field: 'id', message: 'is used by a different event on line 1' }]);
    expect(await dump(db.knex, { receivedAt: true })).toEqual(afterFirst);
  });

  it('(e) refuses, while storing, an id reused in a later batch of the same file; earlier batches stay stored', async () => {
    // Batches of one event each: the conflict is only seen when line 3 is stored.
    const file = writeFile([
      c('split-1', 'split-case-1', '2025-05-01T09:00:00+02:00'),
      c('split-2', 'split-case-2', '2025-05-01T09:00:00+02:00'),
      c('split-1', 'split-case-3', '2025-05-01T09:00:00+02:00'),
    ]);
    const error = (await importNdjsonFile(context(db), file, { batchSize: 1 }).catch((e) => e)) as ImportRefused;
    expect(error).toBeInstanceOf(ImportRefused);
    expect(error.problems).toEqual([{ line: 3, id: 'split-1', field: 'id', message: expect.stringContaining('already stored for a different event') }]);
    expect(error.partial).toEqual({ beforeLine: 3, inserted: 2 });
    expect(error.message).toContain('events before line 3 were stored');
    expect((await db.knex('events').whereIn('id', ['split-1', 'split-2']).pluck('case_id')).sort()).toEqual(['split-case-1', 'split-case-2']);
    await db.knex.transaction(async (trx) => {
      for (const t of READ_MODEL) await trx(t).whereIn('case_id', ['split-case-1', 'split-case-2']).delete();
      await trx('events').whereIn('id', ['split-1', 'split-2']).delete();
    });
    expect(await dump(db.knex, { receivedAt: true })).toEqual(afterFirst);
  });

  it('skips blank lines and a byte order mark, and counts lines as the file does', async () => {
    const file = path.join(tmp, 'bom.ndjson');
    fs.writeFileSync(file, `\uFEFF${JSON.stringify(DEMO[0])}\r\n\r\n   \n${JSON.stringify(DEMO[1])}`);
    const s = await importNdjsonFile(context(db), file);
    expect(s).toMatchObject({ lines: 4, blankLines: 2, events: 2, inserted: 0, duplicates: 2 });
  });

  it('refuses text PostgreSQL cannot store (U+0000, an unpaired surrogate), naming line and field', async () => {
    const file = writeFile([
      c('nul-1', 'nul-case', '2025-05-01T09:00:00+02:00', { reference: 'a\u0000b' }),
      c('nul-2', 'nul-case-2', '2025-05-01T09:00:00+02:00', { attributes: { kanaal: ['balie', 'x\ud800'] } }),
      '{"id": "nul-3", "type": "case.created", "caseId": "nul-case-\\u0000", "at": "2025-05-01T09:00:00+02:00", "data": {"caseType": "ooievaarspas"}}',
      c('fine-4', 'fine-case', '2025-05-01T09:00:00+02:00', { reference: 'emoji \ud83d\ude00 and \\u0000 as text' }),
    ]);
    const error = (await importNdjsonFile(context(db), file).catch((e) => e)) as ImportRefused;
    expect(error).toBeInstanceOf(ImportRefused);
    expect(error.problems).toEqual([
      { line: 1, id: 'nul-1', field: 'data.reference', message: expect.stringContaining('U+0000') },
      { line: 2, id: 'nul-2', field: 'data.attributes.kanaal[1]', message: expect.stringContaining('surrogate') },
      { line: 3, id: 'nul-3', field: 'caseId', message: expect.stringContaining('U+0000') },
    ]);
    expect(await dump(db.knex, { receivedAt: true })).toEqual(afterFirst);
  });

  it('reports progress every so many lines in both passes, and the end of each', async () => {
    const seen: { phase: string; lines: number; events: number; bytesRead: number; totalBytes: number }[] = [];
    await importNdjsonFile(context(db), demoFile, { progressEveryLines: 1000, onProgress: (p) => seen.push(p), bulk: false });
    const validate = seen.filter((p) => p.phase === 'validate');
    const store = seen.filter((p) => p.phase === 'store');
    expect(validate.length).toBeGreaterThanOrEqual(5);
    expect(store.length).toBeGreaterThanOrEqual(2);
    expect(validate.at(-1)).toMatchObject({ lines: DEMO.length, events: DEMO.length, bytesRead: fs.statSync(demoFile).size });
    expect(store.at(-1)).toMatchObject({ lines: DEMO.length, events: DEMO.length });
    for (const list of [validate, store]) {
      for (let i = 1; i < list.length; i++) expect(list[i].lines).toBeGreaterThan(list[i - 1].lines);
    }
    // A short file with the default (50,000 lines or 2 s) reports nothing.
    const quiet: unknown[] = [];
    await importNdjsonFile(context(db), writeFile(DEMO.slice(0, 50)), { onProgress: (p) => quiet.push(p) });
    expect(quiet).toEqual([]);
  });

  it('rebuilds the whole read model from the event log (the restore path)', async () => {
    const before = await dump(db.knex, { tables: READ_MODEL });
    await db.knex.transaction(async (trx) => {
      await trx('case_intervals').whereIn('case_id', [DEMO[0].caseId]).delete();
      await trx('tasks').update({ assignee: 'iemand' });
      await trx('cases').insert({ case_id: 'ghost', case_type: 'ooievaarspas', created_at: new Date(), attributes: '{}' });
      await trx('letters').insert({ event_id: 'ghost-letter', case_id: 'ghost', case_type: 'ooievaarspas', letter_type: 'x', sent_at: new Date() });
    });
    const progress: number[] = [];
    const s = await rebuildReadModel(context(db), { chunkSize: 50, onProgress: (p) => progress.push(p.caseIds) });
    expect(s).toMatchObject({ caseIds: DEMO_CASES, casesRebuilt: DEMO_CASES, events: DEMO.length, chunks: Math.ceil(DEMO_CASES / 50), orphanRowsRemoved: 2 });
    expect(s.rows.cases).toBe(DEMO_CASES);
    expect(progress.at(-1)).toBe(DEMO_CASES);
    expect(await dump(db.knex, { tables: READ_MODEL })).toEqual(before);
  });
});

describe(`npm run import as a command on ${databaseLabel()}`, () => {
  let db: TestDatabase | undefined;
  let env: NodeJS.ProcessEnv;
  let dataDir: string;

  beforeAll(async () => {
    const { NODE_OPTIONS: _ignored, DATABASE_URL: _url, DATA_DIR: _dir, ...rest } = process.env;
    if (process.env.TEST_DATABASE_URL) {
      db = await createTestDatabase();
      const connection = (db.knex.client.config as { connection: { connectionString: string } }).connection;
      env = { ...rest, DATABASE_URL: connection.connectionString };
    } else {
      dataDir = path.join(tmp, 'pglite-cli');
      env = { ...rest, DATA_DIR: dataDir };
    }
  });
  afterAll(async () => {
    await db?.dispose();
  });

  const run = (script: string, args: string[]) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(path.join(ROOT, 'node_modules/.bin/tsx'), [`src/cli/${script}.ts`, ...args], { cwd: ROOT, env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });

  const count = async () => {
    const conn = db ?? (await openDatabase({ dataDir }));
    try {
      const [{ n }] = await conn.knex('events').count<{ n: string }[]>({ n: '*' });
      return Number(n);
    } finally {
      if (!db) await conn.close();
    }
  };

  it('imports a file, prints the summary, and exits 0', async () => {
    const events = DEMO.slice(0, 300);
    const r = await run('import', [writeFile(events)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/lines\s+300\n/);
    expect(r.stdout).toMatch(/events stored\s+300\n/);
    expect(r.stdout).toMatch(/duplicates\s+0 \(already stored\)/);
    expect(r.stdout).toMatch(/cases rebuilt\s+\d+/);
    expect(r.stdout).toMatch(/seconds\s+\d+\.\d/);
    expect(await count()).toBe(300);
  });

  it('exits 1 on a bad file, naming the line, and stores nothing', async () => {
    const file = writeFile([DEMO[400], DEMO[401], { ...DEMO[402], at: '2025-02-30T10:00:00Z' }]);
    const r = await run('import', [file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('nothing was stored');
    expect(r.stderr).toContain(`line 3 (id "${DEMO[402].id}"): at `);
    expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // no stack trace
    expect(await count()).toBe(300);
  });

  it('exits 2 on a missing file, with a clear message', async () => {
    const r = await run('import', [path.join(tmp, 'does-not-exist.ndjson')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('file not found');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('migrate and rebuild run against the same database', async () => {
    const m = await run('migrate', []);
    expect(m.code).toBe(0);
    expect(m.stdout).toContain('up to date');
    const r = await run('rebuild', []);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/events\s+300\n/);
    expect(r.stdout).toMatch(/cases rebuilt\s+\d+/);
  });

  // `npm run import` is scripts/import.js: the compiled build (compiled first when stale, its
  // messages on stderr), the importer's exit code passed on.
  const runCompiled = (args: string[]) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'scripts/import.js'), ...args], { cwd: ROOT, env, timeout: 240_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });

  it('npm run import runs the compiled build: the same exit codes, stdout only the summary', async () => {
    const missing = await runCompiled([path.join(tmp, 'does-not-exist.ndjson')]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('file not found');
    const again = await runCompiled([writeFile(DEMO.slice(0, 300))]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/events stored\s+0\n/);
    expect(again.stdout).toMatch(/duplicates\s+300 \(already stored\)/);
    expect(again.stdout).not.toMatch(/compil/i);
    expect(await count()).toBe(300);
  }, 300_000);
});
