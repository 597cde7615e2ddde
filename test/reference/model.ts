/**
 * Reference model of contract sections 4–6 (docs: /work/shared/CONTRACT.md).
 *
 * Written from the contract text only, independently of the engine under src/, so that a
 * property test can compare the two. It is deliberately simple and slow: every question
 * "what is the state of case X at instant T" is answered by replaying that case's events from
 * scratch. Nothing is cached except Intl formatters.
 *
 * Time zone math uses plain Intl only (no dayjs): an instant is turned into a local wall clock
 * with Intl.DateTimeFormat, calendar arithmetic is done on that wall clock as if it were UTC,
 * and the result is converted back with `fromWall` (Temporal's "compatible" disambiguation:
 * a wall time in a DST gap is moved forward by the gap, an ambiguous wall time takes the
 * earlier of the two instants).
 */

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

export interface RefEvent {
  id: string;
  type: string;
  caseId: string;
  at: string /* ISO with offset */;
  data: Record<string, any>;
}
export interface RefProcess {
  key: string;
  legalTerm: string /* ISO-8601 duration e.g. P8W */;
  extensionTerm?: string;
  initialStatus: string;
  stepTerms: Record<string, string>;
}
export type RefGranularity = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';
export type RefGroupBy = 'CASE_TYPE' | 'STATUS' | 'ROLE' | 'ASSIGNEE' | 'TIMELINESS' | 'STEP';
export type RefTimeliness = 'ON_TIME' | 'OVERDUE';
export interface RefDimensions {
  caseTypes?: string[];
  period?: { from?: string; to?: string; relative?: string };
  granularity?: RefGranularity;
  statuses?: string[];
  roles?: string[];
  assignees?: string[];
  timeliness?: RefTimeliness;
  steps?: string[];
  caseId?: string;
  groupBy?: RefGroupBy[];
  asOf: string;
  timezone?: string; // default: the defaultTimezone argument of referenceKpi (DEFAULT_TIMEZONE)
}
export interface RefPoint {
  bucket: string | null /* ISO instant of bucket start */;
  groups: { by: string; key: string | null }[];
  value: number | null;
}
export interface RefResult {
  value: number | null;
  points: RefPoint[];
}

export const REFERENCE_KPIS = [
  'openCases',
  'overdueCases',
  'openCaseLetters',
  'caseLeadTime',
  'inflow',
  'outflow',
  'closedLeadTime',
  'onTimeRate',
  'openTasks',
  'overdueTasks',
  'completedTasks',
  'taskDuration',
] as const;

export function referenceKpi(
  name: string,
  events: RefEvent[],
  processes: RefProcess[],
  dims: RefDimensions,
  params?: { letterTypes?: string[] },
  defaultTimezone: string = 'Europe/Amsterdam',
): RefResult {
  const spec = KPI_SPECS[name];
  if (!spec) throw new Error(`unknown KPI ${name}`);
  const model = new Model(events, processes, defaultTimezone);
  const tz = dims.timezone || defaultTimezone;
  const asOf = parseInstant(dims.asOf, 'asOf');
  const period = resolvePeriod(dims, asOf, tz);
  const letterTypes = params?.letterTypes ?? ['termijnbrief'];
  const ctx: EvalContext = { model, dims, tz, letterTypes };

  // Overall figure: snapshot at min(periodEnd - 1ms, asOf) (asOf without a period);
  // flows over [from, to) ∩ (-∞, asOf], with state filters at that same instant.
  const overallSnapshot = Math.min(period.to - 1, asOf);
  const overallWindow: Window = { snapshot: overallSnapshot, from: period.from, to: period.to, asOf };
  const value = aggregate(spec.agg, spec.items(ctx, overallWindow).map((i) => i.v));

  const groupBy = dims.groupBy ?? [];
  const granularity = dims.granularity;
  if (!granularity && groupBy.length === 0) return { value, points: [] };

  // The buckets (or the single null bucket when there is no granularity).
  const buckets: { label: string | null; window: Window }[] = [];
  if (!granularity) {
    buckets.push({ label: null, window: overallWindow });
  } else {
    for (const b of bucketsOf(period, asOf, granularity, tz)) {
      let snapshot = Math.min(b.end, period.to) - 1;
      if (asOf < snapshot) snapshot = asOf;
      buckets.push({
        label: new Date(b.start).toISOString(),
        window: { snapshot, from: Math.max(b.start, period.from), to: Math.min(b.end, period.to), asOf },
      });
    }
  }

  // Per bucket: the figures of every group combination; then the union of the combinations.
  const perBucket: Map<string, number[]>[] = [];
  const combos = new Map<string, (string | null)[]>();
  // Without groupBy the one (empty) combination always exists: every bucket is returned, also
  // when nothing at all happened.
  if (groupBy.length === 0) combos.set('[]', []);
  for (const b of buckets) {
    const m = new Map<string, number[]>();
    for (const item of spec.items(ctx, b.window)) {
      for (const combo of item.combos) {
        const k = JSON.stringify(combo);
        combos.set(k, combo);
        if (!m.has(k)) m.set(k, []);
        m.get(k)!.push(item.v);
      }
    }
    perBucket.push(m);
  }
  const sortedCombos = [...combos.entries()].sort((a, b) => compareCombos(a[1], b[1]));

  const points: RefPoint[] = [];
  buckets.forEach((b, i) => {
    for (const [k, combo] of sortedCombos) {
      points.push({
        bucket: b.label,
        groups: groupBy.map((by, j) => ({ by, key: combo[j] })),
        value: aggregate(spec.agg, perBucket[i].get(k) ?? []),
      });
    }
  });
  return { value, points };
}

