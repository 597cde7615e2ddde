// Why: every widget shows numbers, units, buckets and groups the same Dutch way: nl-NL number
// formatting, bucket dates in the dashboard's time zone (not the browser's), ISO week numbers
// ("wk 12"), and readable labels for the "none" groups (unassigned, no deadline, …).

export const LOCALE = 'nl-NL';
export const DEFAULT_TIMEZONE = 'Europe/Amsterdam';

/** Severity colours: `text` has at least 5.5:1 contrast on white, `fill` at least 3:1 (graphics). */
export const SEVERITY = {
  ok: { label: 'Op orde', text: '#2b6e0b', fill: '#39870c', tint: '#e6f2df' },
  warning: { label: 'Let op', text: '#a64d00', fill: '#e17000', tint: '#fdeedd' },
  critical: { label: 'Kritiek', text: '#b51f14', fill: '#d52b1e', tint: '#fbe3e1' },
};

/** A restrained palette: one accent (dark blue) and its tints, then neutrals. */
export const PALETTE = ['#154273', '#4a7fb5', '#8db3dd', '#5b6573', '#2a7f8f', '#b4c4d4', '#7a5c9e', '#c08a2e'];

/** Groups whose meaning has a colour of its own (on time green, overdue red). */
const SEMANTIC_COLORS = {
  'TIMELINESS:ON_TIME': SEVERITY.ok.fill,
  'TIMELINESS:OVERDUE': SEVERITY.critical.fill,
};

const NULL_LABELS = {
  ROLE: 'Zonder rol',
  ASSIGNEE: 'Niet toegewezen',
  TIMELINESS: 'Zonder termijn',
  STEP: 'Geen open taak',
  STATUS: 'Onbekende status',
  CASE_TYPE: 'Onbekend zaaktype',
  ATTRIBUTE: 'Onbekend',
};

/** The unit a widget shows: options.unit wins; the KPI's unit (count, days, percent) otherwise. */
export function unitOf(result, widget) {
  const unit = widget && widget.options && widget.options.unit;
  return normaliseUnit(unit !== undefined && unit !== null ? unit : result && result.unit);
}

export function normaliseUnit(unit) {
  if (unit === undefined || unit === null) return '';
  const u = String(unit);
  if (u === 'count') return '';
  if (u === 'days' || u === 'dagen' || u === 'dag') return 'dagen';
  if (u === 'percent' || u === '%') return '%';
  return u;
}

/** Counts are whole numbers; days and percentages get one decimal (options.decimals overrides). */
export function decimalsFor(unit, widget) {
  const d = widget && widget.options && widget.options.decimals;
  if (Number.isInteger(d) && d >= 0 && d <= 6) return d;
  return unit === '' ? 0 : 1;
}

const numberFormats = new Map();
export function formatNumber(value, decimals = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  let f = numberFormats.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: decimals, minimumFractionDigits: 0 });
    numberFormats.set(decimals, f);
  }
  // Avoid "-0".
  const out = f.format(value);
  return out === '-0' ? '0' : out;
}

/** "821", "27,4 dagen", "1 dag", "86,3%". */
export function formatValue(value, unit, decimals = decimalsFor(unit)) {
  const n = formatNumber(value, decimals);
  if (value === null || value === undefined) return n;
  if (unit === '%') return `${n}%`;
  if (unit === 'dagen') return `${n} ${n === '1' ? 'dag' : 'dagen'}`;
  return unit ? `${n} ${unit}` : n;
}

/** For screen readers: "86,3 procent". */
export function spokenValue(value, unit, decimals = decimalsFor(unit)) {
  if (value === null || value === undefined) return 'geen gegevens';
  return unit === '%' ? `${formatNumber(value, decimals)} procent` : formatValue(value, unit, decimals);
}

// ---- severity ----------------------------------------------------------------------------------

/** options.thresholds: [{ from, severity }]: the last threshold whose `from` ≤ value applies. */
export function severityFromThresholds(value, thresholds) {
  if (value === null || value === undefined || !Array.isArray(thresholds)) return null;
  let found = null;
  for (const t of [...thresholds].sort((a, b) => a.from - b.from)) if (value >= t.from) found = t.severity;
  return SEVERITY[found] ? found : null;
}

