// Why: `npm run import -- FILE.ndjson` (contract sections 1 and 3) must take files of any size with
// flat memory and must never leave half a file behind because of a bad line. So the file is read
// twice, streaming: pass 1 validates every line (and checks ids against the stored log) and
// refuses the whole file, writing nothing, when any line is bad; pass 2 stores it in batches
// through the one ingest path (`ingestEvents`), each batch one transaction. Importing a file again
// is harmless: stored events count as duplicates. An empty PostgreSQL database (a first import)
// is loaded in one pass and one transaction instead (bulk-import.ts), with the same guarantees.
import fs from 'node:fs';
import { CaseEvent } from './events';
import { IngestContext, ingestEvents, IngestRefused, sameEvent } from './ingest';
import { analyzeAsItGrows, analyzeReadModel } from './analyze';
import { ImportOptions, ImportProblem, ImportProgress, ImportRefused, ImportSummary } from './import-types';
import { Batch, Batcher, progressReporter, readBatches } from './ndjson-reader';
import { bulkImportNdjsonFile } from './bulk-import';
import { buildPendingIndexes } from './pending-indexes';

export * from './import-types';

/** Streams an NDJSON file of events (contract section 3) into the database; see the file comment. */
export async function importNdjsonFile(ctx: IngestContext, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 5000));
  const maxBatchSize = Math.max(batchSize, Math.floor(options.maxBatchSize ?? batchSize * 2));
  const maxProblems = options.maxProblems ?? 100;
  const started = Date.now();
  const before = await fs.promises.stat(path);
  if (!before.isFile()) throw Object.assign(new Error(`${path} is not a file`), { code: 'EISDIR' });
  const totalBytes = before.size;

  // Indexes an earlier first import left queued when it stopped (migration 008) come first.
  await buildPendingIndexes(ctx.knex);

  // An empty PostgreSQL database: one pass, one transaction, COPY (src/ingest/bulk-import.ts).
  let bulkSkipped: string | null = null;
  if (options.bulk !== false) {
    const bulk = await bulkImportNdjsonFile(ctx, path, totalBytes, options);
    if ('summary' in bulk) {
      const s = bulk.summary;
      s.analyzeSeconds = await analyzeReadModel(ctx.knex, 2);
      s.seconds = (Date.now() - started) / 1000;
      s.eventsPerSecond = s.seconds > 0 ? s.events / s.seconds : 0;
      return s;
    }
    if (!bulk.skipped.startsWith('not a PostgreSQL')) bulkSkipped = bulk.skipped;
  }

  const progress = (phase: ImportProgress['phase'], phaseStart: number) => progressReporter(options, totalBytes, phase, phaseStart);

  // ---- pass 1: validate every line; check each batch's ids against the stored log -------------
  const problems: ImportProblem[] = [];
  let total = 0;
  const problem = (p: ImportProblem) => {
    total++;
    if (problems.length < maxProblems) problems.push(p);
  };
  let events = 0;
  const validateStart = Date.now();
  const report1 = progress('validate', validateStart);
  // Id conflicts are found a batch late: kept apart (the first maxProblems, in line order, all counted) and merged below.
  const pending1: ImportProblem[] = [];
  let pendingTotal = 0;
  const checkBatch = async (batch: Batch) => {
    for (const p of await conflictsInBatch(ctx, batch)) {
      pendingTotal++;
      if (pending1.length < maxProblems) pending1.push(p);
    }
  };
  const read1 = await readBatches(path, new Batcher(batchSize, maxBatchSize), {
    batch: checkBatch,
    problems: (found) => found.forEach(problem),
    tick: (lines, bytes, events1) => report1(lines, events1, bytes),
  });
  const pass1Events = read1.events;
  report1(read1.lines, pass1Events, totalBytes, true);
  // Both lists are in line order and hold the first problems of their kind: merged, the first maxProblems are exact.
  if (pendingTotal) {
    const all = [...problems, ...pending1].sort((a, b) => a.line - b.line);
    total += pendingTotal;
    problems.length = 0;
    problems.push(...all.slice(0, maxProblems));
  }
  if (total > 0) throw new ImportRefused(path, problems, total);
  const validateSeconds = (Date.now() - validateStart) / 1000;

  // ---- pass 2: store, batch by batch -----------------------------------------------------------
  const after = await fs.promises.stat(path);
  if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
    throw new Error(`${path} changed while it was being imported; nothing was stored`);
  }
  const storeStart = Date.now();
  const report2 = progress('store', storeStart);
  const summary: ImportSummary = {
    file: path, mode: 'batches', bulkSkipped, indexSeconds: 0, lines: read1.lines, blankLines: read1.blank, events: pass1Events, inserted: 0, duplicates: 0,
    casesRebuilt: 0, batches: 0, seconds: 0, validateSeconds, storeSeconds: 0, analyzeSeconds: 0, eventsPerSecond: 0,
  };
  const grower = analyzeAsItGrows(ctx.knex);
  let bytes2 = 0;
  let storedLine = 0;
  const store = async (batch: Batch) => {
    try {
      const r = await ingestEvents(ctx, batch.events, batch.lines, { expectNew: true });
      await grower.stored(r.inserted);
      summary.inserted += r.inserted;
      summary.duplicates += r.duplicates;
      summary.casesRebuilt += r.casesRebuilt;
      summary.batches++;
      events += batch.events.length;
      // Reading runs a batch ahead of storing: progress counts the lines stored so far.
      storedLine = batch.eventLines[batch.eventLines.length - 1];
      report2(storedLine, events, bytes2);
    } catch (e) {
      if (e instanceof IngestRefused) {
        const found = e.problems.map((p) => ({ line: p.position, ...(p.id !== undefined ? { id: p.id } : {}), field: p.field, message: p.message }));
        throw new ImportRefused(path, found.slice(0, maxProblems), e.total, { beforeLine: batch.firstLine, inserted: summary.inserted });
      }
      throw e;
    }
  };
  // One batch in flight: the next one is read and parsed while PostgreSQL stores the previous one.
  // Batches still commit one after another, in file order.
  let inFlight: Promise<void> | null = null;
  const settle = async () => {
    const p = inFlight;
    inFlight = null;
    if (p) await p;
  };
  const enqueue = async (batch: Batch) => {
    await settle();
    const p = store(batch);
    p.catch(() => undefined); // observed by the next settle()
    inFlight = p;
  };
  let read2: { lines: number; blank: number };
  try {
    read2 = await readBatches(path, new Batcher(batchSize, maxBatchSize), {
      batch: enqueue,
      problems: async (found, lineNo) => {
        await settle();
        throw new ImportRefused(path, found.length ? found : [{ line: lineNo, field: 'event', message: 'changed while the file was being imported' }], found.length || 1,
          { beforeLine: lineNo, inserted: summary.inserted });
      },
      tick: (_lines, b) => {
        bytes2 = b;
        report2(storedLine, events, b);
      },
    });
    await settle();
  } catch (e) {
    // A failed read must not leave a batch committing behind the caller's back.
    await (inFlight as Promise<void> | null)?.catch(() => undefined);
    throw e;
  }
  if (read2.lines !== read1.lines || events !== pass1Events) {
    throw new Error(`${path} changed while it was being imported (${read1.lines} lines at first, ${read2.lines} now); events up to line ${read2.lines} may be stored`);
  }
  report2(read2.lines, events, totalBytes, true);
  summary.storeSeconds = (Date.now() - storeStart) / 1000;
  // Statistics that fit the loaded tables (this PostgreSQL may run without autovacuum).
  summary.analyzeSeconds = await analyzeReadModel(ctx.knex);

  summary.seconds = (Date.now() - started) / 1000;
  summary.eventsPerSecond = summary.seconds > 0 ? summary.events / summary.seconds : 0;
  return summary;
}

