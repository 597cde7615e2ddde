// Why: issue 5, item 6: "two importers sending overlapping batches at the same time store each
// event exactly once and leave the read model equal to a rebuild from the log". Two source systems
// (or a retried job next to the original) may deliver the same events at the same moment. Each
// batch is one transaction that locks its cases (pg_advisory_xact_lock) before it stores and
// rebuilds them; without that, two transactions could each rebuild a case from a log that misses
// the other's events, and the read model would silently disagree with the log.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { migrate, openDatabase } from '../../src/db/connection';
import { ingestRaw, IngestSummary } from '../../src/ingest/ingest';
import { importNdjsonFile } from '../../src/ingest/ndjson';
import { generateDemoEvents, RawEvent } from '../../src/demo/generate';
import { shuffled } from '../helpers/shuffle';
import { syncProcesses } from '../../src/processes/sync';
import { PROCESSES } from '../../src/processes';
import {
  announceSkip, createPostgresDatabase, dump, ingestContext, postgresServer, readModelAndRebuild, runCli, ThrowAwayDatabase,
} from './support';

/** ~5,400 events of ~370 cases. */
const EVENTS: RawEvent[] = [...generateDemoEvents({ now: new Date('2025-06-01T00:00:00Z'), months: 4, scale: 0.1, seed: 11 })];

/**
 * Two overlapping halves, each shuffled: importer A has events 0–60 %, B has 40–100 %, so 20 % of
 * the events come from both, and most cases get some of their events from A and others from B.
 */
const cut = (f: number) => Math.floor(EVENTS.length * f);
const FROM_A = shuffled(EVENTS.slice(0, cut(0.6)), 1);
const FROM_B = shuffled(EVENTS.slice(cut(0.4)), 2);
const OVERLAP = cut(0.6) - cut(0.4);

async function sendAll(knex: Knex, events: RawEvent[], batchSize: number): Promise<IngestSummary[]> {
  const out: IngestSummary[] = [];
  for (let i = 0; i < events.length; i += batchSize) out.push(await ingestRaw(ingestContext({ knex }), events.slice(i, i + batchSize)));
  return out;
}

const total = (list: IngestSummary[], key: 'inserted' | 'duplicates') => list.reduce((s, x) => s + x[key], 0);

/** The state after one importer sends every event once, in file order: what both must add up to. */
async function cleanState(open: () => Promise<{ knex: Knex; close(): Promise<void> }>): Promise<Record<string, string[]>> {
  const db = await open();
  try {
    await sendAll(db.knex, EVENTS, 5000);
    return await dump(db.knex);
  } finally {
    await db.close();
  }
}

async function expectConsistent(knex: Knex, clean: Record<string, string[]>) {
  const [{ n, ids }] = (await knex('events').select(knex.raw('count(*)::int as n'), knex.raw('count(distinct id)::int as ids'))) as { n: number; ids: number }[];
  expect(n).toBe(EVENTS.length);
  expect(ids).toBe(EVENTS.length);
  const { before, rebuilt } = await readModelAndRebuild({ knex });
  expect(before).toEqual(rebuilt);
  expect(await dump(knex)).toEqual(clean);
}

const pg = postgresServer();
const onPostgres = pg.url ? describe : describe.skip;
if (!pg.url) announceSkip('concurrent importers on PostgreSQL', pg.reason!);

