// Why: the CPU half of a first import (bulk-import.ts): read the NDJSON file, parse and validate
// every line once, group the events into rounds that end between cases, project each round's cases
// and write everything PostgreSQL will COPY (the event log, the read model and the delta changes of
// bulk-deltas.ts) as text. It runs in a worker thread (bulk-worker.ts), so that node's parsing and
// PostgreSQL's storing run on two cores at once: on one thread, PostgreSQL waited for node at the
// start of every COPY while node was busy with the next round (it was busy 55% of the load).
import { CaseEvent } from './events';
import { sameEvent } from './ingest';
import { CaseProjection, projectCase } from './project-case';
import { EVENT_COLUMNS, READ_MODEL_COLUMNS } from './write-rows';
import { READ_MODEL_TABLE_NAMES } from './analyze';
import { copyRows, copyStatement } from './copy-text';
import { batchDeltaChanges, LETTER_CHANGE_COLUMNS, LETTER_CHANGE_TABLE, STOCK_CHANGE_COLUMNS, STOCK_CHANGE_TABLE } from './bulk-deltas';
import { Batch, Batcher, readBatches } from './ndjson-reader';
import { ProcessCatalog } from '../processes';
import type { ProcessDefinition } from '../processes/types';
import type { ImportProblem } from './import-types';

/** The table a round's case ids go into first (bulk-import.ts: it notices a case apart in the file). */
export const ROUND_CASES_TABLE = 'bulk_import_cases';
const CASE_ID = [['case_id', 'text']] as const;

/** What the parsing needs; plain data, so that it can be handed to a worker thread. */
export interface ParseJob {
  path: string;
  /** Events per round; a round ends at the next change of case. */
  batchSize: number;
  /** A case with this many events would not fit in one round: the bulk load gives up. */
  maxBatchEvents: number;
  /** DEFAULT_TIMEZONE: where date deadlines end (IngestContext.zone). */
  zone: string;
  /** The zone of the lead-time sums of the stock deltas (stock_delta_zone), or null. */
  deltaZone: string | null;
  processes: ProcessDefinition[];
  maxProblems: number;
}

/** One round, ready to COPY: `inputs` are [COPY statement, its text] in the order to send them. */
export interface Round {
  kind: 'round';
  /** Events of the round, repeats included. */
  events: number;
  /** Events without repeats of the same event. */
  inserted: number;
  cases: number;
  lastLine: number;
  bytesRead: number;
  inputs: [string, string][];
}

export type ParseEnd =
  | { kind: 'done'; lines: number; blank: number; parsed: number; problems: ImportProblem[]; problemTotal: number }
  | { kind: 'tooBig'; message: string };

/**
 * Reads the whole file and hands every round to `send`, in file order (awaiting it: that is the
 * flow control). After the first problem nothing more is sent, but reading goes on to name every
 * problem (at most `maxProblems`, all of them counted).
 */
export async function parseRounds(job: ParseJob, send: (round: Round) => Promise<void>, onTick: (bytesRead: number) => void = () => undefined): Promise<ParseEnd> {
  const catalog = new ProcessCatalog(job.processes);
  const problems: ImportProblem[] = [];
  let problemTotal = 0;
  const problem = (p: ImportProblem) => {
    problemTotal++;
    if (problems.length < job.maxProblems) problems.push(p);
  };
  let bytesRead = 0;
  let tooBig: string | null = null;
  const round = async (batch: Batch) => {
    if (problemTotal > 0 || tooBig) return;
    if (batch.events.length >= job.maxBatchEvents) {
      tooBig = `a case has ${job.maxBatchEvents.toLocaleString('en')} events or more`;
      return;
    }
    const built = buildRound(batch, catalog, job, problem);
    if (built && problemTotal === 0) await send({ ...built, bytesRead });
  };
  const read = await readBatches(job.path, new Batcher(job.batchSize, job.maxBatchEvents), {
    batch: round,
    problems: (found) => found.forEach(problem),
    tick: (_lines, b) => {
      bytesRead = b;
      onTick(b);
    },
  });
  if (tooBig) return { kind: 'tooBig', message: tooBig };
  return { kind: 'done', lines: read.lines, blank: read.blank, parsed: read.events, problems, problemTotal };
}

/** A round's COPY input: its case ids, its events, the six read-model tables and the delta changes. */
function buildRound(batch: Batch, catalog: ProcessCatalog, job: ParseJob, problem: (p: ImportProblem) => void): Omit<Round, 'bytesRead'> | null {
  const { events, projections } = prepare(batch, catalog, job.zone, problem);
  if (events.length === 0 && projections.length === 0) return null;
  const inputs: [string, string][] = [
    [copyStatement(ROUND_CASES_TABLE, CASE_ID), copyRows(CASE_ID, [...new Set(events.map((e) => e.caseId))].map((case_id) => ({ case_id })))],
    [copyStatement('events', EVENT_COLUMNS), copyRows(EVENT_COLUMNS, events.map((e) => ({ id: e.id, case_id: e.caseId, type: e.type, at: e.at, data: e.data })))],
    ...READ_MODEL_TABLE_NAMES.map((table): [string, string] =>
      [copyStatement(table, READ_MODEL_COLUMNS[table]), copyRows(READ_MODEL_COLUMNS[table], projections.flatMap((p) => rowsOf(p, table)))]),
  ];
  const changes = batchDeltaChanges(projections, job.deltaZone);
  inputs.push(
    [copyStatement(STOCK_CHANGE_TABLE, STOCK_CHANGE_COLUMNS), copyRows(STOCK_CHANGE_COLUMNS, changes.stock)],
    [copyStatement(LETTER_CHANGE_TABLE, LETTER_CHANGE_COLUMNS), copyRows(LETTER_CHANGE_COLUMNS, changes.letters)],
  );
  return {
    kind: 'round', events: batch.events.length, inserted: events.length, cases: projections.length,
    lastLine: batch.eventLines[batch.eventLines.length - 1], inputs: inputs.filter(([, text]) => text !== ''),
  };
}

/**
 * The round's events without repeats (the same event twice counts once; an id used for two
 * different events is a problem) and the projections of its cases.
 */
function prepare(batch: Batch, catalog: ProcessCatalog, zone: string, problem: (p: ImportProblem) => void): { events: CaseEvent[]; projections: CaseProjection[] } {
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
    const p = projectCase(list, catalog, zone);
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
