// Why: the public types of `npm run import` (src/ingest/ndjson.ts) and of its bulk path
// (src/ingest/bulk-import.ts) in one place: what a caller gets back, what it can set, and how a
// refused file is described.
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
  /**
   * `bulk`: the file went into an empty PostgreSQL database in one transaction, one pass, with COPY,
   * and the secondary indexes were built after it (src/ingest/bulk-import.ts). `batches`: the
   * two-pass import, one transaction per batch.
   */
  mode: 'bulk' | 'batches';
  /** Why a bulk load was not used or was given up (null when it ran, or was never possible: PGlite). */
  bulkSkipped: string | null;
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
  /** Wall-clock seconds: everything, both passes (or the bulk load and a fallback after it). */
  seconds: number;
  validateSeconds: number;
  /** Storing, including the ANALYZE runs while the tables grow (bulk load: up to its commit, the stock deltas included). */
  storeSeconds: number;
  /** Bulk load: building the secondary indexes after the commit, two at a time (not part of `storeSeconds`). */
  indexSeconds: number;
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
  /**
   * Load an empty PostgreSQL database in one pass and one transaction (src/ingest/bulk-import.ts);
   * default true. False always uses the two-pass batched import.
   */
  bulk?: boolean;
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
