// Why: process terms are ISO-8601 durations (P8W, P3D, PT4H). Deadlines are "start + term" on the
// calendar of DEFAULT_TIMEZONE, so 8 weeks across a daylight-saving change ends at the same local
// time of day, as a civil servant reading the letter would expect.
import { addWallMonths, DAY_MS, fromWall, toWall } from './wall-clock';

export interface Duration {
  years: number; months: number; weeks: number; days: number;
  hours: number; minutes: number; seconds: number;
}

const ISO_DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export function parseDuration(text: string): Duration | null {
  const m = ISO_DURATION.exec(text);
  if (!m) return null;
  const n = (i: number) => (m[i] ? Number(m[i]) : 0);
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

/** `start` plus `duration` on the wall clock of `zone`; returns epoch milliseconds. */
export function addDuration(startMs: number, duration: Duration, zone: string): number {
  // Calendar parts move the local wall-clock time: years, then months (each clamped to the end of
  // the month, as dayjs and Temporal do), then days; clock parts are elapsed time. Plain Date.UTC
  // arithmetic on the wall time encoded as UTC: an import computes this for every deadline, and
  // dayjs objects made it a fifth of the importer's CPU.
  let wall = toWall(startMs, zone);
  if (duration.years) wall = addWallMonths(wall, duration.years * 12);
  if (duration.months) wall = addWallMonths(wall, duration.months);
  wall += (duration.weeks * 7 + duration.days) * DAY_MS;
  const clockMs = ((duration.hours * 60 + duration.minutes) * 60 + duration.seconds) * 1000;
  return fromWall(wall, zone) + clockMs;
}

/** The end of a local calendar date (`2025-03-01`) in `zone`: the last millisecond of that day. */
export function endOfLocalDate(date: string, zone: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return fromWall(Date.UTC(y, m - 1, d + 1), zone) - 1;
}
