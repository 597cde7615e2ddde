// Why: the first import of a municipality's history (hundreds of thousands of cases) goes into an
// empty database. The batched import (ndjson.ts) reads the file twice and maintains every index
// row by row; here, as pg_restore does, the whole file goes in within one transaction and one
// pass: every line is parsed and validated once, each batch of cases is projected and sent with
// COPY together with its stock and letter changes (bulk-deltas.ts), the delta tables are summed
// up once at the end, and the secondary indexes are built after the commit, two at a time
// (pending-indexes.ts).
//
// The guarantees stay those of the batched import:
// - a bad line refuses the whole file and nothing is stored (the transaction rolls back);
// - every read-model row is the projection of the case's events (projectCase, the same function);
// - an event id used twice, or a case whose events are not together in the file, makes the load
//   give up (a unique index refuses it) and the batched import runs instead, which handles both.
//
// It applies only on PostgreSQL through pg (COPY FROM STDIN) and only while the event log and the
// read model are empty; it holds an ACCESS EXCLUSIVE lock on them until it commits, so KPI
// requests made during a first import wait (and time out after statement_timeout) instead of
// seeing half a history. See docs/perf-notes-ingest.md.
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { finished } from 'node:stream/promises';
import type { Knex } from 'knex';
import { CaseEvent } from './events';
import { IngestContext, bumpAllVersions, sameEvent } from './ingest';
import { CaseProjection, projectCase } from './project-case';
import { EVENT_COLUMNS, READ_MODEL_COLUMNS } from './write-rows';
import { READ_MODEL_TABLE_NAMES } from './analyze';
import { copyRows, copyStatement } from './copy-text';
import { batchDeltaChanges, CREATE_CHANGE_TABLES, FILL_DELTA_TABLES, LETTER_CHANGE_COLUMNS, LETTER_CHANGE_TABLE, STOCK_CHANGE_COLUMNS, STOCK_CHANGE_TABLE } from './bulk-deltas';
import { Batch, Batcher, parseLine, progressReporter, readLines } from './ndjson-reader';
import { LETTER_DELTA_TRIGGERS } from '../../migrations/20261204_007_letter_deltas';
import { ImportOptions, ImportProblem, ImportRefused, ImportSummary } from './import-types';
import { buildPendingIndexes, IndexDefinition, queueIndexes } from './pending-indexes';

