// Why: both import paths (the batched two-pass import in ndjson.ts and the bulk load of an empty
// database in bulk-import.ts) read an NDJSON file the same way: line by line with flat memory,
// every line parsed and validated by the one event parser, grouped into batches that end between
// cases. Kept here so the two paths cannot drift apart.
import fs from 'node:fs';
import { CaseEvent, validateEvent } from './events';
import { ImportOptions, ImportProblem, ImportProgress } from './import-types';

const MAX_LINE = 1_000_000;

export interface Batch {
  events: CaseEvent[];
  /** The line of each event. */
  eventLines: number[];
  /** Event id → the line of its first occurrence in this batch (ingestEvents names it on a conflict). */
  lines: Map<string, number>;
  firstLine: number;
}

/**
 * Reads the file line by line (a read stream, so memory stays flat) and hands every non-blank line
 * to `onLine`; when `onLine` returns a promise, reading waits for it. Lines end where node:readline
 * ends them (`\n`, `\r\n` or a lone `\r`), and a byte order mark before the first line is dropped.
 * This is a loop over the stream's chunks rather than readline's async iterator: that made a
 * promise per line, which an import of millions of lines paid for in garbage collection.
 */
export async function readLines(
  path: string,
  onLine: (line: string, lineNo: number) => void | Promise<void>,
  onTick: (lines: number, bytesRead: number) => void,
  chunkBytes = 1 << 20,
): Promise<{ lines: number; blank: number }> {
  const stream = fs.createReadStream(path, { encoding: 'utf8', highWaterMark: chunkBytes });
  let lines = 0;
  let blank = 0;
  let rest = '';
  // The chunk before ended in \r: a \n starting this one belongs to that line break.
  let afterCr = false;
  /** One line; a promise only when `onLine` gave one. */
  const line = (text: string): void | Promise<void> => {
    lines++;
    if (lines === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1); // UTF-8 byte order mark
    let pending: void | Promise<void> = undefined;
    if (text.trim() === '') blank++;
    else pending = onLine(text, lines);
    if (lines % 1000 !== 0) return pending;
    // Progress after the line is done, as before.
    const [n, bytes] = [lines, stream.bytesRead];
    if (pending) return pending.then(() => onTick(n, bytes));
    onTick(n, bytes);
  };
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      let start = afterCr && chunk.charCodeAt(0) === 10 ? 1 : 0;
      afterCr = false;
      // The next \r and \n at or after `start` (-1: none in this chunk), each looked up again only
      // once passed, so a file with only one kind of line end is not searched to its chunk's end per line.
      let cr = chunk.indexOf('\r', start);
      let nl = chunk.indexOf('\n', start);
      for (;;) {
        if (cr !== -1 && cr < start) cr = chunk.indexOf('\r', start);
        if (nl !== -1 && nl < start) nl = chunk.indexOf('\n', start);
        const end = cr === -1 ? nl : nl === -1 ? cr : Math.min(cr, nl);
        if (end === -1) break;
        const text = rest === '' ? chunk.slice(start, end) : rest + chunk.slice(start, end);
        rest = '';
        start = end + 1;
        if (end === cr) {
          if (start === chunk.length) afterCr = true;
          else if (chunk.charCodeAt(start) === 10) start++;
        }
        const pending = line(text);
        if (pending) await pending;
      }
      rest += chunk.slice(start);
    }
    if (rest !== '') {
      const pending = line(rest);
      if (pending) await pending;
    }
  } finally {
    stream.destroy();
  }
  return { lines, blank };
}

/** Parses and validates one non-blank line. */
export function parseLine(line: string, lineNo: number): { event?: CaseEvent; problems: ImportProblem[] } {
  if (line.length > MAX_LINE) return { problems: [{ line: lineNo, field: 'event', message: `is longer than ${MAX_LINE.toLocaleString('en')} characters` }] };
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (e) {
    return { problems: [{ line: lineNo, field: 'event', message: `is not valid JSON (${(e as Error).message})` }] };
  }
  const { event, problems } = validateEvent(raw, lineNo, line);
  const out: ImportProblem[] = problems.map((p) => ({ line: lineNo, ...(p.id !== undefined ? { id: p.id } : {}), field: p.field, message: p.message }));
  return { event, problems: out };
}

/**
 * Reads the file's events into the batches `batcher` closes and hands each to `on.batch`, in file
 * order, the last one included. A line that gives no event goes to `on.problems` with what is
 * wrong with it. Both may be async (reading waits for them) and may throw (reading stops). The
 * three readings of a file (the bulk load and both passes of the batched import) go through here.
 */
export async function readBatches(
  path: string,
  batcher: Batcher,
  on: {
    batch: (batch: Batch) => void | Promise<void>;
    problems: (found: ImportProblem[], lineNo: number) => void | Promise<void>;
    /** Every 1,000 lines: lines read, bytes read, events so far. */
    tick: (lines: number, bytesRead: number, events: number) => void;
  },
): Promise<{ lines: number; blank: number; events: number }> {
  let events = 0;
  // Not async: a promise per line was most of the reading's cost; only a closed batch waits.
  const read = await readLines(path, (line, lineNo) => {
    const { event, problems } = parseLine(line, lineNo);
    if (!event) return on.problems(problems, lineNo);
    events++;
    const closed = batcher.push(event, lineNo);
    return closed ? on.batch(closed) : undefined;
  }, (lines, bytesRead) => on.tick(lines, bytesRead, events));
  const last = batcher.finish();
  if (last) await on.batch(last);
  return { ...read, events };
}

/**
 * Groups events into batches of about `batchSize`: a batch ends at the first change of case after
 * `batchSize` events, so a file grouped by case keeps each case in one batch, and never grows past
 * `maxBatchSize`. The same file always gives the same batches (both passes rely on that).
 */
export class Batcher {
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

const PROGRESS_LINES = 50_000;
const PROGRESS_MS = 2_000;

/**
 * A progress reporter for one phase of an import: calls `options.onProgress` every
 * `progressEveryLines` lines (default 50,000) or 2 s, and, with `force`, once at the end of a phase
 * that reported before (long files only). Events per second for `store`, lines per second for
 * `validate`.
 */
export function progressReporter(options: ImportOptions, totalBytes: number, phase: ImportProgress['phase'], phaseStart: number) {
  const every = options.progressEveryLines ?? PROGRESS_LINES;
  let lastLines = 0;
  let lastEvents = 0;
  let lastTime = Date.now();
  let reported = false;
  return (lines: number, events: number, bytesRead: number, force = false) => {
    if (!options.onProgress) return;
    const now = Date.now();
    if (force ? !reported : lines - lastLines < every && now - lastTime < PROGRESS_MS) return;
    if (reported && lines === lastLines && events === lastEvents) return; // nothing new
    reported = true;
    lastLines = lines;
    lastEvents = events;
    lastTime = now;
    const elapsedMs = now - phaseStart;
    const done = phase === 'validate' ? lines : events;
    options.onProgress({ phase, lines, events, bytesRead, totalBytes, elapsedMs, perSecond: elapsedMs > 0 ? (done * 1000) / elapsedMs : 0 });
  };
}
