// Why: the bulk import (bulk-import.ts) sends rows with `COPY … FROM STDIN` in PostgreSQL's text
// format, not as bound arrays: the server parses one line per row instead of one array literal per
// column, and node builds one string per table and batch instead of handing pg arrays to escape
// element by element. The format (PostgreSQL manual, COPY, "Text Format"): columns separated by a
// tab, rows by a newline, NULL as `\N`, and a backslash, tab, newline or carriage return inside a
// value written as `\\`, `\t`, `\n`, `\r`.
import { Columns } from './write-rows';
import { INFINITY } from './project-case';
import { isoInstant } from '../time/iso-instant';

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A text value as COPY reads it. */
export function copyEscape(value: string): string {
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c]) : value;
}

type Formatter = (value: unknown) => string;

const NULL = '\\N';

/** Instants are epoch ms (INFINITY for an open interval's end), as in the projection rows. */
const FORMATTERS: Record<Columns[number][1], Formatter> = {
  text: (v) => (v === null || v === undefined ? NULL : copyEscape(String(v))),
  timestamptz: (v) => {
    if (v === null || v === undefined) return NULL;
    if (typeof v === 'number') return v === INFINITY ? 'infinity' : isoInstant(v);
    return copyEscape(v instanceof Date ? v.toISOString() : String(v));
  },
  boolean: (v) => (v === null || v === undefined ? NULL : v ? 't' : 'f'),
  jsonb: (v) => (v === null || v === undefined ? NULL : copyEscape(typeof v === 'string' ? v : JSON.stringify(v))),
  integer: (v) => (v === null || v === undefined ? NULL : String(v)),
  bigint: (v) => (v === null || v === undefined ? NULL : String(v)),
};

/** `COPY table (columns) FROM STDIN`: the statement whose input `copyRows` writes. */
export function copyStatement(table: string, columns: Columns): string {
  return `copy ${table} (${columns.map(([name]) => name).join(', ')}) from stdin`;
}

/**
 * The rows (objects keyed by column name) as COPY text input, one line per row, each line ending in
 * a newline; '' for no rows.
 */
export function copyRows(columns: Columns, rows: readonly object[]): string {
  if (rows.length === 0) return '';
  return rowWriter(columns)(rows, FORMATTERS);
}

type RowWriter = (rows: readonly object[], f: typeof FORMATTERS) => string;
const writers = new Map<Columns, RowWriter>();

/**
 * A function that writes rows of these columns, compiled once per column list: it reads each
 * column by its name (`r.case_id`), so every property read sees one shape of row and stays fast,
 * where a loop over the column list read `row[name]` from rows of seven tables at one place (a
 * third of the bulk import's formatting time). Column names are our own constants (write-rows.ts),
 * checked here to be plain identifiers before they become code.
 */
function rowWriter(columns: Columns): RowWriter {
  let writer = writers.get(columns);
  if (!writer) {
    for (const [name, type] of columns) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name) || !(type in FORMATTERS)) throw new Error(`internal: column ${name} ${type} cannot be written`);
    }
    const line = columns.map(([name, type]) => `f.${type}(r.${name})`).join(" + '\\t' + ");
    writer = new Function('rows', 'f', `const lines = new Array(rows.length); for (let i = 0; i < rows.length; i++) { const r = rows[i]; lines[i] = ${line}; } return lines.join('\\n') + '\\n';`) as RowWriter;
    writers.set(columns, writer);
  }
  return writer;
}
