// Why: the first import of a municipality's history (hundreds of thousands of cases) goes into an
// empty database. The batched import (ndjson.ts) reads the file twice and maintains every index
// row by row; here, as pg_restore does, the whole file goes in within one transaction and one
// pass: a worker thread parses and validates every line once, projects each round of cases and
// writes it as COPY text together with its stock and letter changes (bulk-parse.ts,
// bulk-deltas.ts), while this thread sends the rounds to PostgreSQL; the primary keys are added
// back and the delta tables summed up once at the end, and the secondary indexes are built after
// the commit, two at a time (pending-indexes.ts).
//
// The guarantees stay those of the batched import:
// - a bad line refuses the whole file and nothing is stored (the transaction rolls back);
// - every read-model row is the projection of the case's events (projectCase, the same function);
// - an event id used twice, or a case whose events are not together in the file, makes the load
//   give up (the events primary key or the round check refuses it) and the batched import runs
//   instead, which handles both.
//
// It applies only on PostgreSQL through pg (COPY FROM STDIN) and only while the event log and the
// read model are empty; it holds an ACCESS EXCLUSIVE lock on them until it commits, so KPI
// requests made during a first import wait (and time out after statement_timeout) instead of
// seeing half a history. See docs/perf-notes-ingest.md.
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { finished } from 'node:stream/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Knex } from 'knex';
import { IngestContext, bumpAllVersions } from './ingest';
import { READ_MODEL_TABLE_NAMES } from './analyze';
import { CREATE_CHANGE_TABLES, FILL_DELTA_TABLES, FOLD_CHANGES, FOLD_ROUNDS } from './bulk-deltas';
import { ParseEnd, ParseJob, Round, ROUND_CASES_TABLE } from './bulk-parse';
import { progressReporter } from './ndjson-reader';
import { LETTER_DELTA_TRIGGERS } from '../../migrations/20261204_007_letter_deltas';
import { ImportOptions, ImportRefused, ImportSummary } from './import-types';
import { buildPendingIndexes, IndexDefinition, queueIndexes } from './pending-indexes';

const TABLES = ['events', ...READ_MODEL_TABLE_NAMES];
/** The delta triggers (migrations 005 and 007) as [table, trigger]; the deltas are built at the end. */
const DELTA_TRIGGERS: [string, string][] = [
  ...['insert', 'delete', 'update', 'truncate'].map((t): [string, string] => ['case_intervals', `case_intervals_stock_${t}`]),
  ...Object.entries(LETTER_DELTA_TRIGGERS).flatMap(([table, names]) => names.map((n): [string, string] => [table, n])),
];
/** Events per COPY round unless ImportOptions.batchSize says otherwise; a round ends between cases. */
const BATCH_EVENTS = 5_000;
/** A case with this many events or more would be split over two rounds: the bulk load gives up. */
const MAX_BATCH_EVENTS = 200_000;
/** Connections that build the indexes after the load (the import's pool has at least two). */
const INDEX_CONNECTIONS = 2;

/** The bulk load does not apply, or gave up before committing: the batched import runs instead. */
class NotBulk extends Error {}

export type BulkResult = { summary: ImportSummary } | { skipped: string };

/**
 * Loads `path` into an empty PostgreSQL database in one transaction (see the file comment).
 * Returns the summary, or why it did not apply; throws ImportRefused (nothing stored) for a bad
 * file, and any database error other than a refused duplicate.
 */
