// Why: dayjs and PostgreSQL both accept IANA zone names, but they disagree on what to do with a
// bad one (dayjs throws a RangeError deep inside, PostgreSQL raises an SQL error). We check once,
// up front, with the same Intl data Node uses, and every caller gets the same answer.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import isoWeek from 'dayjs/plugin/isoWeek';
import quarterOfYear from 'dayjs/plugin/quarterOfYear';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(isoWeek);
dayjs.extend(quarterOfYear);

export { dayjs };

const cache = new Map<string, boolean>();

export function isValidTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false;
  const known = cache.get(zone);
  if (known !== undefined) return known;
  let ok: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    // Intl accepts offsets such as "+01:00" too; PostgreSQL reads those with POSIX (inverted)
    // signs, so only region names are allowed.
    ok = /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone);
  } catch {
    ok = false;
  }
  cache.set(zone, ok);
  return ok;
}