// ---------------------------------------------------------------------------------------------
// Time zone helpers (plain Intl)
// ---------------------------------------------------------------------------------------------

const MS_HOUR = 3_600_000;
const MS_DAY = 86_400_000;

export interface Wall {
  y: number;
  mo: number; // 1-12
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The local wall clock of instant `t` in `zone`. */
export function wallOf(t: number, zone: string): Wall {
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(new Date(t))) parts[p.type] = p.value;
  return {
    y: Number(parts.year),
    mo: Number(parts.month),
    d: Number(parts.day),
    h: Number(parts.hour) % 24,
    mi: Number(parts.minute),
    s: Number(parts.second),
    ms: ((t % 1000) + 1000) % 1000,
  };
}

function wallAsUtc(w: Wall): number {
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s, w.ms);
}

/** UTC offset (ms) of `zone` at instant `t`. */
function offsetAt(t: number, zone: string): number {
  return wallAsUtc(wallOf(t, zone)) - t;
}

/**
 * The instant at which the wall clock of `zone` shows `w`. Ambiguous (clock set back): the
 * earlier instant. Non-existent (clock set forward): read with the offset from before the
 * transition, i.e. moved forward by the length of the gap (02:30 → 03:30 in Amsterdam).
 */
export function fromWall(w: Wall, zone: string): number {
  const local = wallAsUtc(w);
  const candidates = new Set([offsetAt(local - MS_DAY, zone), offsetAt(local, zone), offsetAt(local + MS_DAY, zone)]);
  const valid = [...candidates].map((o) => local - o).filter((t) => offsetAt(t, zone) === local - t);
  if (valid.length > 0) return Math.min(...valid);
  return local - offsetAt(local - MS_DAY, zone);
}

/** Calendar date arithmetic (proleptic Gregorian, via Date.UTC normalisation). */
function addDaysToDate(y: number, mo: number, d: number, days: number): { y: number; mo: number; d: number } {
  const x = new Date(Date.UTC(y, mo - 1, d) + days * MS_DAY);
  return { y: x.getUTCFullYear(), mo: x.getUTCMonth() + 1, d: x.getUTCDate() };
}
function daysInMonth(y: number, mo: number): number {
  return new Date(Date.UTC(y, mo, 0)).getUTCDate();
}
/** Adds months; the day is clamped to the end of the target month (Jan 31 + 1 month = Feb 28/29). */
function addMonthsToDate(y: number, mo: number, d: number, months: number): { y: number; mo: number; d: number } {
  const idx = y * 12 + (mo - 1) + months;
  const ny = Math.floor(idx / 12);
  const nmo = idx - ny * 12 + 1;
  return { y: ny, mo: nmo, d: Math.min(d, daysInMonth(ny, nmo)) };
}

/** Start (local midnight) of a calendar date in `zone`. */
function startOfDate(date: { y: number; mo: number; d: number }, zone: string): number {
  return fromWall({ y: date.y, mo: date.mo, d: date.d, h: 0, mi: 0, s: 0, ms: 0 }, zone);
}

/** Whole calendar days between the local dates of two instants in `zone` (b − a). */
function localDayDiff(a: number, b: number, zone: string): number {
  const wa = wallOf(a, zone);
  const wb = wallOf(b, zone);
  return Math.round((Date.UTC(wb.y, wb.mo - 1, wb.d) - Date.UTC(wa.y, wa.mo - 1, wa.d)) / MS_DAY);
}

// ---------------------------------------------------------------------------------------------
// Parsing: instants, deadlines, ISO-8601 durations
// ---------------------------------------------------------------------------------------------

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseInstant(s: string, what: string): number {
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new Error(`bad instant for ${what}: ${s}`);
  return t;
}

/** A deadline/dueAt: `YYYY-MM-DD` = the last millisecond of that local day in `zone`; else an instant. */
function parseDeadline(v: unknown, zone: string): number | null {
  if (v === null || v === undefined) return null;
  const s = String(v);
  const m = DATE_ONLY.exec(s);
  if (m) {
    const next = addDaysToDate(Number(m[1]), Number(m[2]), Number(m[3]), 1);
    return startOfDate(next, zone) - 1;
  }
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}

export interface Duration {
  years: number;
  months: number;
  days: number; // weeks × 7 + days
  elapsedMs: number; // hours, minutes, seconds
}