onPostgres('two importers with overlapping batches at the same time (PostgreSQL)', () => {
  let clean: Record<string, string[]>;
  const dbs: ThrowAwayDatabase[] = [];
  const fresh = async () => {
    const db = await createPostgresDatabase(pg.url!, 'concurrent');
    dbs.push(db);
    return db;
  };

  beforeAll(async () => {
    clean = await cleanState(fresh);
  });
  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.dispose()));
  });

  it('two concurrent ingestEvents streams (batches of 40, on separate connections) store each event once', async () => {
    const db = await fresh();
    const [a, b] = await Promise.all([sendAll(db.knex, FROM_A, 40), sendAll(db.knex, FROM_B, 40)]);
    // Each event stored once: between them they stored every event, and every overlapping event
    // was a duplicate for exactly one of them.
    expect(total(a, 'inserted') + total(b, 'inserted')).toBe(EVENTS.length);
    expect(total(a, 'duplicates') + total(b, 'duplicates')).toBe(OVERLAP);
    await expectConsistent(db.knex, clean);
  });

  it('four concurrent streams sending the same events in different orders store each event once', async () => {
    const db = await fresh();
    const streams = await Promise.all([1, 2, 3, 4].map((seed) => sendAll(db.knex, shuffled(EVENTS, 100 + seed), 60)));
    expect(streams.reduce((s, x) => s + total(x, 'inserted'), 0)).toBe(EVENTS.length);
    expect(streams.reduce((s, x) => s + total(x, 'duplicates'), 0)).toBe(3 * EVENTS.length);
    await expectConsistent(db.knex, clean);
  });

  it('two `npm run import` processes on overlapping files at the same time store each event once', async () => {
    const db = await fresh();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stuurinfo-concurrent-'));
    try {
      const fileA = path.join(dir, 'a.ndjson');
      const fileB = path.join(dir, 'b.ndjson');
      fs.writeFileSync(fileA, FROM_A.map((e) => JSON.stringify(e)).join('\n') + '\n');
      fs.writeFileSync(fileB, FROM_B.map((e) => JSON.stringify(e)).join('\n') + '\n');
      const env = { DATABASE_URL: db.url };
      const [ra, rb] = await Promise.all([
        runCli('import', [fileA, '--batch-size', '25'], env),
        runCli('import', [fileB, '--batch-size', '25'], env),
      ]);
      // stderr carries progress lines only (every 2 s); a refusal or failure would show there.
      expect(`${ra.stderr}${rb.stderr}`).not.toMatch(/refused|failed|error/i);
      expect([ra.code, rb.code]).toEqual([0, 0]);
      const stored = (out: string) => Number(/events stored\s+([\d,]+)/.exec(out)![1].replace(/,/g, ''));
      const dup = (out: string) => Number(/duplicates\s+([\d,]+)/.exec(out)![1].replace(/,/g, ''));
      expect(stored(ra.stdout) + stored(rb.stdout)).toBe(EVENTS.length);
      expect(dup(ra.stdout) + dup(rb.stdout)).toBe(OVERLAP);
      await expectConsistent(db.knex, clean);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// The embedded variant runs in the PGlite pass of `npm test`; in the PostgreSQL pass
// (TEST_DATABASE_URL set) the suite above covers the same guarantee against the real server.
const onPglite = process.env.TEST_DATABASE_URL ? describe.skip : describe;

onPglite('two importers with overlapping batches at the same time (embedded PGlite)', () => {
  const openPglite = async () => {
    const db = await openDatabase({});
    await migrate(db);
    await syncProcesses(db.knex, PROCESSES);
    return db;
  };

  it('two concurrent ingestEvents streams and an importer store each event once', async () => {
    const clean = await cleanState(openPglite);
    const db = await openPglite();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stuurinfo-concurrent-'));
    try {
      const file = path.join(dir, 'b.ndjson');
      fs.writeFileSync(file, FROM_B.map((e) => JSON.stringify(e)).join('\n') + '\n');
      // PGlite has one connection, so the three interleave batch by batch rather than in parallel.
      const [a, b, imported] = await Promise.all([
        sendAll(db.knex, FROM_A, 150),
        sendAll(db.knex, shuffled(FROM_B, 3), 150),
        importNdjsonFile(ingestContext(db), file, { batchSize: 120 }),
      ]);
      expect(total(a, 'inserted') + total(b, 'inserted') + imported.inserted).toBe(EVENTS.length);
      expect(total(a, 'duplicates') + total(b, 'duplicates') + imported.duplicates).toBe(OVERLAP + FROM_B.length);
      await expectConsistent(db.knex, clean);
    } finally {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
