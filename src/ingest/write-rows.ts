// Why: the write path of ingestion is bound by how rows reach PostgreSQL. A knex multi-row insert
// binds one parameter per value (13,000 for 1,000 interval rows), which both knex and the server
// parse one by one. Here each table gets one `insert … select * from unnest($1::text[], …)` per
// batch: one bound array per column, the same statement text for any number of rows, on pg and on
// PGlite alike. It stays a plain INSERT into the same tables, so triggers on them still fire.
import type { Knex } from 'knex';
import { INFINITY } from './project-case';
import { isoInstant } from '../time/iso-instant';

type PgType = 'text' | 'timestamptz' | 'boolean' | 'jsonb' | 'integer' | 'bigint';

/** A table's columns in insert order, each with the element type of its array parameter. */
export type Columns = readonly (readonly [name: string, type: PgType])[];

/** The columns ingestion writes into the event log (`received_at` takes its default). */
export const EVENT_COLUMNS: Columns = [['id', 'text'], ['case_id', 'text'], ['type', 'text'], ['at', 'timestamptz'], ['data', 'jsonb']];

export const READ_MODEL_COLUMNS = {
  cases: [['case_id', 'text'], ['case_type', 'text'], ['reference', 'text'], ['created_at', 'timestamptz'], ['attributes', 'jsonb']],
  case_intervals: [
    ['case_id', 'text'], ['case_type', 'text'], ['created_at', 'timestamptz'], ['valid_from', 'timestamptz'], ['valid_to', 'timestamptz'],
    ['is_open', 'boolean'], ['status', 'text'], ['assignee', 'text'], ['role', 'text'], ['suspended', 'boolean'],
    ['deadline', 'timestamptz'], ['overdue', 'boolean'], ['closed_at', 'timestamptz'],
  ],
  case_closings: [
    ['event_id', 'text'], ['case_id', 'text'], ['case_type', 'text'], ['created_at', 'timestamptz'], ['closed_at', 'timestamptz'],
    ['deadline', 'timestamptz'], ['overdue', 'boolean'], ['result', 'text'],
  ],
  letters: [['event_id', 'text'], ['case_id', 'text'], ['case_type', 'text'], ['letter_type', 'text'], ['sent_at', 'timestamptz']],
  tasks: [
    ['case_id', 'text'], ['task_id', 'text'], ['case_type', 'text'], ['step', 'text'], ['created_at', 'timestamptz'],
    ['completed_at', 'timestamptz'], ['due_at', 'timestamptz'], ['role', 'text'], ['assignee', 'text'], ['overdue', 'boolean'],
  ],
  task_intervals: [
    ['case_id', 'text'], ['task_id', 'text'], ['case_type', 'text'], ['step', 'text'], ['valid_from', 'timestamptz'],
    ['valid_to', 'timestamptz'], ['is_open', 'boolean'], ['assignee', 'text'], ['role', 'text'], ['due_at', 'timestamptz'], ['overdue', 'boolean'],
  ],
} as const satisfies Record<string, Columns>;

/** Rows per statement: bounds the size of one bound array (and PGlite's message) on huge batches. */
const ROWS_PER_STATEMENT = 20_000;

/** A projection value as the text PostgreSQL reads: instants (epoch ms) as ISO text, INFINITY as 'infinity'. */
function toParam(value: unknown, type: PgType): string | boolean | null {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'timestamptz':
      if (typeof value === 'number') return value === INFINITY ? 'infinity' : isoInstant(value);
      return value instanceof Date ? value.toISOString() : String(value);
    case 'jsonb':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'boolean':
      return Boolean(value);
    default:
      return String(value);
  }
}

/** `insert into T (cols) select * from unnest(?::t1[], ?::t2[], …)` and its bound column arrays. */
export function unnestInsert(table: string, columns: Columns, rows: readonly object[]): { sql: string; bindings: unknown[] } {
  const bindings = columns.map(([name, type]) => rows.map((r) => toParam((r as Record<string, unknown>)[name], type)));
  const sql = `insert into ${table} (${columns.map(([name]) => name).join(', ')}) select * from unnest(${columns.map(([, type]) => `?::${type}[]`).join(', ')})`;
  return { sql, bindings };
}

/** Inserts projection rows (keys are column names) into one read-model table. */
export async function insertRows(trx: Knex | Knex.Transaction, table: keyof typeof READ_MODEL_COLUMNS, rows: readonly object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const { sql, bindings } = unnestInsert(table, READ_MODEL_COLUMNS[table], rows.slice(i, i + ROWS_PER_STATEMENT));
    await trx.raw(sql, bindings as Knex.RawBinding[]);
  }
}
