// Why: a first import writes millions of instants as text for COPY (src/ingest/copy-text.ts), and
// `new Date(ms).toISOString()` was a tenth of the importer's CPU. The date part repeats (a day has
// many events), so it is cached per UTC day; the time of day is plain arithmetic. The result is
// exactly `new Date(ms).toISOString()` for every valid time value (test/iso-instant.test.ts).

const DAY_MS = 86_400_000;
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** UTC day number → 'YYYY-MM-DDT'; cleared when it holds more days than a history needs. */
const days = new Map<number, string>();
const MAX_DAYS = 100_000;
/** The largest time value a Date holds (ECMA-262, TimeClip). */
const MAX_TIME = 8.64e15;

/** `new Date(ms).toISOString()`, faster; `ms` must be a finite time value (throws RangeError otherwise, as Date does). */
export function isoInstant(ms: number): string {
  // Fractions (Date truncates them), NaN, infinities and values past a Date's range: Date decides.
  if (!Number.isInteger(ms) || ms > MAX_TIME || ms < -MAX_TIME) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  let date = days.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, -13); // up to and including the 'T'
    if (days.size >= MAX_DAYS) days.clear();
    days.set(day, date);
  }
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  return `${date}${TWO[h]}:${TWO[m]}:${TWO[s]}.${THREE[rest - s * 1000]}Z`;
}
