// Why: deadlines ("8 weeks after receipt") and calendar buckets move the *local wall clock* of a
// time zone. This file converts between instants and wall-clock times with the platform's Intl
// data, deterministically: a wall time that does not exist (spring-forward gap) moves forward by the
// gap, a wall time that occurs twice (autumn) takes the earlier instant — the "compatible" rule of
// Temporal and RFC 5545. (dayjs' tz parsing picks by the offset of *today*, which made deadlines
// depend on the day the projection ran.) Offsets are cached per zone and quarter of an hour.

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();
const QUARTER = 15 * 60_000;

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
  let cache = offsets.get(zone);
  if (!cache) {
    cache = new Map();
    offsets.set(zone, cache);
  }
  const key = Math.floor(ms / QUARTER);
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