export async function bulkImportNdjsonFile(
  ctx: IngestContext, path: string, totalBytes: number, options: ImportOptions,
): Promise<BulkResult> {
  const maxProblems = options.maxProblems ?? 100;
  const summary: ImportSummary = {
    file: path, mode: 'bulk', bulkSkipped: null, lines: 0, blankLines: 0, events: 0, inserted: 0, duplicates: 0, casesRebuilt: 0,
    batches: 0, seconds: 0, validateSeconds: 0, storeSeconds: 0, indexSeconds: 0, analyzeSeconds: 0, eventsPerSecond: 0,
  };
  try {
    await ctx.knex.transaction(async (trx) => {
      const conn = (await (trx as unknown as { client: { acquireConnection(): Promise<unknown> } }).client.acquireConnection()) as Client;
      if (!(conn instanceof Client)) throw new NotBulk('not a PostgreSQL connection through pg');
      await trx.raw(`lock table ${TABLES.join(', ')} in access exclusive mode`);
      const stored = (await trx.raw(`select ${TABLES.map((t) => `exists (select 1 from ${t})`).join(' or ')} as any`)).rows[0].any;
      if (stored) throw new NotBulk('the database holds events or read-model rows already');
      const storeStart = Date.now();
      const indexes = await dropSecondaryIndexes(trx);
      const keys = await dropKeys(trx);
      for (const [table, trigger] of DELTA_TRIGGERS) await trx.raw(`alter table ${table} disable trigger ${trigger}`);
      // Cases seen in earlier batches: a case whose events are apart in the file would be projected
      // from part of its events. The primary key refuses it, and the batched import takes over.
      await trx.raw(`create temporary table ${ROUND_CASES_TABLE} (case_id text primary key) on commit drop`);
      // The deltas are summed from the projections (bulk-deltas.ts) instead of refilled at the end.
      for (const sql of CREATE_CHANGE_TABLES) await trx.raw(sql);
      const deltaZone = ((await trx.raw('select zone from stock_delta_zone')).rows[0]?.zone ?? null) as string | null;

      const copy = async (sql: string, text: string) => {
        const stream = conn.query(copyFrom(sql));
        stream.end(text);
        await finished(stream);
      };
      const report = progressReporter(options, totalBytes, 'store', storeStart);
      let bytesRead = 0;
      let storedLine = 0;
      // The file is parsed, projected and written as COPY text by a worker thread (bulk-parse.ts),
      // while this thread sends the rounds to PostgreSQL in file order.
      const end = await runParseWorker({
        path, batchSize: Math.min(MAX_BATCH_EVENTS - 1, Math.max(1, Math.floor(options.batchSize ?? BATCH_EVENTS))), maxBatchEvents: MAX_BATCH_EVENTS,
        zone: ctx.zone, deltaZone, processes: ctx.catalog.all, maxProblems,
      }, async (round) => {
        for (const [sql, text] of round.inputs) await copy(sql, text);
        summary.inserted += round.inserted;
        summary.duplicates += round.events - round.inserted;
        summary.casesRebuilt += round.cases;
        summary.batches++;
        if (summary.batches % FOLD_ROUNDS === 0) for (const sql of FOLD_CHANGES) await trx.raw(sql);
        summary.events += round.events;
        storedLine = round.lastLine;
        bytesRead = round.bytesRead;
        report(storedLine, summary.events, bytesRead);
      }, (b) => report(storedLine, summary.events, b));
      if (end.kind === 'tooBig') throw new NotBulk(end.message);
      summary.lines = end.lines;
      summary.blankLines = end.blank;
      if (end.problemTotal > 0) throw new ImportRefused(path, end.problems, end.problemTotal);
      if (summary.events !== end.parsed) throw new Error(`internal: ${end.parsed} events parsed, ${summary.events} stored`);
      report(end.lines, summary.events, totalBytes, true);

      // One sorted build per key instead of one B-tree insert per row.
      for (const k of keys) await trx.raw(`alter table "${k.table}" add constraint "${k.name}" ${k.definition}`);
      // The dropped indexes are built after the commit, two at a time (pending-indexes.ts); queued
      // here, so that they are pending exactly when the data is there.
      await queueIndexes(trx, indexes);
      for (const [table, trigger] of DELTA_TRIGGERS) await trx.raw(`alter table ${table} enable trigger ${trigger}`);
      for (const sql of FILL_DELTA_TABLES) await trx.raw(sql);
      await bumpAllVersions(trx);
      summary.storeSeconds = (Date.now() - storeStart) / 1000;
    });
  } catch (e) {
    if (e instanceof NotBulk) return { skipped: e.message };
    if (isUniqueViolation(e)) {
      return { skipped: `an event id or a case appears twice in the file, apart (${(e as { constraint?: string }).constraint ?? 'unique index'})` };
    }
    throw e;
  }
  summary.indexSeconds = (await buildPendingIndexes(ctx.knex, INDEX_CONNECTIONS)).seconds;
  return { summary };
}

