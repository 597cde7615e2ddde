// Why: the stock and letter deltas (migrations 005–007) are kept by statement triggers on
// case_intervals and letters, which the bulk load switches off. Refilling them from the whole read
// model at the end (stock_deltas_refill(), letter_deltas_refill()) cost PostgreSQL a third of a
// first import, single-threaded, after node had finished. Here the same changes are taken from the
// projections while node holds them: per batch, summed per 15-minute slot and group, and sent with
// COPY into two temporary tables; at the end one GROUP BY per delta table sums them up. The
// definitions are those of the migrations, written once more over the projection rows:
// - an open-case interval [a, b) is +1 at a and −1 at b (b finite), with ±(local date of the case's
//   creation − 2000-01-01) in created_days, the local date in the zone of stock_delta_zone (0 when
//   none is set);
// - an (open interval [a, b), letter sent at s) pair of one case with s < b is +1 at max(a, s) and
//   −1 at b (b finite), per letter type.
// A day is the UTC date of the change, a slot its 15 minutes in UTC (date_bin from 2000-01-01).
// test/ingest/bulk-import.test.ts checks the result against the trigger-kept deltas of the batched
// import and against the refill functions.
import type { CaseIntervalRow, CaseProjection } from './project-case';
import { INFINITY } from './project-case';
import type { Columns } from './write-rows';
import { DAY_MS, toWall } from '../time/wall-clock';

const SLOT_MS = 15 * 60_000;
/** Days from 1970-01-01 to 2000-01-01, the origin of created_days. */
const DAYS_TO_2000 = 10_957;

export const STOCK_CHANGE_TABLE = 'bulk_import_stock_changes';
export const LETTER_CHANGE_TABLE = 'bulk_import_letter_changes';

export const STOCK_CHANGE_COLUMNS: Columns = [
  ['slot', 'timestamptz'], ['case_type', 'text'], ['status', 'text'], ['role', 'text'], ['overdue', 'boolean'], ['d', 'integer'], ['cd', 'bigint'],
];
export const LETTER_CHANGE_COLUMNS: Columns = [
  ['slot', 'timestamptz'], ['case_type', 'text'], ['status', 'text'], ['role', 'text'], ['overdue', 'boolean'], ['letter_type', 'text'], ['d', 'integer'],
];

interface StockChange { slot: number; case_type: string; status: string | null; role: string | null; overdue: boolean | null; d: number; cd: number }
interface LetterChange { slot: number; case_type: string; status: string | null; role: string | null; overdue: boolean | null; letter_type: string; d: number }

// Text cannot hold NUL (src/input/storable-text.ts refuses it), so it marks NULL in a group key and
// \u0001 separates the parts.
const part = (v: string | null) => (v === null ? '\u0000' : v);
const flag = (v: boolean | null) => (v === null ? '\u0000' : v ? 't' : 'f');
const groupKey = (i: CaseIntervalRow) => `${i.case_type}\u0001${part(i.status)}\u0001${part(i.role)}\u0001${flag(i.overdue)}`;
const slotOf = (at: number) => Math.floor(at / SLOT_MS) * SLOT_MS;

/** The batch's stock and letter changes, summed per slot and group (zero sums included). */
export function batchDeltaChanges(projections: readonly CaseProjection[], zone: string | null): { stock: StockChange[]; letters: LetterChange[] } {
  const stock = new Map<string, StockChange>();
  const letters = new Map<string, LetterChange>();
  const addStock = (at: number, i: CaseIntervalRow, key: string, d: number, cd: number) => {
    const slot = slotOf(at);
    const k = `${slot}\u0001${key}`;
    const c = stock.get(k);
    if (c) {
      c.d += d;
      c.cd += cd;
    } else stock.set(k, { slot, case_type: i.case_type, status: i.status, role: i.role, overdue: i.overdue, d, cd });
  };
  const addLetter = (at: number, i: CaseIntervalRow, key: string, letterType: string, d: number) => {
    const slot = slotOf(at);
    const k = `${slot}\u0001${key}\u0001${letterType}`;
    const c = letters.get(k);
    if (c) c.d += d;
    else letters.set(k, { slot, case_type: i.case_type, status: i.status, role: i.role, overdue: i.overdue, letter_type: letterType, d });
  };
  for (const p of projections) {
    for (const i of p.intervals) {
      if (!i.is_open) continue;
      const key = groupKey(i);
      const cd = zone === null ? 0 : Math.floor(toWall(i.created_at, zone) / DAY_MS) - DAYS_TO_2000;
      addStock(i.valid_from, i, key, 1, cd);
      if (i.valid_to < INFINITY) addStock(i.valid_to, i, key, -1, -cd);
      for (const l of p.letters) {
        if (!(l.sent_at < i.valid_to)) continue;
        addLetter(Math.max(i.valid_from, l.sent_at), i, key, l.letter_type, 1);
        if (i.valid_to < INFINITY) addLetter(i.valid_to, i, key, l.letter_type, -1);
      }
    }
  }
  return { stock: [...stock.values()], letters: [...letters.values()] };
}

