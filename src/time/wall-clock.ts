// Why: deadlines ("8 weeks after receipt") and calendar buckets move the *local wall clock* of a
// time zone. This file converts between instants and wall-clock times with the platform's Intl
// data, deterministically: a wall time that does not exist (spring-forward gap) moves forward by the
// gap, a wall time that occurs twice (autumn) takes the earlier instant — the "compatible" rule of
// Temporal and RFC 5545. (dayjs' tz parsing picks by the offset of *today*, which made deadlines
// depend on the day the projection ran.)
//
// An offset is read from Intl per quarter of an hour (offsets change on quarter hours) and cached.
// Reading one costs ~10 µs, and an import of three years touches ~100,000 quarters, so most days
// are settled at once: when the offset at a UTC day's start equals the one at the next day's
// start, the whole day has it, kept per zone in tables of 1,024 days, made when a day in them is
// first asked (an import of three years needs two per zone). That holds unless a zone
// changes its offset twice within one UTC day and back, which no zone does (changes are weeks
// apart at least; test/wall-clock.test.ts compares both ways around every change of many zones).
// A day with a change keeps the per-quarter answers.

import { MAX_YEAR, MIN_YEAR } from '../input/instant-range';

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();
const QUARTER = 15 * 60_000;
const QUARTERS_PER_DAY = 96;
/** The days with tables: the years instants are accepted in (src/input/instant-range.ts), and one more on each side. */
const FIRST_DAY = Math.floor(Date.UTC(MIN_YEAR - 1, 0, 1) / 86_400_000);
const LAST_DAY = Math.floor(Date.UTC(MAX_YEAR + 2, 0, 1) / 86_400_000);
const TABLE_DAYS = 1024;
/** Per zone, per 1,024 days: each day's offset; NaN: not known yet; CHANGES: it changes within the day. */
const dayTables = new Map<string, Map<number, Float64Array>>();
const CHANGES = Number.NEGATIVE_INFINITY;
const MAX_TABLE_ZONES = 32;
/** The table the last call used (imports ask one zone, mostly within one table, millions of times). */
let lastZone = '';
let lastTableIndex = -1;
let lastTable: Float64Array | undefined;

function dayTable(zone: string, index: number): Float64Array | undefined {
  if (zone === lastZone && index === lastTableIndex) return lastTable!;
  let tables = dayTables.get(zone);
  if (!tables) {
    // Zones come from requests too (any spelling Intl accepts): a bounded number get tables.
    if (dayTables.size >= MAX_TABLE_ZONES) return undefined;
    tables = new Map();
    dayTables.set(zone, tables);
  }
  let table = tables.get(index);
  if (!table) {
    table = new Float64Array(TABLE_DAYS).fill(Number.NaN);
    tables.set(index, table);
  }
  lastZone = zone;
  lastTableIndex = index;
  lastTable = table;
  return table;
}

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's UTC offset in milliseconds at instant `ms` (local = utc + offset). */
export function offsetAt(ms: number, zone: string): number {
  const day = Math.floor(ms / 86_400_000);
  // Outside the table (and NaN, which new Date refuses in quarterOffset): per quarter hour.
  if (!(day >= FIRST_DAY && day < LAST_DAY)) return quarterOffset(Math.floor(ms / QUARTER), zone);
  const n = day - FIRST_DAY;
  const table = dayTable(zone, Math.floor(n / TABLE_DAYS));
  if (!table) return quarterOffset(Math.floor(ms / QUARTER), zone);
  let offset = table[n % TABLE_DAYS];
  if (Number.isNaN(offset)) {
    const start = quarterOffset(day * QUARTERS_PER_DAY, zone);
    offset = start === quarterOffset((day + 1) * QUARTERS_PER_DAY, zone) ? start : CHANGES;
    table[n % TABLE_DAYS] = offset;
  }
  return offset === CHANGES ? quarterOffset(Math.floor(ms / QUARTER), zone) : offset;
}

/** The offset at the start of quarter hour `key` (ms / QUARTER), from Intl, cached. */
export function quarterOffset(key: number, zone: string): number {
  let cache = offsets.get(zone);
  if (!cache) {
    cache = new Map();
    offsets.set(zone, cache);
  }
  const known = cache.get(key);
  if (known !== undefined) return known;
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(key * QUARTER))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  const offset = wall - key * QUARTER;
  if (cache.size > 200_000) cache.clear();
  cache.set(key, offset);
  return offset;
}

/** The wall-clock time of `ms` in `zone`, encoded as milliseconds of a UTC date with those fields. */
export function toWall(ms: number, zone: string): number {
  return ms + offsetAt(ms, zone);
}

/** The instant at which `zone`'s wall clock shows `wall` (see the rule for gaps and overlaps above). */
export function fromWall(wall: number, zone: string): number {
  const before = offsetAt(wall - 86_400_000, zone);
  const after = offsetAt(wall + 86_400_000, zone);
  // Most of the year: one offset around, and it holds at the candidate (what the general rule
  // below finds in this case too, without building its lists).
  if (before === after && offsetAt(wall - before, zone) === before) return wall - before;
  const candidates = [wall - before, wall - after].filter((t, i) => offsetAt(t, zone) === (i === 0 ? before : after));
  if (candidates.length) return Math.min(...candidates);
  // In a gap: the wall time moves forward by the gap, i.e. read it with the offset before the change.
  return wall - Math.min(before, after);
}

export const DAY_MS = 86_400_000;

/**
 * A wall time (encoded as UTC, see toWall) plus whole months; a day past the end of the target
 * month becomes its last day (31 January + 1 month = 28 or 29 February), as dayjs and Temporal do.
 */
export function addWallMonths(wall: number, months: number): number {
  const d = new Date(wall);
  const month = d.getUTCMonth() + months;
  const year = d.getUTCFullYear() + Math.floor(month / 12);
  const m = ((month % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, m + 1, 0)).getUTCDate();
  const timeOfDay = wall - Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return Date.UTC(year, m, Math.min(d.getUTCDate(), lastDay)) + timeOfDay;
}
