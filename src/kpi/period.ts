// Why: relative periods ("last quarter", "this week") and calendar buckets must follow the civil
// calendar of the request's time zone, across daylight-saving changes and with ISO weeks. dayjs'
// own tz arithmetic is unreliable across DST, so every step here works on the local wall-clock time
// (src/time/wall-clock.ts: shifted in UTC, converted back), which is exact for calendar units.
import { addWallMonths, DAY_MS, fromWall as instantOfWall, toWall } from '../time/wall-clock';
import { Granularity, RelativePeriod } from './types';

type Unit = 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

export const GRANULARITY_UNIT: Record<Granularity, Unit> = {
  HOUR: 'hour', DAY: 'day', WEEK: 'week', MONTH: 'month', QUARTER: 'quarter', YEAR: 'year',
};

const HOUR_MS = 3_600_000;
/** `a mod b` for negative `a` too (instants before 1970). */
const mod = (a: number, b: number) => ((a % b) + b) % b;

/** Start of the local calendar unit that contains `ms`. */
export function startOf(ms: number, unit: Unit, zone: string): number {
  const w = toWall(ms, zone);
  // Local hours are whole elapsed hours away from each other, also across DST.
  if (unit === 'hour') return ms - mod(w, HOUR_MS);
  return instantOfWall(wallStartOf(w, unit), zone);
}

/** Start of the calendar unit of a wall time (encoded as UTC), as a wall time. */
function wallStartOf(w: number, unit: Exclude<Unit, 'hour'>): number {
  const day = w - mod(w, DAY_MS);
  if (unit === 'day') return day;
  if (unit === 'week') return day - mod(new Date(day).getUTCDay() - 1, 7) * DAY_MS; // ISO: Monday
  const d = new Date(day);
  const month = d.getUTCMonth();
  if (unit === 'month') return Date.UTC(d.getUTCFullYear(), month, 1);
  if (unit === 'quarter') return Date.UTC(d.getUTCFullYear(), month - (month % 3), 1);
  return Date.UTC(d.getUTCFullYear(), 0, 1);
}

/** `ms` moved by `n` local calendar units (the result of startOf stays a unit start). */
export function addUnits(ms: number, n: number, unit: Unit, zone: string): number {
  if (unit === 'hour') return ms + n * HOUR_MS;
  const w = toWall(ms, zone);
  switch (unit) {
    case 'day': return instantOfWall(w + n * DAY_MS, zone);
    case 'week': return instantOfWall(w + 7 * n * DAY_MS, zone);
    case 'month': return instantOfWall(addWallMonths(w, n), zone);
    case 'quarter': return instantOfWall(addWallMonths(w, 3 * n), zone);
    case 'year': return instantOfWall(addWallMonths(w, 12 * n), zone);
  }
}

/** [from, to) of a relative period at `asOf` (contract section 5). `to` is exclusive. */
export function resolveRelative(relative: RelativePeriod, asOf: number, zone: string): { from: number; to: number } {
  const upToNow = (unit: Unit) => ({ from: startOf(asOf, unit, zone), to: asOf + 1 });
  const previous = (unit: Unit) => {
    const current = startOf(asOf, unit, zone);
    return { from: addUnits(current, -1, unit, zone), to: current };
  };
  const today = startOf(asOf, 'day', zone);
  const lastDays = (n: number) => ({ from: addUnits(today, -n, 'day', zone), to: today });
  switch (relative) {
    case 'TODAY': return upToNow('day');
    case 'YESTERDAY': return previous('day');
    case 'THIS_WEEK': return upToNow('week');
    case 'LAST_WEEK': return previous('week');
    case 'THIS_MONTH': return upToNow('month');
    case 'LAST_MONTH': return previous('month');
    case 'THIS_QUARTER': return upToNow('quarter');
    case 'LAST_QUARTER': return previous('quarter');
    case 'THIS_YEAR': return upToNow('year');
    case 'LAST_YEAR': return previous('year');
    case 'LAST_7_DAYS': return lastDays(7);
    case 'LAST_30_DAYS': return lastDays(30);
    case 'LAST_90_DAYS': return lastDays(90);
    case 'LAST_12_MONTHS': {
      const month = startOf(asOf, 'month', zone);
      return { from: addUnits(month, -12, 'month', zone), to: month };
    }
  }
}

/** The number of `granularity` buckets that overlap [from, end] (end inclusive). */
export function countBuckets(from: number, end: number, granularity: Granularity, zone: string): number {
  if (end < from) return 0;
  const unit = GRANULARITY_UNIT[granularity];
  const first = startOf(from, unit, zone);
  if (unit === 'hour') return Math.floor((end - first) / HOUR_MS) + 1;
  const a = toWall(first, zone);
  const b = toWall(startOf(end, unit, zone), zone);
  const [da, db] = [new Date(a), new Date(b)];
  const months = (db.getUTCFullYear() - da.getUTCFullYear()) * 12 + (db.getUTCMonth() - da.getUTCMonth());
  switch (unit) {
    case 'day': return Math.round((b - a) / DAY_MS) + 1;
    case 'week': return Math.round((b - a) / DAY_MS / 7) + 1;
    case 'month': return months + 1;
    case 'quarter': return months / 3 + 1;
    case 'year': return db.getUTCFullYear() - da.getUTCFullYear() + 1;
  }
}