const CASE_ID = [['case_id', 'text']] as const;
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
/** Lines parsed between two turns of the event loop (see the reader callback). */
const YIELD_LINES = 50;
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
  const problems: ImportProblem[] = [];
  let problemTotal = 0;
  const problem = (p: ImportProblem) => {
    problemTotal++;
    if (problems.length < maxProblems) problems.push(p);
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
      for (const [table, trigger] of DELTA_TRIGGERS) await trx.raw(`alter table ${table} disable trigger ${trigger}`);
      // Cases seen in earlier batches: a case whose events are apart in the file would be projected
      // from part of its events. The primary key refuses it, and the batched import takes over.
      await trx.raw('create temporary table bulk_import_cases (case_id text primary key) on commit drop');
      // The deltas are summed from the projections (bulk-deltas.ts) instead of refilled at the end.
      for (const sql of CREATE_CHANGE_TABLES) await trx.raw(sql);
      const deltaZone = ((await trx.raw('select zone from stock_delta_zone')).rows[0]?.zone ?? null) as string | null;

      const copy = async (sql: string, text: string) => {
        if (!text) return;
        const stream = conn.query(copyFrom(sql));
        stream.end(text);
        await finished(stream);
      };
      // The batch's COPY input (node's CPU work) is built as soon as the batch is read, while
      // PostgreSQL still takes the previous one; only the sending waits for it.
      const buildBatch = (batch: Batch): { batch: Batch; events: number; cases: number; inputs: [string, string][] } | null => {
        const { events, projections } = prepare(ctx, batch, problem);
        if (problemTotal > 0) return null;
        const inputs: [string, string][] = [
          [copyStatement('bulk_import_cases', CASE_ID), copyRows(CASE_ID, [...new Set(events.map((e) => e.caseId))].map((case_id) => ({ case_id })))],
          [copyStatement('events', EVENT_COLUMNS), copyRows(EVENT_COLUMNS, events.map((e) => ({ id: e.id, case_id: e.caseId, type: e.type, at: e.at, data: e.data })))],
          ...READ_MODEL_TABLE_NAMES.map((table): [string, string] =>
            [copyStatement(table, READ_MODEL_COLUMNS[table]), copyRows(READ_MODEL_COLUMNS[table], projections.flatMap((p) => rowsOf(p, table)))]),
        ];
        const changes = batchDeltaChanges(projections, deltaZone);
        inputs.push(
          [copyStatement(STOCK_CHANGE_TABLE, STOCK_CHANGE_COLUMNS), copyRows(STOCK_CHANGE_COLUMNS, changes.stock)],
          [copyStatement(LETTER_CHANGE_TABLE, LETTER_CHANGE_COLUMNS), copyRows(LETTER_CHANGE_COLUMNS, changes.letters)],
        );
        return { batch, events: events.length, cases: projections.length, inputs };
      };
      const sendBatch = async ({ batch, events, cases, inputs }: NonNullable<ReturnType<typeof buildBatch>>) => {
        for (const [sql, text] of inputs) await copy(sql, text);
        summary.inserted += events;
        summary.duplicates += batch.events.length - events;
        summary.casesRebuilt += cases;
        summary.batches++;
        summary.events += batch.events.length;
        storedLine = batch.eventLines[batch.eventLines.length - 1];
        report(storedLine, summary.events, bytesRead);
      };

      const report = progressReporter(options, totalBytes, 'store', storeStart);
      let bytesRead = 0;
      let storedLine = 0;
      // One batch in flight: the next is read, parsed, validated, projected and formatted while
      // PostgreSQL takes this one.
      let inFlight: Promise<void> | null = null;
      const settle = async () => {
        const p = inFlight;
        inFlight = null;
        if (p) await p;
      };
      const batcher = new Batcher(Math.min(MAX_BATCH_EVENTS - 1, Math.max(1, Math.floor(options.batchSize ?? BATCH_EVENTS))), MAX_BATCH_EVENTS);
      let parsed = 0;
      const enqueue = async (batch: Batch) => {
        if (problemTotal > 0) return; // keep reading to name every problem, but store nothing more
        if (batch.events.length >= MAX_BATCH_EVENTS) throw new NotBulk(`a case has ${MAX_BATCH_EVENTS.toLocaleString('en')} events or more`);
        const built = buildBatch(batch);
        await settle();
        if (!built || problemTotal > 0) return;
        const p = sendBatch(built);
        p.catch(() => undefined); // observed by the next settle()
        inFlight = p;
      };
      let read: { lines: number; blank: number };
      try {
        read = await readLines(path, async (line, lineNo) => {
          const { event, problems: found } = parseLine(line, lineNo);
          for (const p of found) problem(p);
          if (!event) return;
          parsed++;
          const closed = batcher.push(event, lineNo);
          if (closed) await enqueue(closed);
          // Reading lines runs on microtasks only; give the event loop a turn now and then, so the
          // socket keeps draining the COPY data of the batch in flight to PostgreSQL meanwhile.
          else if (parsed % YIELD_LINES === 0) await new Promise<void>((resolve) => setImmediate(resolve));
        }, (_lines, b) => {
          bytesRead = b;
          report(storedLine, summary.events, b);
        });
        const last = batcher.finish();
        if (last) await enqueue(last);
        await settle();
      } catch (e) {
        await (inFlight as Promise<void> | null)?.catch(() => undefined);
        throw e;
      }
      summary.lines = read.lines;
      summary.blankLines = read.blank;
      if (problemTotal > 0) throw new ImportRefused(path, problems, problemTotal);
      if (summary.events !== parsed) throw new Error(`internal: ${parsed} events parsed, ${summary.events} stored`);
      report(read.lines, summary.events, totalBytes, true);

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
 * The batch's events without repeats (the same event twice counts once; an id used for two
 * different events is a problem) and the projections of its cases.
 */
function prepare(ctx: IngestContext, batch: Batch, problem: (p: ImportProblem) => void): { events: CaseEvent[]; projections: CaseProjection[] } {
  const firstById = new Map<string, CaseEvent>();
  const events: CaseEvent[] = [];
  batch.events.forEach((e, i) => {
    const earlier = firstById.get(e.id);
    if (!earlier) {
      firstById.set(e.id, e);
      events.push(e);
    } else if (!sameEvent(earlier, e)) {
      problem({ line: batch.eventLines[i], id: e.id, field: 'id', message: `is used by a different event on line ${batch.lines.get(e.id)}` });
    }
  });
  const byCase = new Map<string, CaseEvent[]>();
  for (const e of events) {
    const list = byCase.get(e.caseId);
    if (list) list.push(e);
    else byCase.set(e.caseId, [e]);
  }
  const projections: CaseProjection[] = [];
  for (const list of byCase.values()) {
    const p = projectCase(list, ctx.catalog, ctx.zone);
    if (p) projections.push(p);
  }
  return { events, projections };
}

function rowsOf(p: CaseProjection, table: (typeof READ_MODEL_TABLE_NAMES)[number]): readonly object[] {
  switch (table) {
    case 'cases': return [p.case];
    case 'case_intervals': return p.intervals;
    case 'case_closings': return p.closings;
    case 'letters': return p.letters;
    case 'tasks': return p.tasks;
    case 'task_intervals': return p.taskIntervals;
  }
}

/**
 * Drops the secondary (non-unique) indexes of the ingest tables and returns their definitions,
 * whatever migrations defined them. Primary keys and unique indexes stay: they are what refuses a
 * repeated id.
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

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}
