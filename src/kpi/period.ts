// Why: relative periods ("last quarter", "this week") and calendar buckets must follow the civil
// calendar of the request's time zone, across daylight-saving changes and with ISO weeks. dayjs'
// own tz arithmetic is unreliable across DST, so every step here works on the local wall-clock time
// (src/time/wall-clock.ts: shifted in UTC, converted back), which is exact for calendar units.
import { dayjs } from '../time/zone';
import { fromWall as instantOfWall, toWall } from '../time/wall-clock';
import { Granularity, RelativePeriod } from './types';

type Unit = 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

export const GRANULARITY_UNIT: Record<Granularity, Unit> = {
  HOUR: 'hour', DAY: 'day', WEEK: 'week', MONTH: 'month', QUARTER: 'quarter', YEAR: 'year',
};

function wall(ms: number, zone: string) {
  return dayjs.utc(toWall(ms, zone));
}
function fromWall(w: dayjs.Dayjs, zone: string): number {
  return instantOfWall(w.valueOf(), zone);
}

/** Start of the local calendar unit that contains `ms`. */
export function startOf(ms: number, unit: Unit, zone: string): number {
  if (unit === 'hour') {
    // Local hours are whole elapsed hours away from each other, also across DST.
    const w = wall(ms, zone);
    return ms - (w.minute() * 60_000 + w.second() * 1000 + w.millisecond());
  }
  const w = wall(ms, zone);
  const s = unit === 'week' ? w.startOf('isoWeek') : w.startOf(unit);
  return fromWall(s, zone);
}

/** `ms` moved by `n` local calendar units (the result of startOf stays a unit start). */
export function addUnits(ms: number, n: number, unit: Unit, zone: string): number {
  if (unit === 'hour') return ms + n * 3_600_000;
  if (unit === 'quarter') return fromWall(wall(ms, zone).add(3 * n, 'month'), zone);
  return fromWall(wall(ms, zone).add(n, unit), zone);
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
  if (unit === 'hour') return Math.floor((end - first) / 3_600_000) + 1;
  const a = wall(first, zone);
  const b = wall(startOf(end, unit, zone), zone);
  const months = (b.year() - a.year()) * 12 + (b.month() - a.month());
  switch (unit) {
    case 'day': return Math.round(b.diff(a, 'day', true)) + 1;
    case 'week': return Math.round(b.diff(a, 'day', true) / 7) + 1;
    case 'month': return months + 1;
    case 'quarter': return months / 3 + 1;
    case 'year': return b.year() - a.year() + 1;
  }
  return 0;
}