/** options.bands: [{ to, severity }] (a gauge): the first band whose `to` ≥ value applies. */
export function severityFromBands(value, bands) {
  if (value === null || value === undefined || !Array.isArray(bands) || bands.length === 0) return null;
  const sorted = [...bands].sort((a, b) => a.to - b.to);
  const band = sorted.find((b) => value <= b.to) || sorted[sorted.length - 1];
  return SEVERITY[band.severity] ? band.severity : null;
}

// ---- time --------------------------------------------------------------------------------------

const partFormats = new Map();
/** The wall clock of `date` in `timeZone`: { year, month (1–12), day, hour, minute }. */
export function zonedParts(date, timeZone) {
  let f = partFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' });
    partFormats.set(timeZone, f);
  }
  const parts = {};
  for (const p of f.formatToParts(date)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute, second: parts.second };
}

/** Offset of `timeZone` from UTC at `date`, in minutes. */
export function zoneOffset(date, timeZone) {
  const p = zonedParts(date, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60000);
}

/** Midnight starting local date `yyyy-mm-dd` in `timeZone`, as an ISO instant with offset. */
export function zonedMidnight(isoDate, timeZone) {
  const [y, m, d] = isoDate.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d);
  let instant = guess - zoneOffset(new Date(guess), timeZone) * 60000;
  instant = guess - zoneOffset(new Date(instant), timeZone) * 60000;
  const offset = zoneOffset(new Date(instant), timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${isoDate}T00:00:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The local date (yyyy-mm-dd) of an instant in `timeZone`. */
export function localDate(date, timeZone) {
  const p = zonedParts(date, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** yyyy-mm-dd plus `days` (calendar arithmetic, no time zone involved). */
export function addDays(isoDate, days) {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO-8601 week number and week-year of a local calendar date. */
export function isoWeek(year, month, day) {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const weekYear = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(weekYear, 0, 1)) / 86400000 + 1) / 7);
  return { week, weekYear };
}

export const GRANULARITIES = ['HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'];

/** Guesses the granularity of a series from the distance between its first two buckets. */
export function inferGranularity(buckets) {
  if (!buckets || buckets.length < 2) return null;
  const hours = (Date.parse(buckets[1]) - Date.parse(buckets[0])) / 3600000;
  if (hours <= 2) return 'HOUR';
  if (hours <= 26) return 'DAY';
  if (hours <= 24 * 8) return 'WEEK';
  if (hours <= 24 * 32) return 'MONTH';
  if (hours <= 24 * 93) return 'QUARTER';
  return 'YEAR';
}

const dateFormats = new Map();
function dtf(timeZone, options) {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE, { timeZone, ...options });
    dateFormats.set(key, f);
  }
  return f;
}

