// Why: the first import into an empty PostgreSQL database takes a different road from every other
// import (src/ingest/bulk-import.ts: one transaction, COPY, indexes and stock deltas built at the
// end). These tests hold it to the promises of the batched import: the same rows in every table,
// the stock deltas included; a bad file or a killed importer leaves the database exactly as it
// was, indexes and triggers included; and a file it cannot take (a case apart, an id used twice)
// goes through the batched import with the same result.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import type { Knex } from 'knex';
import { createTestDatabase, databaseLabel, TestDatabase } from '../helpers/database';
import { importNdjsonFile, ImportRefused } from '../../src/ingest/ndjson';
import { IngestContext, ingestRaw } from '../../src/ingest/ingest';
import { PROCESSES, ProcessCatalog } from '../../src/processes';
import { generateDemoEvents, RawEvent } from '../../src/demo/generate';
import { announceSkip, childEnv, TABLES as INGEST_TABLES } from '../faults/support';
import { syncStockDeltaZone } from '../../src/kpi/stock-delta-zone';

const ROOT = path.resolve(__dirname, '../..');
const catalog = new ProcessCatalog(PROCESSES);
const context = (db: { knex: Knex }): IngestContext => ({ knex: db.knex, catalog, zone: 'Europe/Amsterdam' });
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** Every table the import writes, ordered by a unique key: the ingest tables and the delta tables. */
const TABLES: Record<string, string> = {
  ...INGEST_TABLES,
  stock_deltas: 'day, case_type, status, role, overdue',
  stock_deltas_fine: 'slot, case_type, status, role, overdue',
  letter_deltas: 'day, case_type, status, role, overdue, letter_type',
  letter_deltas_fine: 'slot, case_type, status, role, overdue, letter_type',
};

async function dump(knex: Knex): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [table, key] of Object.entries(TABLES)) {
    // A delta that came to 0 (a case opened and closed within one slot by two statements) stays as
    // a row on the trigger path and is never written by a refill: both mean "no change".
    const where = table.startsWith('stock_') ? 'where delta <> 0 or created_days <> 0' : table.startsWith('letter_') ? 'where delta <> 0' : '';
    const rows = (await knex.raw(`select (to_jsonb(t) - 'received_at')::text as r from ${table} t ${where} order by ${key}`)).rows as { r: string }[];
    if (table.startsWith('stock_')) expect(rows.every((r) => r.r.includes('"created_days"'))).toBe(true);
    out[table] = rows.map((x) => x.r);
  }
  return out;
}

/** The indexes and enabled triggers of the schema: what a rolled-back bulk load must leave intact. */
async function schemaShape(knex: Knex): Promise<{ indexes: string[]; triggers: string[] }> {
  const indexes = (await knex.raw(`select indexdef from pg_indexes where schemaname = 'public' order by indexname`)).rows.map((r: { indexdef: string }) => r.indexdef);
  const triggers = (await knex.raw(`select tgname || ':' || tgenabled::text as t from pg_trigger where not tgisinternal order by tgname`)).rows.map((r: { t: string }) => r.t);
  return { indexes, triggers };
}

let tmp: string;
let seq = 0;
const writeFile = (lines: (object | string)[]) => {
  const file = path.join(tmp, `b${++seq}.ndjson`);
  fs.writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
};