const STOCK_KEY = 'case_type, status, role, overdue';
const LETTER_KEY = 'case_type, status, role, overdue, letter_type';

/** Staged changes are folded into these every FOLD_ROUNDS rounds (same columns). */
export const STOCK_PARTIAL_TABLE = 'bulk_import_stock_partial';
export const LETTER_PARTIAL_TABLE = 'bulk_import_letter_partial';

/** The temporary tables the batches' changes go into, and their folded sums (dropped at commit). */
export const CREATE_CHANGE_TABLES = [STOCK_CHANGE_TABLE, STOCK_PARTIAL_TABLE].map((t) =>
  `create temporary table ${t} (slot timestamptz not null, case_type text not null, status text, role text, overdue boolean, d integer not null, cd bigint not null) on commit drop`,
).concat([LETTER_CHANGE_TABLE, LETTER_PARTIAL_TABLE].map((t) =>
  `create temporary table ${t} (slot timestamptz not null, case_type text not null, status text, role text, overdue boolean, letter_type text not null, d integer not null) on commit drop`,
));

/**
 * Rounds between two folds. During the load PostgreSQL's connection waits for the parse worker a
 * third of the time; a fold there sums the last rounds' changes (cases that arrived close together
 * share slots and groups), so that the sums after the load, on one core while the other idles, read
 * a fraction of the rows (docs/perf-notes-ingest.md, session 5).
 */
export const FOLD_ROUNDS = 20;

/** Sums the staged changes into the partial tables and empties the staging tables. */
export const FOLD_CHANGES = [
  `insert into ${STOCK_PARTIAL_TABLE} select slot, ${STOCK_KEY}, sum(d)::int, sum(cd)::bigint from ${STOCK_CHANGE_TABLE} group by 1, 2, 3, 4, 5`,
  `insert into ${LETTER_PARTIAL_TABLE} select slot, ${LETTER_KEY}, sum(d)::int from ${LETTER_CHANGE_TABLE} group by 1, 2, 3, 4, 5, 6`,
  `truncate ${STOCK_CHANGE_TABLE}, ${LETTER_CHANGE_TABLE}`,
];

/**
 * Sums the changes into the four delta tables, as the refill functions would: the last rounds'
 * changes are folded first, then the partial sums summed up. The day tables are summed from the
 * fine tables, a third of the rows: a day's sum is the sum of its slots, and a slot left out of a
 * fine table sums to zero.
 */
export const FILL_DELTA_TABLES = [
  ...FOLD_CHANGES,
  'truncate stock_deltas, stock_deltas_fine, letter_deltas, letter_deltas_fine',
  `insert into stock_deltas_fine (slot, ${STOCK_KEY}, delta, created_days)
     select slot, ${STOCK_KEY}, sum(d)::int, sum(cd)::bigint from ${STOCK_PARTIAL_TABLE}
      group by 1, 2, 3, 4, 5 having sum(d) <> 0 or sum(cd) <> 0`,
  `insert into stock_deltas (day, ${STOCK_KEY}, delta, created_days)
     select (slot at time zone 'UTC')::date, ${STOCK_KEY}, sum(delta)::int, sum(created_days)::bigint from stock_deltas_fine
      group by 1, 2, 3, 4, 5 having sum(delta) <> 0 or sum(created_days) <> 0`,
  `insert into letter_deltas_fine (slot, ${LETTER_KEY}, delta)
     select slot, ${LETTER_KEY}, sum(d)::int from ${LETTER_PARTIAL_TABLE}
      group by 1, 2, 3, 4, 5, 6 having sum(d) <> 0`,
  `insert into letter_deltas (day, ${LETTER_KEY}, delta)
     select (slot at time zone 'UTC')::date, ${LETTER_KEY}, sum(delta)::int from letter_deltas_fine
      group by 1, 2, 3, 4, 5, 6 having sum(delta) <> 0`,
];
