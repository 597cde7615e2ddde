// The COPY text a bulk import sends (src/ingest/copy-text.ts), pinned next to the rows that made
// it: PostgreSQL's text format (tab between columns, newline after each row, \N for NULL, a
// backslash, tab, newline or carriage return inside a value escaped) with our instants.
import { copyRows, copyStatement } from '../../src/ingest/copy-text';
import type { Columns } from '../../src/ingest/write-rows';

const COLUMNS: Columns = [['id', 'text'], ['at', 'timestamptz'], ['open', 'boolean'], ['data', 'jsonb'], ['n', 'integer']];

describe('COPY text', () => {
  it('writes each row as one line, in column order, with NULL, escapes, instants and infinity', () => {
    const rows = [
      { id: 'a\tb\\c', at: Date.UTC(2026, 11, 5, 9, 30), open: true, data: { k: 'line1\nline2' }, n: 42 },
      { id: null, at: Number.POSITIVE_INFINITY, open: false, data: null, n: -7 },
      { id: 'x', at: '2026-12-05T10:30:00+01:00', open: null, data: '{"raw":1}', n: null, extra: 'ignored' },
    ];
    expect(copyRows(COLUMNS, rows)).toBe(
      'a\\tb\\\\c\t2026-12-05T09:30:00.000Z\tt\t{"k":"line1\\\\nline2"}\t42\n'
      + '\\N\tinfinity\tf\t\\N\t-7\n'
      + 'x\t2026-12-05T10:30:00+01:00\t\\N\t{"raw":1}\t\\N\n',
    );
    expect(copyRows(COLUMNS, [])).toBe('');
    expect(copyStatement('t', COLUMNS)).toBe('copy t (id, at, open, data, n) from stdin');
  });

  it('refuses a column name that is not a plain identifier', () => {
    expect(() => copyRows([['a; drop table x', 'text']], [{}])).toThrow(/cannot be written/);
  });
});