/**
 * Pass 1's id checks for one batch (cheap: one indexed look-up per batch): an id used for two
 * different events inside the batch, or already stored for a different event. Ids repeated in
 * different batches of the same file are caught while storing (ingestEvents refuses them).
 */
async function conflictsInBatch(ctx: IngestContext, batch: Batch): Promise<ImportProblem[]> {
  const out: ImportProblem[] = [];
  const first = new Map<string, CaseEvent>();
  batch.events.forEach((e, i) => {
    const earlier = first.get(e.id);
    if (!earlier) first.set(e.id, e);
    else if (!sameEvent(earlier, e)) {
      out.push({ line: batch.eventLines[i], id: e.id, field: 'id', message: `is used by a different event on line ${batch.lines.get(e.id)}` });
    }
  });
  const ids = [...first.keys()];
  const stored = (await ctx.knex('events').select('id', 'type', 'case_id', 'at', 'data').whereIn('id', ids)) as
    { id: string; type: CaseEvent['type']; case_id: string; at: Date; data: unknown }[];
  for (const s of stored) {
    const e = first.get(s.id)!;
    const data = (typeof s.data === 'string' ? JSON.parse(s.data) : s.data) as Record<string, unknown>;
    if (!sameEvent(e, { id: s.id, type: s.type, caseId: s.case_id, at: new Date(s.at).getTime(), data })) {
      out.push({ line: batch.lines.get(s.id)!, id: s.id, field: 'id', message: 'is already stored for a different event; event ids must be unique' });
    }
  }
  return out;
}