const DURATION =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseDuration(s: string): Duration {
  const m = DURATION.exec(s);
  if (!m || s === 'P' || s.endsWith('T')) throw new Error(`bad ISO-8601 duration: ${s}`);
  const n = (i: number) => (m[i] ? Number(m[i]) : 0);
  return {
    years: n(1),
    months: n(2),
    days: n(3) * 7 + n(4),
    elapsedMs: Math.round(n(5) * MS_HOUR + n(6) * 60_000 + n(7) * 1000),
  };
}

/**
 * start + duration: years and months, then weeks and days, move the local wall clock of `zone`
 * (same local time of day, across DST); hours/minutes/seconds are then added as elapsed time.
 */
export function addDuration(start: number, duration: string, zone: string): number {
  const dur = parseDuration(duration);
  const w = wallOf(start, zone);
  const afterMonths = addMonthsToDate(w.y, w.mo, w.d, dur.years * 12 + dur.months);
  const afterDays = addDaysToDate(afterMonths.y, afterMonths.mo, afterMonths.d, dur.days);
  const wallMoved =
    dur.years === 0 && dur.months === 0 && dur.days === 0
      ? start
      : fromWall({ ...w, y: afterDays.y, mo: afterDays.mo, d: afterDays.d }, zone);
  return wallMoved + dur.elapsedMs;
}

// ---------------------------------------------------------------------------------------------
// Periods and buckets
// ---------------------------------------------------------------------------------------------

export interface ResolvedPeriod {
  from: number; // -Infinity when open
  to: number; // +Infinity when open (exclusive)
}

function todayOf(asOf: number, tz: string) {
  const w = wallOf(asOf, tz);
  return { y: w.y, mo: w.mo, d: w.d };
}

function isoWeekday(date: { y: number; mo: number; d: number }): number {
  const wd = new Date(Date.UTC(date.y, date.mo - 1, date.d)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/** The local calendar date on which the unit containing `date` starts. */
function unitStartDate(date: { y: number; mo: number; d: number }, unit: Exclude<RefGranularity, 'HOUR'>) {
  switch (unit) {
    case 'DAY':
      return date;
    case 'WEEK':
      return addDaysToDate(date.y, date.mo, date.d, 1 - isoWeekday(date));
    case 'MONTH':
      return { y: date.y, mo: date.mo, d: 1 };
    case 'QUARTER':
      return { y: date.y, mo: Math.floor((date.mo - 1) / 3) * 3 + 1, d: 1 };
    case 'YEAR':
      return { y: date.y, mo: 1, d: 1 };
  }
}

function addUnitsToDate(date: { y: number; mo: number; d: number }, unit: Exclude<RefGranularity, 'HOUR'>, n: number) {
  switch (unit) {
    case 'DAY':
      return addDaysToDate(date.y, date.mo, date.d, n);
    case 'WEEK':
      return addDaysToDate(date.y, date.mo, date.d, 7 * n);
    case 'MONTH':
      return addMonthsToDate(date.y, date.mo, date.d, n);
    case 'QUARTER':
      return addMonthsToDate(date.y, date.mo, date.d, 3 * n);
    case 'YEAR':
      return addMonthsToDate(date.y, date.mo, date.d, 12 * n);
  }
}

/** [start, end) of the bucket of `granularity` in `tz` that contains instant t. */
export function bucketContaining(t: number, granularity: RefGranularity, tz: string): { start: number; end: number } {
  if (granularity === 'HOUR') {
    // Local calendar hours: a bucket boundary is every instant at which the local clock shows a
    // whole hour (hh:00:00.000) or jumps (a UTC offset change). So a repeated DST hour gives two
    // buckets, and an hour cut by a DST change that is not a whole hour (30 minutes in
    // Australia/Lord_Howe) is split there, as a day whose midnight does not exist starts at its
    // first instant. UTC offsets are multiples of 15 minutes: boundaries lie on the UTC 15-minute grid.
    const Q = 15 * 60_000;
    const isBoundary = (x: number) => {
      const w = wallOf(x, tz);
      return (w.mi === 0 && w.s === 0 && w.ms === 0) || offsetAt(x - 1, tz) !== offsetAt(x, tz);
    };
    let start = Math.floor(t / Q) * Q;
    while (!isBoundary(start)) start -= Q;
    let end = start + Q;
    while (!isBoundary(end)) end += Q;
    return { start, end };
  }
  const startDate = unitStartDate(todayOf(t, tz), granularity);
  return {
    start: startOfDate(startDate, tz),
    end: startOfDate(addUnitsToDate(startDate, granularity, 1), tz),
  };
}

/** Buckets overlapping [from, min(to, asOf + 1ms)), starting with the bucket that contains `from`. */
function bucketsOf(period: ResolvedPeriod, asOf: number, granularity: RefGranularity, tz: string) {
  const end = Math.min(period.to, asOf + 1);
  const out: { start: number; end: number }[] = [];
  if (!(period.from < end)) return out;
  let b = bucketContaining(period.from, granularity, tz);
  while (b.start < end) {
    out.push(b);
    b = bucketContaining(b.end, granularity, tz);
  }
  return out;
}

export function resolvePeriod(dims: RefDimensions, asOf: number, tz: string): ResolvedPeriod {
  const p = dims.period;
  if (p?.relative) return resolveRelative(p.relative, asOf, tz);
  let from = -Infinity;
  let to = Infinity;
  if (p?.from) from = parsePeriodBound(p.from, tz);
  if (p?.to) to = parsePeriodBound(p.to, tz);
  if (dims.granularity && from === -Infinity) {
    // Not exercised by the property tests: default to the bucket containing min(to - 1ms, asOf).
    const b = bucketContaining(Math.min(to - 1, asOf), dims.granularity, tz);
    from = b.start;
    if (to === Infinity) to = b.end;
  }
  return { from, to };
}

/** A period bound: an instant, or a date `YYYY-MM-DD` meaning local midnight in the request timezone. */
function parsePeriodBound(s: string, tz: string): number {
  const m = DATE_ONLY.exec(s);
  if (m) return startOfDate({ y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]) }, tz);
  return parseInstant(s, 'period');
}

