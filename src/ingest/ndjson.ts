// Why: `npm run import -- FILE.ndjson` (contract sections 1 and 3) must take files of any size with
// flat memory and must never leave half a file behind because of a bad line. So the file is read
// twice, streaming: pass 1 validates every line (and checks ids against the stored log) and
// refuses the whole file, writing nothing, when any line is bad; pass 2 stores it in batches
// through the one ingest path (`ingestEvents`), each batch one transaction. Importing a file again
// is harmless: stored events count as duplicates.
import fs from 'node:fs';
import readline from 'node:readline';
import { CaseEvent, validateEvent } from './events';
import { IngestContext, ingestEvents, IngestRefused } from './ingest';
import { analyzeAsItGrows, analyzeReadModel } from './analyze';

/** Where and why a line of the file is refused. */
export interface ImportProblem {
  /** 1-based line number in the file. */
  line: number;
  id?: string;
  field: string;
  message: string;
}

export interface ImportSummary {
  file: string;
  /** Lines read, blank ones included. */
  lines: number;
  blankLines: number;
  /** Events in the file (non-blank lines). */
  events: number;
  /** Events newly stored. */
  inserted: number;
  /** Events that were already stored (or repeated in the file): they count once. */
  duplicates: number;
  /** Case rebuilds; a case split over two batches counts twice. */
  casesRebuilt: number;
  batches: number;
  /** Wall-clock seconds: both passes. */
  seconds: number;
  validateSeconds: number;
  /** Storing, including the ANALYZE runs while the tables grow. */
  storeSeconds: number;
  /** The final ANALYZE of the read model (src/ingest/analyze.ts), part of `seconds`. */
  analyzeSeconds: number;
  /** Events per second over the whole import. */
  eventsPerSecond: number;
}

export interface ImportProgress {
  phase: 'validate' | 'store';
  lines: number;
  events: number;
  /** Bytes of the file read so far and in all (for a percentage). */
  bytesRead: number;
  totalBytes: number;
  elapsedMs: number;
  /** Lines per second (validate) or events stored per second (store), this phase so far. */
  perSecond: number;
}

export interface ImportOptions {
  /** Target events per batch (one transaction each); default 5,000. A batch ends between cases where the file groups them. */
  batchSize?: number;
  /** Hard upper bound of a batch, also inside one case's run of events; default 2 × batchSize. */
  maxBatchSize?: number;
  /** Called every 50,000 lines or 2 s in each pass, and at the end of a pass that reported before. */
  onProgress?: (p: ImportProgress) => void;
  /** Lines between progress reports (checked every 1,000 lines); default 50,000. */
  progressEveryLines?: number;
  /** Problems kept in detail (all are counted); default 100. */
  maxProblems?: number;
}

export class ImportRefused extends Error {
  constructor(
    readonly file: string,
    /** The first `maxProblems` problems, in line order. */
    readonly problems: ImportProblem[],
    /** All problems, also those not kept. */
    readonly total: number,
    /**
     * Set when the refusal came while storing (pass 2): an event id already stored for a different
     * event by an earlier batch of this file, or by a concurrent writer. Batches before that line
     * are stored; the refused batch is not. Fix the file and import it again: stored events count
     * as duplicates.
     */
    readonly partial?: { beforeLine: number; inserted: number },
  ) {
    super(
      `${file}: ${total} problem(s); ${partial ? `events before line ${partial.beforeLine} were stored (${partial.inserted} new), the rest was not` : 'nothing was stored'}. ` +
        problems.slice(0, 10).map(describeImportProblem).join('; ') + (total > 10 ? '; …' : ''),
    );
    this.name = 'ImportRefused';
  }
}

/** `line 12 (id "e-12"): data.caseType is required: …` */
export function describeImportProblem(p: ImportProblem): string {
  return `line ${p.line}${p.id !== undefined ? ` (id ${JSON.stringify(p.id)})` : ''}: ${p.field} ${p.message}`;
}

const PROGRESS_LINES = 50_000;
const PROGRESS_MS = 2_000;
const MAX_LINE = 1_000_000;

interface Batch {
  events: CaseEvent[];
  /** The line of each event. */
  eventLines: number[];
  /** Event id → the line of its first occurrence in this batch (ingestEvents names it on a conflict). */
  lines: Map<string, number>;
  firstLine: number;
}

/**
 * Reads the file line by line (node:readline over a read stream, so memory stays flat) and hands
 * every non-blank line to `onLine`; `onLine` may be async (the stream waits for it).
 */
async function readLines(
  path: string,
  onLine: (line: string, lineNo: number) => void | Promise<void>,
  onTick: (lines: number, bytesRead: number) => void,
): Promise<{ lines: number; blank: number }> {
  const stream = fs.createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let lines = 0;
  let blank = 0;
  try {
    for await (let line of rl) {
      lines++;
      if (lines === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1); // UTF-8 byte order mark
      if (line.trim() === '') blank++;
      else {
        const pending = onLine(line, lines);
        if (pending) await pending;
      }
      if (lines % 1000 === 0) onTick(lines, stream.bytesRead);
    }
  } finally {
    rl.close();
    stream.destroy();
  }
  return { lines, blank };
}

/** Parses and validates one non-blank line. */
function parseLine(line: string, lineNo: number): { event?: CaseEvent; problems: ImportProblem[] } {
  if (line.length > MAX_LINE) return { problems: [{ line: lineNo, field: 'event', message: `is longer than ${MAX_LINE.toLocaleString('en')} characters` }] };
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (e) {
    return { problems: [{ line: lineNo, field: 'event', message: `is not valid JSON (${(e as Error).message})` }] };
  }
  const { event, problems } = validateEvent(raw, lineNo);
  const out: ImportProblem[] = problems.map((p) => ({ line: lineNo, ...(p.id !== undefined ? { id: p.id } : {}), field: p.field, message: p.message }));
  return { event, problems: out };
}