/**
 * Drops the secondary (non-unique) indexes of the ingest tables and returns their definitions,
 * whatever migrations defined them. Primary keys and unique constraints are dropKeys' business.
 */
async function dropSecondaryIndexes(trx: Knex.Transaction): Promise<IndexDefinition[]> {
  const rows = (await trx.raw(
    `select c.relname as name, t.relname as table, pg_get_indexdef(i.indexrelid) as definition
       from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
      where i.indrelid = any(?::regclass[]) and not i.indisunique
      order by c.relname`,
    [TABLES],
  )).rows as IndexDefinition[];
  for (const r of rows) await trx.raw(`drop index "${r.name.replace(/"/g, '""')}"`);
  return rows;
}

/**
 * Drops the primary keys and unique constraints of the read-model tables for the load and returns
 * them to be added back before the commit. Maintaining them row by row during the COPY made
 * PostgreSQL, not the parse worker, the bottleneck of the load (docs/perf-notes-ingest.md, session
 * 5). The events key stays: it refuses a repeated event id at once, and PostgreSQL maintains it in
 * the time it waits for the parse worker anyway.
 */
async function dropKeys(trx: Knex.Transaction): Promise<{ table: string; name: string; definition: string }[]> {
  const rows = (await trx.raw(
    `select c.conname as name, t.relname as table, pg_get_constraintdef(c.oid) as definition
       from pg_constraint c join pg_class t on t.oid = c.conrelid
      where c.conrelid = any(?::regclass[]) and c.contype in ('p', 'u')
      order by t.relname, c.conname`,
    [READ_MODEL_TABLE_NAMES],
  )).rows as { table: string; name: string; definition: string }[];
  for (const r of rows) {
    if (/"/.test(r.name) || /"/.test(r.table)) throw new NotBulk(`unexpected key name ${r.table}.${r.name}`);
    await trx.raw(`alter table "${r.table}" drop constraint "${r.name}"`);
  }
  return rows;
}

/**
 * Runs the parsing of `job` in a worker thread and hands its rounds to `store`, one after another
 * in file order; the worker stays at most two rounds ahead. Resolves with how the parsing ended;
 * rejects when storing a round fails (the worker is stopped) or the worker fails.
 */
function runParseWorker(job: ParseJob, store: (round: Round) => Promise<void>, onTick: (bytesRead: number) => void): Promise<ParseEnd> {
  // From the compiled build the worker is a .js file next to this one; from the sources (tsx, the
  // tests) it is TypeScript, loaded through tsx's CommonJS hook.
  const worker = path.extname(__filename) === '.ts'
    ? new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(path.join(__dirname, 'bulk-worker.ts'))});`, { eval: true, workerData: job })
    : new Worker(path.join(__dirname, 'bulk-worker.js'), { workerData: job });
  return new Promise<ParseEnd>((resolve, reject) => {
    let storing = Promise.resolve();
    let failed = false;
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      void worker.terminate();
      reject(e);
    };
    worker.on('message', (m: Round | ParseEnd | { kind: 'tick'; bytesRead: number } | { kind: 'failed'; message: string; code: string | null }) => {
      if (failed) return;
      if (m.kind === 'round') {
        storing = storing.then(() => (failed ? undefined : store(m))).then(() => void (failed || worker.postMessage('stored')), fail);
      } else if (m.kind === 'tick') {
        onTick(m.bytesRead);
      } else if (m.kind === 'failed') {
        fail(Object.assign(new Error(m.message), m.code ? { code: m.code } : {}));
      } else {
        // Every round was posted before the end: once they are stored, the load is complete.
        storing.then(() => {
          if (failed) return;
          failed = true; // nothing more to come; stop the worker
          void worker.terminate();
          resolve(m);
        }, fail);
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the import's parsing thread stopped (exit code ${code})`)));
  });
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}