function resolveRelative(rel: string, asOf: number, tz: string): ResolvedPeriod {
  const today = todayOf(asOf, tz);
  const range = (a: { y: number; mo: number; d: number }, b: { y: number; mo: number; d: number }) => ({
    from: startOfDate(a, tz),
    to: startOfDate(b, tz),
  });
  const thisUnit = (unit: Exclude<RefGranularity, 'HOUR'>) => {
    const s = unitStartDate(today, unit);
    return range(s, addUnitsToDate(s, unit, 1)); // effectively [start, asOf] after capping at asOf
  };
  const lastUnit = (unit: Exclude<RefGranularity, 'HOUR'>) => {
    const s = unitStartDate(today, unit);
    return range(addUnitsToDate(s, unit, -1), s);
  };
  switch (rel) {
    case 'TODAY':
      return thisUnit('DAY');
    case 'YESTERDAY':
      return lastUnit('DAY');
    case 'THIS_WEEK':
      return thisUnit('WEEK');
    case 'LAST_WEEK':
      return lastUnit('WEEK');
    case 'THIS_MONTH':
      return thisUnit('MONTH');
    case 'LAST_MONTH':
      return lastUnit('MONTH');
    case 'THIS_QUARTER':
      return thisUnit('QUARTER');
    case 'LAST_QUARTER':
      return lastUnit('QUARTER');
    case 'THIS_YEAR':
      return thisUnit('YEAR');
    case 'LAST_YEAR':
      return lastUnit('YEAR');
    case 'LAST_7_DAYS':
      return range(addDaysToDate(today.y, today.mo, today.d, -7), today);
    case 'LAST_30_DAYS':
      return range(addDaysToDate(today.y, today.mo, today.d, -30), today);
    case 'LAST_90_DAYS':
      return range(addDaysToDate(today.y, today.mo, today.d, -90), today);
    case 'LAST_12_MONTHS': {
      const som = unitStartDate(today, 'MONTH');
      return range(addMonthsToDate(som.y, som.mo, som.d, -12), som);
    }
    default:
      throw new Error(`unknown relative period ${rel}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Case histories and replay (contract section 4)
// ---------------------------------------------------------------------------------------------

interface TimedEvent extends RefEvent {
  t: number; // `at` in epoch ms
}

interface TaskState {
  taskId: string;
  step: string | null;
  createdAt: number;
  dueAt: number | null;
  role: string | null;
  assignee: string | null;
  completedAt: number | null;
}

interface CaseState {
  caseId: string;
  caseType: string | null;
  createdAt: number;
  status: string | null;
  assignee: string | null;
  role: string | null;
  open: boolean;
  lastClosedAt: number | null;
  /**
   * Every closing (an instant at which the case actually closed), with its lateness decided when
   * the close event applied: events ordered after it at the same millisecond do not count.
   */
  closings: { at: number; timeliness: RefTimeliness | null }[];
  suspendedSince: number | null; // set while suspended
  suspendedTotal: number; // ms of finished suspensions
  baseDeadline: number | null; // the last deadline set, not moved by suspensions
  tasks: Map<string, TaskState>;
  letters: { at: number; letterType: string | null }[];
}

/**
 * Order of events at the same instant (the contract only says "ordered by `at`"). Product
 * decision, as the engine implements it: causal order, `case.created` first, then `task.created`,
 * the other events, `task.completed`, and `case.closed` last; then by event id. So a closing's
 * lateness counts every other event of its instant (e.g. a `deadline_extended`), and a task created
 * and completed at the same instant is completed.
 */
export const SAME_INSTANT_RANK: Record<string, number> = {
  'case.created': 0,
  'task.created': 1,
  'task.completed': 3,
  'case.closed': 4,
};
const rankOf = (e: TimedEvent) => SAME_INSTANT_RANK[e.type] ?? 2;

function compareEvents(a: TimedEvent, b: TimedEvent): number {
  if (a.t !== b.t) return a.t - b.t;
  const ra = rankOf(a);
  const rb = rankOf(b);
  if (ra !== rb) return ra - rb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function str(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

class Model {
  /** caseId → the case's events from its (first) case.created on, in order. */
  readonly histories = new Map<string, TimedEvent[]>();
  readonly processes = new Map<string, RefProcess>();

  constructor(events: RefEvent[], processes: RefProcess[], readonly defaultTz: string) {
    for (const p of processes) this.processes.set(p.key, p);
    // The same event id twice counts once (the first occurrence in the input wins).
    const seen = new Set<string>();
    const timed: TimedEvent[] = [];
    for (const e of events) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      timed.push({ ...e, data: e.data ?? {}, t: parseInstant(e.at, `event ${e.id}`) });
    }
    timed.sort(compareEvents);
    const byCase = new Map<string, TimedEvent[]>();
    for (const e of timed) {
      if (!byCase.has(e.caseId)) byCase.set(e.caseId, []);
      byCase.get(e.caseId)!.push(e);
    }
    for (const [caseId, list] of byCase) {
      const first = list.findIndex((e) => e.type === 'case.created');
      if (first < 0) continue; // never created: the case and its tasks/letters do not exist
      const history = list.slice(first).filter((e, i) => i === 0 || e.type !== 'case.created');
      this.histories.set(caseId, history);
    }
  }

  caseIds(): string[] {
    return [...this.histories.keys()];
  }

  /** Full replay of the case's events with at ≤ T; null when the case does not exist yet. */
  stateAt(caseId: string, T: number): CaseState | null {
    const history = this.histories.get(caseId);
    if (!history || history[0].t > T) return null;
    let st: CaseState | null = null;
    for (const e of history) {
      if (e.t > T) break;
      st = this.apply(st, e);
    }
    return st;
  }

  private process(caseType: string | null): RefProcess | undefined {
    return caseType === null ? undefined : this.processes.get(caseType);
  }

  private apply(st: CaseState | null, e: TimedEvent): CaseState {
    const d = e.data;
    if (st === null) {
      // e is the case.created event
      const caseType = str(d.caseType);
      const proc = this.process(caseType);
      let baseDeadline: number | null = null;
      if (d.deadline !== null && d.deadline !== undefined) baseDeadline = parseDeadline(d.deadline, this.defaultTz);
      else if (proc?.legalTerm) baseDeadline = addDuration(e.t, proc.legalTerm, this.defaultTz);
      return {
        caseId: e.caseId,
        caseType,
        createdAt: e.t,
        status: str(d.status) ?? proc?.initialStatus ?? null,
        assignee: null,
        role: null,
        open: true,
        lastClosedAt: null,
        closings: [],
        suspendedSince: null,
        suspendedTotal: 0,
        baseDeadline,
        tasks: new Map(),
        letters: [],
      };
    }
    const proc = this.process(st.caseType);
    switch (e.type) {
      case 'case.status_changed':
        if (d.status !== undefined) st.status = str(d.status);
        break;
      case 'case.assigned':
        if (d.assignee === null || d.assignee === undefined) {
          st.assignee = null;
          st.role = null;
        } else {
          st.assignee = String(d.assignee);
          if (d.role !== null && d.role !== undefined) st.role = String(d.role);
        }
        break;
      case 'case.suspended':
        if (st.suspendedSince === null) st.suspendedSince = e.t;
        break;
      case 'case.resumed':
        if (st.suspendedSince !== null) {
          st.suspendedTotal += e.t - st.suspendedSince;
          st.suspendedSince = null;
        }
        break;
      case 'case.deadline_extended':
        if (d.deadline !== null && d.deadline !== undefined) st.baseDeadline = parseDeadline(d.deadline, this.defaultTz);
        else if (st.baseDeadline !== null && proc?.extensionTerm)
          st.baseDeadline = addDuration(st.baseDeadline, proc.extensionTerm, this.defaultTz);
        break;
      case 'case.closed':
        if (st.open) {
          const deadline = this.effectiveDeadline(st, e.t);
          st.open = false;
          st.lastClosedAt = e.t;
          st.closings.push({ at: e.t, timeliness: deadline === null ? null : e.t > deadline ? 'OVERDUE' : 'ON_TIME' });
        }
        break;
      case 'case.reopened':
        if (!st.open) st.open = true;
        break;
      case 'task.created': {
        const taskId = str(d.taskId);
        if (taskId === null || st.tasks.has(taskId)) break;
        const step = str(d.step);
        let dueAt: number | null = null;
        if (d.dueAt !== null && d.dueAt !== undefined) dueAt = parseDeadline(d.dueAt, this.defaultTz);
        else if (step !== null && proc?.stepTerms?.[step]) dueAt = addDuration(e.t, proc.stepTerms[step], this.defaultTz);
        st.tasks.set(taskId, {
          taskId,
          step,
          createdAt: e.t,
          dueAt,
          role: str(d.role),
          assignee: str(d.assignee),
          completedAt: null,
        });
        break;
      }
      case 'task.assigned': {
        const task = st.tasks.get(String(d.taskId));
        if (task && task.completedAt === null) task.assignee = str(d.assignee);
        break;
      }
      case 'task.completed': {
        const task = st.tasks.get(String(d.taskId));
        if (task && task.completedAt === null) task.completedAt = e.t;
        break;
      }
      case 'letter.sent':
        st.letters.push({ at: e.t, letterType: str(d.letterType) });
        break;
      default:
        break; // unknown event types (and a second case.created, already filtered) change nothing
    }
    return st;
  }

  /** Effective deadline at T of a state replayed up to T: base + all suspended time up to T. */
  effectiveDeadline(st: CaseState, T: number): number | null {
    if (st.baseDeadline === null) return null;
    const running = st.suspendedSince !== null ? T - st.suspendedSince : 0;
    return st.baseDeadline + st.suspendedTotal + running;
  }

  /** Case timeliness at T (st replayed up to T). */
  caseTimeliness(st: CaseState, T: number): RefTimeliness | null {
    if (st.open) {
      const deadline = this.effectiveDeadline(st, T);
      if (deadline === null) return null;
      return T > deadline ? 'OVERDUE' : 'ON_TIME';
    }
    // Closed: the lateness of its last closing, decided when that close event applied.
    return st.closings[st.closings.length - 1].timeliness;
  }
}

function isTaskOpen(task: TaskState): boolean {
  return task.completedAt === null;
}

/** Task timeliness at T: open → T past dueAt; completed → completion past dueAt. */
function taskTimeliness(task: TaskState, T: number): RefTimeliness | null {
  if (task.dueAt === null) return null;
  const moment = task.completedAt ?? T;
  return moment > task.dueAt ? 'OVERDUE' : 'ON_TIME';
}

// ---------------------------------------------------------------------------------------------
// Filters, groups and the KPIs (contract sections 5 and 6)
// ---------------------------------------------------------------------------------------------

interface EvalContext {
  model: Model;
  dims: RefDimensions;
  tz: string;
  letterTypes: string[];
}

/** Snapshot instant plus the flow window [from, to) ∩ (-∞, asOf]. */
interface Window {
  snapshot: number;
  from: number;
  to: number;
  asOf: number;
}

interface Item {
  /** The group combinations (one key per groupBy dimension) this item falls in; no duplicates. */
  combos: (string | null)[][];
  v: number;
}

type Agg = 'count' | 'mean' | 'percent';

function inWindow(t: number, w: Window): boolean {
  return t >= w.from && t < w.to && t <= w.asOf;
}

/** A multiselect filter; an absent or empty list does not filter. */
function listMatches(list: string[] | undefined, value: string | null): boolean {
  if (!list || list.length === 0) return true;
  return value !== null && list.includes(value);
}

function hasSteps(dims: RefDimensions): boolean {
  return !!dims.steps && dims.steps.length > 0;
}

/** Open tasks of the case at T, restricted to dims.steps when given. */
function openTasksInScope(st: CaseState, dims: RefDimensions): TaskState[] {
  return [...st.tasks.values()].filter((t) => isTaskOpen(t) && (!hasSteps(dims) || (t.step !== null && dims.steps!.includes(t.step))));
}

/**
 * The open tasks at T that decide a case's steps and per-step timeliness: with `steps`, the open
 * tasks in those steps, restricted to the requested `timeliness` when one is given (contract
 * section 4: the case matches when one of those tasks has that timeliness). Without `steps`, all
 * open tasks (they only give the STEP groups).
 */
function matchingStepTasks(ctx: EvalContext, st: CaseState, T: number): TaskState[] {
  const tasks = openTasksInScope(st, ctx.dims);
  if (hasSteps(ctx.dims) && ctx.dims.timeliness) return tasks.filter((t) => taskTimeliness(t, T) === ctx.dims.timeliness);
  return tasks;
}

/**
 * Case filters at T. `closing` (flow KPIs on closings) replaces the case's timeliness by that
 * closing's own lateness. With `steps`, timeliness is per step (the open tasks' dueAt), also on
 * closings.
 */
function caseMatches(ctx: EvalContext, st: CaseState, T: number, closing?: { timeliness: RefTimeliness | null }): boolean {
  const { dims, model } = ctx;
  if (!listMatches(dims.caseTypes, st.caseType)) return false;
  if (dims.caseId !== undefined && dims.caseId !== null && st.caseId !== dims.caseId) return false;
  if (!listMatches(dims.statuses, st.status)) return false;
  if (!listMatches(dims.roles, st.role)) return false;
  if (!listMatches(dims.assignees, st.assignee)) return false;
  if (hasSteps(dims)) return matchingStepTasks(ctx, st, T).length > 0;
  if (dims.timeliness) {
    const own = closing ? closing.timeliness : model.caseTimeliness(st, T);
    if (own !== dims.timeliness) return false;
  }
  return true;
}

/**
 * The group combinations of a case at T. STEP is per open task (one group per task; a case
 * without open tasks is in the null step), and with `steps` TIMELINESS is per task too, so STEP
 * and TIMELINESS pair up per task rather than forming a cross product. Other keys are the case's.
 */
function caseGroupCombos(ctx: EvalContext, st: CaseState, T: number, closing?: { timeliness: RefTimeliness | null }): (string | null)[][] {
  const groupBy = ctx.dims.groupBy ?? [];
  const caseTl = () => (closing ? closing.timeliness : ctx.model.caseTimeliness(st, T));
  const perTask = groupBy.includes('STEP') || (hasSteps(ctx.dims) && groupBy.includes('TIMELINESS'));
  const tasks: (TaskState | null)[] = perTask ? matchingStepTasks(ctx, st, T) : [];
  if (tasks.length === 0) tasks.push(null); // only without steps: a case with steps always has one
  const combos = new Map<string, (string | null)[]>();
  for (const task of tasks) {
    const combo = groupBy.map((by): string | null => {
      switch (by) {
        case 'CASE_TYPE':
          return st.caseType;
        case 'STATUS':
          return st.status;
        case 'ROLE':
          return st.role;
        case 'ASSIGNEE':
          return st.assignee;
        case 'TIMELINESS':
          if (hasSteps(ctx.dims)) return task === null ? null : taskTimeliness(task, T);
          return caseTl();
        case 'STEP':
          return task === null ? null : task.step;
        default:
          throw new Error(`unknown groupBy ${by}`);
      }
    });
    combos.set(JSON.stringify(combo), combo);
  }
  return [...combos.values()];
}

function taskRole(task: TaskState, st: CaseState): string | null {
  return task.role ?? st.role;
}
function taskAssignee(task: TaskState, st: CaseState): string | null {
  return task.assignee ?? st.assignee;
}

/** Task filters; `timeliness` is the task's own (open: at T; completed: its completion). */
function taskMatches(ctx: EvalContext, st: CaseState, task: TaskState, timeliness: RefTimeliness | null): boolean {
  const { dims } = ctx;
  if (!listMatches(dims.caseTypes, st.caseType)) return false;
  if (dims.caseId !== undefined && dims.caseId !== null && st.caseId !== dims.caseId) return false;
  if (!listMatches(dims.statuses, st.status)) return false;
  if (!listMatches(dims.roles, taskRole(task, st))) return false;
  if (!listMatches(dims.assignees, taskAssignee(task, st))) return false;
  if (!listMatches(dims.steps, task.step)) return false;
  if (dims.timeliness && timeliness !== dims.timeliness) return false;
  return true;
}

function taskGroupCombos(ctx: EvalContext, st: CaseState, task: TaskState, timeliness: RefTimeliness | null): (string | null)[][] {
  const combo = (ctx.dims.groupBy ?? []).map((by): string | null => {
    switch (by) {
      case 'CASE_TYPE':
        return st.caseType;
      case 'STATUS':
        return st.status;
      case 'ROLE':
        return taskRole(task, st);
      case 'ASSIGNEE':
        return taskAssignee(task, st);
      case 'TIMELINESS':
        return timeliness;
      case 'STEP':
        return task.step;
      default:
        throw new Error(`unknown groupBy ${by}`);
    }
  });
  return [combo];
}

/** All cases that exist at T, with their state at T. */
function statesAt(ctx: EvalContext, T: number): CaseState[] {
  const out: CaseState[] = [];
  for (const id of ctx.model.caseIds()) {
    const st = ctx.model.stateAt(id, T);
    if (st) out.push(st);
  }
  return out;
}

/** Every closing that ever happened (from the full history). */
function allClosings(ctx: EvalContext): { caseId: string; at: number; timeliness: RefTimeliness | null }[] {
  const out: { caseId: string; at: number; timeliness: RefTimeliness | null }[] = [];
  for (const id of ctx.model.caseIds()) {
    const st = ctx.model.stateAt(id, Infinity)!;
    for (const c of st.closings) out.push({ caseId: id, at: c.at, timeliness: c.timeliness });
  }
  return out;
}

/** Every task completion that ever happened (from the full history). */
function allCompletions(ctx: EvalContext): { caseId: string; taskId: string; at: number }[] {
  const out: { caseId: string; taskId: string; at: number }[] = [];
  for (const id of ctx.model.caseIds()) {
    const st = ctx.model.stateAt(id, Infinity)!;
    for (const task of st.tasks.values()) if (task.completedAt !== null) out.push({ caseId: id, taskId: task.taskId, at: task.completedAt });
  }
  return out;
}

// --- snapshot KPIs on cases ---

function openCaseItems(ctx: EvalContext, w: Window, onlyOverdue: boolean): Item[] {
  const T = w.snapshot;
  return statesAt(ctx, T)
    .filter((st) => st.open && caseMatches(ctx, st, T))
    .filter((st) => !onlyOverdue || ctx.model.caseTimeliness(st, T) === 'OVERDUE')
    .map((st) => ({ combos: caseGroupCombos(ctx, st, T), v: 1 }));
}

function openCaseLetterItems(ctx: EvalContext, w: Window): Item[] {
  const T = w.snapshot;
  const items: Item[] = [];
  for (const st of statesAt(ctx, T)) {
    if (!st.open || !caseMatches(ctx, st, T)) continue;
    for (const letter of st.letters) {
      if (letter.at <= T && letter.letterType !== null && ctx.letterTypes.includes(letter.letterType))
        items.push({ combos: caseGroupCombos(ctx, st, T), v: 1 });
    }
  }
  return items;
}

function caseLeadTimeItems(ctx: EvalContext, w: Window): Item[] {
  const T = w.snapshot;
  const oneCase = ctx.dims.caseId !== undefined && ctx.dims.caseId !== null;
  return statesAt(ctx, T)
    .filter((st) => (oneCase || st.open) && caseMatches(ctx, st, T))
    .map((st) => ({
      combos: caseGroupCombos(ctx, st, T),
      v: localDayDiff(st.createdAt, st.open ? T : st.lastClosedAt!, ctx.tz),
    }));
}

// --- flow KPIs on cases ---

function inflowItems(ctx: EvalContext, w: Window): Item[] {
  const S = w.snapshot;
  const items: Item[] = [];
  for (const id of ctx.model.caseIds()) {
    const created = ctx.model.stateAt(id, Infinity)!.createdAt;
    if (!inWindow(created, w)) continue;
    const st = ctx.model.stateAt(id, S)!; // created ≤ S always holds
    if (!caseMatches(ctx, st, S)) continue;
    items.push({ combos: caseGroupCombos(ctx, st, S), v: 1 });
  }
  return items;
}

function closingItems(ctx: EvalContext, w: Window, figure: 'count' | 'leadTime' | 'onTime'): Item[] {
  const S = w.snapshot;
  const items: Item[] = [];
  for (const closing of allClosings(ctx)) {
    if (!inWindow(closing.at, w)) continue;
    const st = ctx.model.stateAt(closing.caseId, S)!;
    const own = { timeliness: closing.timeliness };
    if (!caseMatches(ctx, st, S, own)) continue;
    let v: number;
    if (figure === 'count') v = 1;
    else if (figure === 'leadTime') v = localDayDiff(st.createdAt, closing.at, ctx.tz);
    else {
      if (own.timeliness === null) continue; // closings without a deadline are not in the rate
      v = own.timeliness === 'ON_TIME' ? 1 : 0;
    }
    items.push({ combos: caseGroupCombos(ctx, st, S, own), v });
  }
  return items;
}

// --- task KPIs ---

function openTaskItems(ctx: EvalContext, w: Window, onlyOverdue: boolean): Item[] {
  const T = w.snapshot;
  const items: Item[] = [];
  for (const st of statesAt(ctx, T)) {
    for (const task of st.tasks.values()) {
      if (!isTaskOpen(task)) continue;
      const tl = taskTimeliness(task, T);
      if (onlyOverdue && tl !== 'OVERDUE') continue;
      if (!taskMatches(ctx, st, task, tl)) continue;
      items.push({ combos: taskGroupCombos(ctx, st, task, tl), v: 1 });
    }
  }
  return items;
}

function completedTaskItems(ctx: EvalContext, w: Window, figure: 'count' | 'duration'): Item[] {
  const S = w.snapshot;
  const items: Item[] = [];
  for (const c of allCompletions(ctx)) {
    if (!inWindow(c.at, w)) continue;
    const st = ctx.model.stateAt(c.caseId, S)!;
    const task = st.tasks.get(c.taskId)!; // completed ≤ S, so present and completed in st
    const tl = taskTimeliness(task, S);
    if (!taskMatches(ctx, st, task, tl)) continue;
    const v = figure === 'count' ? 1 : (task.completedAt! - task.createdAt) / MS_HOUR / 24;
    items.push({ combos: taskGroupCombos(ctx, st, task, tl), v });
  }
  return items;
}

const KPI_SPECS: Record<string, { agg: Agg; items: (ctx: EvalContext, w: Window) => Item[] }> = {
  openCases: { agg: 'count', items: (c, w) => openCaseItems(c, w, false) },
  overdueCases: { agg: 'count', items: (c, w) => openCaseItems(c, w, true) },
  openCaseLetters: { agg: 'count', items: openCaseLetterItems },
  caseLeadTime: { agg: 'mean', items: caseLeadTimeItems },
  inflow: { agg: 'count', items: inflowItems },
  outflow: { agg: 'count', items: (c, w) => closingItems(c, w, 'count') },
  closedLeadTime: { agg: 'mean', items: (c, w) => closingItems(c, w, 'leadTime') },
  onTimeRate: { agg: 'percent', items: (c, w) => closingItems(c, w, 'onTime') },
  openTasks: { agg: 'count', items: (c, w) => openTaskItems(c, w, false) },
  overdueTasks: { agg: 'count', items: (c, w) => openTaskItems(c, w, true) },
  completedTasks: { agg: 'count', items: (c, w) => completedTaskItems(c, w, 'count') },
  taskDuration: { agg: 'mean', items: (c, w) => completedTaskItems(c, w, 'duration') },
};

function aggregate(agg: Agg, values: number[]): number | null {
  if (agg === 'count') return values.reduce((a, b) => a + b, 0);
  if (values.length === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return agg === 'percent' ? 100 * mean : mean;
}

/** Group combinations sort key by key in groupBy order, by string (code units), null last. */
function compareCombos(a: (string | null)[], b: (string | null)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}