/**
 * Groups events into batches of about `batchSize`: a batch ends at the first change of case after
 * `batchSize` events, so a file grouped by case keeps each case in one batch, and never grows past
 * `maxBatchSize`. The same file always gives the same batches (both passes rely on that).
 */
class Batcher {
  private current: Batch | null = null;
  private lastCase: string | null = null;
  constructor(private readonly batchSize: number, private readonly maxBatchSize: number) {}

  /** Adds an event; returns the batch that it closed, if any. */
  push(event: CaseEvent, line: number): Batch | null {
    let closed: Batch | null = null;
    const size = this.current?.events.length ?? 0;
    if (this.current && ((size >= this.batchSize && event.caseId !== this.lastCase) || size >= this.maxBatchSize)) {
      closed = this.current;
      this.current = null;
    }
    if (!this.current) this.current = { events: [], eventLines: [], lines: new Map(), firstLine: line };
    this.current.events.push(event);
    this.current.eventLines.push(line);
    if (!this.current.lines.has(event.id)) this.current.lines.set(event.id, line);
    this.lastCase = event.caseId;
    return closed;
  }

  finish(): Batch | null {
    const last = this.current;
    this.current = null;
    return last;
  }
}

/** Streams an NDJSON file of events (contract section 3) into the database; see the file comment. */
export async function importNdjsonFile(ctx: IngestContext, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 5000));
  const maxBatchSize = Math.max(batchSize, Math.floor(options.maxBatchSize ?? batchSize * 2));
  const maxProblems = options.maxProblems ?? 100;
  const progressLines = options.progressEveryLines ?? PROGRESS_LINES;
  const started = Date.now();
  const before = await fs.promises.stat(path);
  if (!before.isFile()) throw Object.assign(new Error(`${path} is not a file`), { code: 'EISDIR' });
  const totalBytes = before.size;

  const progress = (phase: ImportProgress['phase'], phaseStart: number) => {
    let lastLines = 0;
    let lastEvents = 0;
    let lastTime = Date.now();
    let reported = false;
    return (lines: number, events: number, bytesRead: number, force = false) => {
      if (!options.onProgress) return;
      const now = Date.now();
      // `force` (the end of a pass) reports only where progress was reported before: long files.
      if (force ? !reported : lines - lastLines < progressLines && now - lastTime < PROGRESS_MS) return;
      if (reported && lines === lastLines && events === lastEvents) return; // nothing new
      reported = true;
      lastLines = lines;
      lastEvents = events;
      lastTime = now;
      const elapsedMs = now - phaseStart;
      const done = phase === 'validate' ? lines : events;
      options.onProgress({ phase, lines, events, bytesRead, totalBytes, elapsedMs, perSecond: elapsedMs > 0 ? (done * 1000) / elapsedMs : 0 });
    };
  };

  // ---- pass 1: validate every line; check each batch's ids against the stored log -------------
  const problems: ImportProblem[] = [];
  let total = 0;
  const problem = (p: ImportProblem) => {
    total++;
    if (problems.length < maxProblems) problems.push(p);
  };
  let events = 0;
  let pass1Events = 0;
  const validateStart = Date.now();
  const report1 = progress('validate', validateStart);
  const batcher1 = new Batcher(batchSize, maxBatchSize);
  // Id conflicts are found a batch late: kept apart (the first maxProblems, in line order, all counted) and merged below.
  const pending1: ImportProblem[] = [];
  let pendingTotal = 0;
  const checkBatch = async (batch: Batch) => {
    for (const p of await conflictsInBatch(ctx, batch)) {
      pendingTotal++;
      if (pending1.length < maxProblems) pending1.push(p);
    }
  };
  const read1 = await readLines(path, async (line, lineNo) => {
    const { event, problems: found } = parseLine(line, lineNo);
    for (const p of found) problem(p);
    if (!event) return;
    pass1Events++;
    const closed = batcher1.push(event, lineNo);
    if (closed) await checkBatch(closed);
  }, (lines, bytes) => report1(lines, pass1Events, bytes));
  const last1 = batcher1.finish();
  if (last1) await checkBatch(last1);
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
    file: path, lines: read1.lines, blankLines: read1.blank, events: pass1Events, inserted: 0, duplicates: 0,
    casesRebuilt: 0, batches: 0, seconds: 0, validateSeconds, storeSeconds: 0, analyzeSeconds: 0, eventsPerSecond: 0,
  };
  const batcher2 = new Batcher(batchSize, maxBatchSize);
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
    read2 = await readLines(path, async (line, lineNo) => {
      const { event, problems: found } = parseLine(line, lineNo);
      if (!event) {
        await settle();
        throw new ImportRefused(path, found.length ? found : [{ line: lineNo, field: 'event', message: 'changed while the file was being imported' }], found.length || 1,
          { beforeLine: lineNo, inserted: summary.inserted });
      }
      const closed = batcher2.push(event, lineNo);
      if (closed) await enqueue(closed);
    }, (_lines, b) => {
      bytes2 = b;
      report2(storedLine, events, b);
    });
    const last2 = batcher2.finish();
    if (last2) await enqueue(last2);
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

// The same rule as ingestEvents: the same event sent twice counts once; data compares as JSON with sorted keys.
function sameEvent(a: CaseEvent, b: CaseEvent): boolean {
  return a.type === b.type && a.caseId === b.caseId && a.at === b.at && stableJson(a.data) === stableJson(b.data);
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
