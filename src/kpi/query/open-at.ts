// Why: "which intervals are open at instant t" is the probe behind every snapshot (openCases,
// overdueCases, open letters and tasks, the first bucket of a stock series). The index that serves
// it is a GiST index on each open interval as a point (valid_from, valid_to) in epoch seconds
// (migration 009): an interval is open at t when its point lies in the quarter-plane
// x ≤ t < y, a box probe whose cost follows the answer, not the history. Points, unlike ranges,
// have a sorted GiST build (PostgreSQL 14+): 1.5–2 s instead of 7–9 s per index at 100,000 cases,
// the largest part of a first import's index phase (docs/perf-notes-ingest.md, session 5).
//
// The box only narrows the search; the exact test stays the range containment it always was, so
// rounding of seconds to double precision can never change an answer: every step from timestamp
// to point coordinate (clamping, subtraction, numeric → float8) is monotonic, so an interval with
// valid_from ≤ t < valid_to always lies inside the box, and the range test drops any extra one.
//
// The index expression of migration 009 must stay exactly `intervalPoint()` without an alias, or
// PostgreSQL will not match it (test/open-at.test.ts checks the plan on PostgreSQL).

const EPOCH = "timestamptz '1970-01-01 00:00:00+00'";
// ±infinity (the open end of a case's last interval) cannot be subtracted; clamp into years 1–9999.
const LOW = "timestamptz '0001-01-01 00:00:00+00'";
const HIGH = "timestamptz '9999-12-31 00:00:00+00'";

/** Seconds since 1970 of a timestamptz expression, as an immutable expression (an index may use it). */
export function epochSeconds(instant: string): string {
  return `extract(epoch from (least(greatest(${instant}, ${LOW}), ${HIGH}) - ${EPOCH}))`;
}

/** The interval of row `alias` (a case_intervals or task_intervals row) as a point; no alias: the index expression. */
export function intervalPoint(alias?: string): string {
  const col = (c: string) => (alias ? `${alias}.${c}` : c);
  return `point(${epochSeconds(col('valid_from'))}, ${epochSeconds(col('valid_to'))})`;
}

/** The condition "interval row `alias` is an open-case interval that contains `instant`" (SQL text, no bindings). */
export function openAt(alias: string, instant: string): string {
  const t = epochSeconds(instant);
  return `${alias}.is_open and ${intervalPoint(alias)} <@ box(point(-1e15, ${t}), point(${t}, 1e15))`
    + ` and tstzrange(${alias}.valid_from, ${alias}.valid_to, '[)') @> ${instant}`;
}