/** Short axis label of a bucket: "14:00", "3 mrt", "wk 12", "mrt 2025", "K1 2025", "2025". */
export function bucketLabel(iso, granularity, timeZone = DEFAULT_TIMEZONE, { withYear = false } = {}) {
  const date = new Date(iso);
  const p = zonedParts(date, timeZone);
  switch (granularity) {
    case 'HOUR':
      return dtf(timeZone, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(date);
    case 'WEEK': {
      const { week, weekYear } = isoWeek(p.year, p.month, p.day);
      return withYear ? `wk ${week} ${weekYear}` : `wk ${week}`;
    }
    case 'MONTH':
      return dtf(timeZone, withYear ? { month: 'short', year: 'numeric' } : { month: 'short' }).format(date);
    case 'QUARTER':
      return `K${Math.floor((p.month - 1) / 3) + 1} ${p.year}`;
    case 'YEAR':
      return String(p.year);
    default:
      return dtf(timeZone, withYear ? { day: 'numeric', month: 'short', year: 'numeric' } : { day: 'numeric', month: 'short' }).format(date);
  }
}

/** Long label for tooltips and tables: "week 12 (17 mrt 2025)", "maart 2025", "di 4 mrt 2025". */
export function bucketTitle(iso, granularity, timeZone = DEFAULT_TIMEZONE) {
  const date = new Date(iso);
  const p = zonedParts(date, timeZone);
  switch (granularity) {
    case 'HOUR':
      return dtf(timeZone, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(date);
    case 'WEEK': {
      const { week, weekYear } = isoWeek(p.year, p.month, p.day);
      return `week ${week} ${weekYear} (vanaf ${dtf(timeZone, { weekday: 'short', day: 'numeric', month: 'short' }).format(date)})`;
    }
    case 'MONTH':
      return dtf(timeZone, { month: 'long', year: 'numeric' }).format(date);
    case 'QUARTER':
      return `${Math.floor((p.month - 1) / 3) + 1}e kwartaal ${p.year}`;
    case 'YEAR':
      return String(p.year);
    default:
      return dtf(timeZone, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(date);
  }
}

/** Labels for a whole axis: the year is added when the series spans more than one year. */
export function bucketLabels(buckets, granularity, timeZone = DEFAULT_TIMEZONE) {
  const years = new Set(buckets.map((b) => {
    const p = zonedParts(new Date(b), timeZone);
    return granularity === 'WEEK' ? isoWeek(p.year, p.month, p.day).weekYear : p.year;
  }));
  const withYear = years.size > 1 && granularity !== 'QUARTER' && granularity !== 'YEAR';
  return buckets.map((b) => bucketLabel(b, granularity, timeZone, { withYear }));
}

/** "4 dec 2026", optionally with the time. */
export function formatDate(iso, timeZone = DEFAULT_TIMEZONE, { time = false } = {}) {
  if (!iso) return '–';
  const options = time
    ? { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }
    : { day: 'numeric', month: 'short', year: 'numeric' };
  return dtf(timeZone, options).format(new Date(iso));
}

/** A resolved period [from, to) as Dutch text: "1 jul 2026 t/m 30 sep 2026". */
export function formatPeriod(period) {
  if (!period) return '';
  const tz = period.timezone || DEFAULT_TIMEZONE;
  const asOf = period.asOf ? new Date(period.asOf) : new Date();
  const from = period.from ? formatDate(period.from, tz) : null;
  let toDate = null;
  if (period.to) {
    const end = new Date(Math.min(Date.parse(period.to) - 1, asOf.getTime()));
    toDate = formatDate(end.toISOString(), tz);
  }
  if (from && toDate) return from === toDate ? from : `${from} t/m ${toDate}`;
  if (from) return `vanaf ${from}`;
  if (toDate) return `tot en met ${toDate}`;
  return `tot ${formatDate(asOf.toISOString(), tz, { time: true })}`;
}

const DURATION_UNITS = { Y: ['jaar', 'jaar'], M: ['maand', 'maanden'], W: ['week', 'weken'], D: ['dag', 'dagen'] };
const TIME_UNITS = { H: ['uur', 'uur'], M: ['minuut', 'minuten'], S: ['seconde', 'seconden'] };
/** ISO-8601 duration in Dutch: P8W → "8 weken", P3D → "3 dagen", PT4H → "4 uur". */
export function formatDuration(iso) {
  if (!iso) return '';
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m) return iso;
  const out = [];
  const push = (n, [one, many]) => { if (n) out.push(`${Number(n)} ${Number(n) === 1 ? one : many}`); };
  push(m[1], DURATION_UNITS.Y); push(m[2], DURATION_UNITS.M); push(m[3], DURATION_UNITS.W); push(m[4], DURATION_UNITS.D);
  push(m[5], TIME_UNITS.H); push(m[6], TIME_UNITS.M); push(m[7], TIME_UNITS.S);
  return out.join(' en ') || iso;
}

// ---- groups ------------------------------------------------------------------------------------

export function groupLabel(g) {
  if (g.label) return g.label;
  if (g.key !== null && g.key !== undefined) return String(g.key);
  return NULL_LABELS[g.by] || 'Onbekend';
}

export function comboKey(groups) {
  return groups.map((g) => `${g.by}:${g.attribute || ''}:${g.key === null || g.key === undefined ? '∅' : g.key}`).join('|');
}

export function comboLabel(groups) {
  return groups.map(groupLabel).join(' · ');
}

/** A colour per series: semantic where the group has a meaning (timeliness), the palette otherwise. */
export function seriesColor(groups, index) {
  const last = groups && groups.length ? groups[groups.length - 1] : null;
  const semantic = last && SEMANTIC_COLORS[`${last.by}:${last.key}`];
  return semantic || PALETTE[index % PALETTE.length];
}

/** A colour with transparency, for area fills: hex → rgba. */
export function withAlpha(hex, alpha) {
  const h = hex.replace('#', '');
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** Escapes text for use in HTML. */
export function esc(value) {
  return String(value === null || value === undefined ? '' : value)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