/** ~5,400 events of 372 cases, grouped by case as an export writes them. */
const DEMO: RawEvent[] = [...generateDemoEvents({ now: new Date('2025-06-01T00:00:00Z'), months: 4, scale: 0.1 })];

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stuurinfo-bulk-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe(`bulk import on ${databaseLabel()}`, () => {
  let bulk: TestDatabase;
  let batched: TestDatabase;
  let file: string;
  beforeAll(async () => {
    [bulk, batched] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    // The lead-time sums of the stock deltas are kept in this zone (as the service sets it).
    for (const db of [bulk, batched]) await syncStockDeltaZone(db.knex, 'Europe/Amsterdam');
    file = writeFile(DEMO);
  });
  afterAll(async () => {
    await Promise.all([bulk?.dispose(), batched?.dispose()]);
  });
  // Truncating case_intervals empties the delta tables (its truncate triggers).
  const empty = (db: TestDatabase) => db.knex.raw(`truncate ${Object.keys(TABLES).filter((t) => !t.includes('_deltas')).join(', ')}`);

  it('gives exactly the rows of the batched import, stock deltas included, and the same schema', async () => {
    const shapeBefore = await schemaShape(bulk.knex);
    const a = await importNdjsonFile(context(bulk), file, { batchSize: 1000 });
    const b = await importNdjsonFile(context(batched), file, { batchSize: 1000, bulk: false });
    expect(a.mode).toBe(onPostgres ? 'bulk' : 'batches');
    expect(b.mode).toBe('batches');
    for (const s of [a, b]) expect(s).toMatchObject({ events: DEMO.length, inserted: DEMO.length, duplicates: 0 });
    expect(a.casesRebuilt).toBe(new Set(DEMO.map((e) => e.caseId)).size);
    const [da, db] = [await dump(bulk.knex), await dump(batched.knex)];
    expect(da.stock_deltas.length).toBeGreaterThan(10);
    expect(da.letter_deltas.length).toBeGreaterThan(10);
    expect(da).toEqual(db);
    // The indexes were built again and the delta triggers are on: an event after the load moves the
    // stock deltas on both databases alike.
    expect(await schemaShape(bulk.knex)).toEqual(shapeBefore);
    // They were built after the commit (src/ingest/pending-indexes.ts): none is left queued.
    expect((await bulk.knex.raw('select count(*)::int as n from pending_indexes')).rows[0].n).toBe(0);
    const later = [{ id: 'bulk-late-1', type: 'case.created', caseId: 'bulk-late', at: '2025-06-01T08:00:00Z', data: { caseType: 'ooievaarspas' } }];
    await ingestRaw(context(bulk), later);
    await ingestRaw(context(batched), later);
    expect(await dump(bulk.knex)).toEqual(await dump(batched.knex));
  });

  it('does not apply to a database that holds events: the batched import runs and says why', async () => {
    const s = await importNdjsonFile(context(bulk), writeFile(DEMO.slice(0, 40)));
    expect(s).toMatchObject({ mode: 'batches', inserted: 0, duplicates: 40 });
    expect(s.bulkSkipped).toBe(onPostgres ? 'the database holds events or read-model rows already' : null);
  });

  it('refuses a file with a bad line near the end: nothing stored, indexes and triggers as before', async () => {
    await empty(bulk);
    const shapeBefore = await schemaShape(bulk.knex);
    const lines: (object | string)[] = [...DEMO];
    lines.splice(DEMO.length - 3, 0, '{"id": "broken"');
    const error = await importNdjsonFile(context(bulk), writeFile(lines), { batchSize: 500 }).catch((e) => e);
    expect(error).toBeInstanceOf(ImportRefused);
    expect((error as ImportRefused).message).toContain('nothing was stored');
    expect((error as ImportRefused).problems).toEqual([expect.objectContaining({ line: DEMO.length - 2, field: 'event' })]);
    for (const rows of Object.values(await dump(bulk.knex))) expect(rows).toEqual([]);
    expect(await schemaShape(bulk.knex)).toEqual(shapeBefore);
  });

  it('hands a file whose cases are apart, or with an id used twice apart, to the batched import: same result', async () => {
    await empty(bulk);
    await empty(batched);
    // The first case's events at both ends of the file: its two parts would fall in two rounds.
    const first = DEMO[0].caseId;
    const apart = [...DEMO.filter((e) => e.caseId === first).slice(0, 2), ...DEMO.filter((e) => e.caseId !== first), ...DEMO.filter((e) => e.caseId === first).slice(2)];
    const s = await importNdjsonFile(context(bulk), writeFile(apart), { batchSize: 500 });
    expect(s.mode).toBe('batches');
    if (onPostgres) expect(s.bulkSkipped).toMatch(/appears twice in the file, apart/);
    await importNdjsonFile(context(batched), file, { bulk: false });
    expect(await dump(bulk.knex)).toEqual(await dump(batched.knex));

    await empty(bulk);
    const repeated = [...DEMO, DEMO[10]]; // the same event again at the end: it counts once
    const r = await importNdjsonFile(context(bulk), writeFile(repeated), { batchSize: 500 });
    expect(r).toMatchObject({ inserted: DEMO.length, duplicates: 1 });
    expect(await dump(bulk.knex)).toEqual(await dump(batched.knex));

    // An id used twice for two events of two cases in two rounds: neither the round's own check nor
    // the cases check sees it, only the events primary key. The bulk load gives up, and the batched
    // import refuses the file just as it does on its own.
    await empty(bulk);
    await empty(batched);
    const last = DEMO[DEMO.length - 1].caseId;
    const sameId = writeFile([...DEMO, { ...DEMO[10], caseId: last }]);
    const refused = /line 5449 \(id "pv-000001-11"\): id is already stored for a different event/;
    await expect(importNdjsonFile(context(bulk), sameId, { batchSize: 500 })).rejects.toThrow(refused);
    await expect(importNdjsonFile(context(batched), sameId, { bulk: false, batchSize: 500 })).rejects.toThrow(refused);
    expect(await dump(bulk.knex)).toEqual(await dump(batched.knex));
  });

  if (!onPostgres) announceSkip('a killed bulk import', 'PGlite has no bulk load (it always uses the batched import, whose crash test is test/faults/import-crash.test.ts)');
  (onPostgres ? it : it.skip)('a killed bulk import leaves the database as it was, and importing again works (PostgreSQL only: PGlite has no bulk load)', async () => {
    await empty(bulk);
    const shapeBefore = await schemaShape(bulk.knex);
    // A file big enough that the importer is still loading when it is killed.
    const big = writeFile([...generateDemoEvents({ now: new Date('2025-06-01T00:00:00Z'), months: 12, scale: 1, seed: 11 })]);
    const url = (bulk.knex.client.config as { connection: { connectionString: string } }).connection.connectionString;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', big], { cwd: ROOT, env: childEnv({ DATABASE_URL: url }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    child.stdout!.resume();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Kill it once it has sent rows: the load is under way (progress is printed while storing).
    const deadline = Date.now() + 60_000;
    while (!/storing: [1-9]/.test(stderr) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(stderr).toMatch(/storing: [1-9]/);
    child.kill('SIGKILL');
    await exited;
    // PostgreSQL rolls the transaction back once it notices the connection is gone.
    for (let i = 0; i < 100; i++) {
      const n = (await bulk.knex.raw(`select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'stuurinfo' and pid <> pg_backend_pid() and state <> 'idle'`)).rows[0].n;
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const rows of Object.values(await dump(bulk.knex))) expect(rows).toEqual([]);
    expect(await schemaShape(bulk.knex)).toEqual(shapeBefore);
    const again = await importNdjsonFile(context(bulk), file);
    expect(again).toMatchObject({ mode: 'bulk', inserted: DEMO.length });
  }, 180_000);
});
