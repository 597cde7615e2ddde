/**
 * Property test: the engine (through the real GraphQL API, on PGlite or on PostgreSQL when
 * TEST_DATABASE_URL is set) answers every KPI of contract section 6 exactly as the independent
 * reference model (test/reference/model.ts) does, for random event streams and random dimensions.
 *
 * One run = one random set of cases (1–12), ingested shuffled (sometimes in two overlapping
 * batches), then several random KPI requests on it. The database is emptied between runs.
 *
 * Environment knobs:
 * - PROPERTY_RUNS (default 200, some 1,250 comparisons: measured on an idle machine 100 runs take
 *   14 s on PGlite and 22 s on PostgreSQL) and PROPERTY_SECONDS (time budget for the runs; default
 *   45 when PROPERTY_RUNS is not set, so CI on a loaded machine stays within about a minute per
 *   database and prints how many runs it made; otherwise no budget). A failure found is always
 *   shrunk and reported, whatever the budget;
 * - PROPERTY_SEED (the seed is printed at the start; fast-check also prints seed and path on
 *   failure) and PROPERTY_PATH (replay a failure);
 * - PROPERTY_TIMEZONES=Asia/Kolkata,…: other request time zones, for exploration;
 * - PROPERTY_VERBOSE=1: log every comparison.
 *
 * Deadlines computed into a DST change are in (DST_INSTANTS): a wall time in the spring gap moves
 * forward by the gap, one in the autumn overlap takes the earlier instant, in the engine
 * (src/time/wall-clock.ts) as in the reference ('compatible', as Temporal and RFC 5545).
 */
import fc from 'fast-check';
import { createHarness, Harness, KpiResultJson } from '../helpers/harness';
import { databaseLabel } from '../helpers/database';
import {
  addDuration, fromWall, referenceKpi, REFERENCE_KPIS, RefDimensions, RefEvent, RefProcess, RefResult, RefGroupBy, wallOf,
} from '../reference/model';
import { ooievaarspas } from '../../src/processes/ooievaarspas';
import { parkeervergunning } from '../../src/processes/parkeervergunning';
import type { ProcessDefinition } from '../../src/processes/types';

// ---------------------------------------------------------------------------------------------
// Processes (configuration, not engine logic)
// ---------------------------------------------------------------------------------------------

const DEFINITIONS: ProcessDefinition[] = [ooievaarspas, parkeervergunning];
const DEFAULT_TZ = 'Europe/Amsterdam';
const UNKNOWN_TYPE = 'onbekend';

function toRef(p: ProcessDefinition): RefProcess {
  return {
    key: p.key,
    legalTerm: p.legalTerm,
    extensionTerm: p.extensionTerm,
    initialStatus: [...p.statuses].sort((a, b) => a.order - b.order)[0].key,
    stepTerms: Object.fromEntries(p.steps.filter((s) => s.term).map((s) => [s.key, s.term!])),
  };
}
const REF_PROCESSES: RefProcess[] = DEFINITIONS.map(toRef);

/** What events of each case type draw their keys from; `onbekend` has no configuration. */
interface TypeVocabulary { statuses: string[]; roles: string[]; steps: string[]; letterTypes: string[]; results: string[] }
const VOCABULARY: Record<string, TypeVocabulary> = {
  ...Object.fromEntries(DEFINITIONS.map((p) => [p.key, {
    statuses: p.statuses.map((s) => s.key),
    roles: p.roles.map((r) => r.key),
    steps: p.steps.map((s) => s.key),
    letterTypes: p.letterTypes.map((l) => l.key),
    results: p.results.map((r) => r.key),
  }])),
  [UNKNOWN_TYPE]: {
    statuses: ['nieuw', 'bezig', 'ontvangen'],
    roles: ['behandelaar', 'rol_x'],
    steps: ['stap_a', 'intake'],
    letterTypes: ['termijnbrief', 'brief_x'],
    results: ['klaar'],
  },
};
const CONFIGURED = DEFINITIONS.map((p) => p.key);
const ASSIGNEES = ['ann', 'bob', 'cees'];
const ASSIGNEE_FILTER_VALUES = [...ASSIGNEES, 'dirk']; // dirk never appears in events
const TASK_IDS = ['t1', 't2', 't3'];
/** Request time zones; PROPERTY_TIMEZONES (comma-separated) replaces them for exploration. */
const TIMEZONES = process.env.PROPERTY_TIMEZONES ? process.env.PROPERTY_TIMEZONES.split(',') : ['Europe/Amsterdam', 'UTC', 'America/New_York'];
const GROUP_BYS: RefGroupBy[] = ['CASE_TYPE', 'STATUS', 'ROLE', 'ASSIGNEE', 'TIMELINESS', 'STEP'];
const CASE_ID_KPIS = new Set(['caseLeadTime', 'openCaseLetters', 'openTasks', 'overdueTasks', 'completedTasks', 'taskDuration']);
const RELATIVE = [
  'TODAY', 'YESTERDAY', 'THIS_WEEK', 'LAST_WEEK', 'THIS_MONTH', 'LAST_MONTH', 'THIS_QUARTER', 'LAST_QUARTER',
  'THIS_YEAR', 'LAST_YEAR', 'LAST_7_DAYS', 'LAST_30_DAYS', 'LAST_90_DAYS', 'LAST_12_MONTHS',
];

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------
// Time helpers
// ---------------------------------------------------------------------------------------------

/** Window starts: one plain, two that span the DST changes of 2025 (30 March, 26 October). */
const WINDOW_STARTS = ['2025-01-13T00:00:00Z', '2025-03-03T00:00:00Z', '2025-03-29T12:00:00Z', '2025-09-29T00:00:00Z', '2025-10-25T12:00:00Z'].map(Date.parse);
/**
 * Instants close to DST changes (Amsterdam and New York), to draw some events exactly there, and
 * Amsterdam instants from which a term lands on the wall clock in a DST change (deadlines and
 * dueAts computed into the spring gap or the autumn overlap): 02:30 on 28 September + P4W
 * (parkeervergunning) and 02:15 on 12 October + P2W (beoordelen) land in the repeated hour of
 * 26 October; 02:30 on 23 October + P3D (intake); 02:30 on 28 March + P2D (kenteken_controleren)
 * lands in the gap of 30 March.
 */
const DST_INSTANTS = [
  '2025-03-30T01:00:00Z', '2025-10-26T01:00:00Z', '2025-10-26T00:30:00Z', '2025-03-09T07:00:00Z', '2025-11-02T06:00:00Z',
  '2025-09-28T00:30:00Z', '2025-10-12T00:15:00Z', '2025-10-23T00:30:00Z', '2025-03-28T01:30:00Z',
].map(Date.parse);

/**
 * Whole terms of the processes in days (step terms, legal terms, legal + extension terms):
 * deadlines and dueAts lie this far after the events they count from.
 */
const TERM_DAYS = [2, 3, 5, 7, 14, 28, 42, 56, 98];
/** `t` + a whole term on the wall clock of DEFAULT_TIMEZONE (as deadlines are computed) + delta ms. */
function plusTerm(t: number, idx: number, delta: number): number {
  return addDuration(t, `P${TERM_DAYS[idx % TERM_DAYS.length]}D`, DEFAULT_TZ) + delta;
}

/** The instant a `deadline`/`dueAt` value stands for: a date ends at its last local millisecond. */
function deadlineInstant(v: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return Date.parse(v);
  const next = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3] + 1));
  return fromWall({ y: next.getUTCFullYear(), mo: next.getUTCMonth() + 1, d: next.getUTCDate(), h: 0, mi: 0, s: 0, ms: 0 }, DEFAULT_TZ) - 1;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** `t` written with a UTC offset of `offsetMin` minutes (instants are the same). */
function formatInstant(t: number, offsetMin: number, dropZeroMs: boolean): string {
  const local = new Date(t + offsetMin * MIN).toISOString().slice(0, 23);
  const text = dropZeroMs && t % 1000 === 0 ? local.slice(0, 19) : local;
  if (offsetMin === 0) return `${text}Z`;
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  return `${text}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

function localDate(t: number, tz: string): string {
  const w = wallOf(t, tz);
  return `${w.y}-${pad(w.mo)}-${pad(w.d)}`;
}

/** Local midnight of the date of `t` in `tz` (midnight is never in a DST gap in these zones). */
function localMidnight(t: number, tz: string): number {
  const w = wallOf(t, tz);
  return t - (w.h * HOUR + w.mi * MIN + w.s * 1000 + w.ms);
}

// ---------------------------------------------------------------------------------------------
// Event generator
// ---------------------------------------------------------------------------------------------

/** Mostly absent: null 4 times out of 5 (weight 1) or 3 out of 5 (weight 2). Filters are rare, as
 * several at once would mostly give 0. */
const rarely = <T>(arb: fc.Arbitrary<T>, weight = 1): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: 5 - weight, arbitrary: fc.constant(null) }, { weight, arbitrary: arb });

/** An offset (ms) after a base instant, biased to 0 and whole minutes so events share instants. */
const offsetArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 10 }).map((m) => m * MIN) },
  { weight: 2, arbitrary: fc.constantFrom(-1, 1) },
  { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 0, max: 1439 })).map(([d, m]) => d * DAY + m * MIN) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 70 * DAY }) },
  { weight: 1, arbitrary: fc.integer({ min: -3 * DAY, max: -1 }) }, // before creation: ignored
);

/** A point in time relative to the window: [kind, a, b] resolved once the window is known. */
type InstantSpec =
  | { kind: 'window'; minutes: number } // whole minute inside the window
  | { kind: 'windowMs'; ms: number }
  | { kind: 'dst'; idx: number; delta: number };
const instantSpecArb: fc.Arbitrary<InstantSpec> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 40 * 24 * 60 }).map((minutes) => ({ kind: 'window' as const, minutes })) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 40 * DAY }).map((ms) => ({ kind: 'windowMs' as const, ms })) },
  {
    weight: 1,
    arbitrary: fc.record({ idx: fc.nat(), delta: fc.constantFrom(0, -1, 1, -MIN, MIN, -HOUR, HOUR) }).map((r) => ({ kind: 'dst' as const, ...r })),
  },
);
function resolveInstant(spec: InstantSpec, windowStart: number): number {
  switch (spec.kind) {
    case 'window': return windowStart + spec.minutes * MIN;
    case 'windowMs': return windowStart + spec.ms;
    case 'dst': return DST_INSTANTS[spec.idx % DST_INSTANTS.length] + spec.delta;
  }
}

/** A deadline / dueAt value: absent, a local date, or an instant (relative to a base instant). */
type DeadlineSpec = { kind: 'none' } | { kind: 'date'; days: number } | { kind: 'instant'; offset: number };
const deadlineArb: fc.Arbitrary<DeadlineSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 60 }).map((days) => ({ kind: 'date' as const, days })) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.integer({ min: -2 * DAY, max: 60 * DAY }),
      fc.integer({ min: 0, max: 60 }).map((d) => d * DAY),
      fc.integer({ min: 0, max: 60 * 24 }).map((m) => m * MIN),
    ).map((offset) => ({ kind: 'instant' as const, offset })),
  },
);
function resolveDeadline(spec: DeadlineSpec, base: number, offsetMin: number): string | undefined {
  switch (spec.kind) {
    case 'none': return undefined;
    case 'date': return localDate(base + spec.days * DAY, DEFAULT_TZ);
    case 'instant': return formatInstant(base + spec.offset, offsetMin, false);
  }
}

/** One later event of a case, before its keys are drawn from the case type's vocabulary. */
interface RawEvent {
  type: string;
  /** `offset` counts from an earlier event of the case (its creation or one generated before). */
  base: number;
  offset: number;
  /** Instead of `offset`: a local midnight (± 1 ms) some days after creation, a bucket edge. */
  midnight: { days: number; tz: number; delta: number } | null;
  /** Instead of `offset`: a whole term on the wall clock of DEFAULT_TIMEZONE ± 1 ms (on a deadline). */
  term: { idx: number; delta: number } | null;
  pick: number[]; // indexes into vocabularies, used as the type needs
  deadline: DeadlineSpec;
  flag: boolean;
}
const LATER_TYPES = [
  'case.created', // a second creation: ignored, unless dated before the first
  'case.status_changed', 'case.assigned', 'case.suspended', 'case.resumed', 'case.deadline_extended',
  'case.closed', 'case.reopened', 'task.created', 'task.assigned', 'task.completed', 'letter.sent',
];
const rawEventArb: fc.Arbitrary<RawEvent> = fc.record({
  type: fc.constantFrom(...LATER_TYPES.slice(1), ...LATER_TYPES.slice(1), 'task.created', 'task.completed', 'case.closed', 'case.created'),
  base: fc.nat({ max: 20 }),
  offset: offsetArb,
  term: rarely(fc.record({ idx: fc.nat({ max: 100 }), delta: fc.constantFrom(-1, 0, 0, 1) }), 2),
  midnight: rarely(fc.record({ days: fc.integer({ min: 0, max: 40 }), tz: fc.nat({ max: TIMEZONES.length - 1 }), delta: fc.constantFrom(-1, 0, 1) })),
  pick: fc.array(fc.nat({ max: 1000 }), { minLength: 4, maxLength: 4 }),
  deadline: deadlineArb,
  flag: fc.boolean(),
});

interface RawCase {
  typeIdx: number;
  created: InstantSpec;
  initialStatus: number | null;
  deadline: DeadlineSpec;
  events: RawEvent[];
}
const rawCaseArb: fc.Arbitrary<RawCase> = fc.record({
  typeIdx: fc.integer({ min: 0, max: 19 }),
  created: instantSpecArb,
  initialStatus: rarely(fc.nat({ max: 100 }), 2),
  deadline: deadlineArb,
  events: fc.array(rawEventArb, { minLength: 2, maxLength: 16 }),
});

interface RawScenario {
  windowIdx: number;
  cases: RawCase[];
  idLetters: number[];
  offsets: number[];
  shuffleSeed: number;
  batches: 'one' | 'two';
  split: number;
}
const scenarioArb: fc.Arbitrary<RawScenario> = fc.record({
  windowIdx: fc.nat({ max: WINDOW_STARTS.length - 1 }),
  cases: fc.array(rawCaseArb, { minLength: 1, maxLength: 12, size: 'large' }),
  idLetters: fc.array(fc.nat({ max: 25 }), { minLength: 8, maxLength: 8 }),
  offsets: fc.array(fc.constantFrom(0, 0, 60, 120, -300, 330), { minLength: 5, maxLength: 5 }),
  shuffleSeed: fc.nat(),
  batches: fc.constantFrom('one' as const, 'two' as const),
  split: fc.nat({ max: 100 }),
});

interface Scenario {
  windowStart: number;
  events: RefEvent[];
  caseIds: string[];
  caseTypesPresent: Set<string>;
  /** The ingest batches (shuffled, possibly overlapping). */
  batches: RefEvent[][];
  /** Deadlines and dueAts (before suspensions) of the cases and tasks: instants to measure at. */
  deadlines: number[];
}

function pickFrom<T>(list: T[], i: number): T {
  return list[i % list.length];
}

function caseTypeOf(idx: number): string {
  if (idx < 9) return 'ooievaarspas';
  if (idx < 17) return 'parkeervergunning';
  return UNKNOWN_TYPE;
}

/** A small deterministic PRNG (mulberry32) for shuffling from a generated seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function buildScenario(raw: RawScenario): Scenario {
  const windowStart = WINDOW_STARTS[raw.windowIdx];
  const events: RefEvent[] = [];
  let seq = 0;
  const id = () => {
    seq += 1;
    // A random first letter, so events at the same instant apply in a random (but fixed) order.
    return `${String.fromCharCode(97 + raw.idLetters[seq % raw.idLetters.length])}${pad(seq, 3)}`;
  };
  const offsetFor = (k: number) => raw.offsets[k % raw.offsets.length];
  const caseIds: string[] = [];
  const caseTypesPresent = new Set<string>();
  const deadlines: number[] = [];
  raw.cases.forEach((c, i) => {
    const caseId = `c${i}`;
    caseIds.push(caseId);
    const caseType = caseTypeOf(c.typeIdx);
    const vocab = VOCABULARY[caseType];
    const createdAt = resolveInstant(c.created, windowStart);
    const data: Record<string, unknown> = { caseType, reference: `REF-${i}` };
    if (c.initialStatus !== null) data.status = pickFrom(vocab.statuses, c.initialStatus);
    const deadline = resolveDeadline(c.deadline, createdAt, offsetFor(i));
    if (deadline !== undefined) data.deadline = deadline;
    // A ghost case (an `onbekend` one whose first event has `flag`) gets no case.created: its
    // events are ignored.
    const ghost = c.typeIdx === 19 && c.events.length > 0 && c.events[0].flag;
    if (!ghost) events.push({ id: id(), type: 'case.created', caseId, at: formatInstant(createdAt, offsetFor(i), true), data });
    // Instants later events count from: earlier events of the case and its deadlines/dueAts (so
    // closings, completions and snapshots land exactly on, or 1 ms around, a deadline).
    const times = [createdAt];
    const proc = REF_PROCESSES.find((p) => p.key === caseType);
    const anchor = (t: number) => {
      times.push(t);
      deadlines.push(t);
    };
    if (deadline !== undefined) anchor(deadlineInstant(deadline));
    else if (proc) anchor(addDuration(createdAt, proc.legalTerm, DEFAULT_TZ));
    c.events.forEach((e, j) => {
      const base = times[e.base % times.length];
      let at = base + e.offset;
      if (e.term !== null) at = plusTerm(base, e.term.idx, e.term.delta);
      else if (e.midnight !== null) at = localMidnight(base + e.midnight.days * DAY, TIMEZONES[e.midnight.tz]) + DAY + e.midnight.delta;
      const [p0, p1, p2, p3] = e.pick;
      let d: Record<string, unknown> = {};
      switch (e.type) {
        case 'case.created': {
          // Another creation, possibly of another type and dated before the first one.
          const otherType = caseTypeOf((c.typeIdx + 1 + p0) % 20);
          d = { caseType: otherType, reference: `REF-${i}-bis` };
          if (p1 % 2 === 0) d.status = pickFrom(VOCABULARY[otherType].statuses, p2);
          const dl = resolveDeadline(e.deadline, at, offsetFor(j));
          if (dl !== undefined) d.deadline = dl;
          break;
        }
        case 'case.status_changed':
          // Now and then a status the process does not configure (events are not validated on it).
          d = { status: p1 % 11 === 0 ? 'niet_geconfigureerd' : pickFrom(vocab.statuses, p0) };
          break;
        case 'case.assigned': {
          const assignee = p0 % 5 === 0 ? null : pickFrom(ASSIGNEES, p0);
          d = { assignee };
          if (p1 % 3 !== 0) d.role = pickFrom(vocab.roles, p2);
          break;
        }
        case 'case.suspended':
        case 'case.resumed':
          if (e.flag) d = { reason: 'wacht op aanvrager' };
          break;
        case 'case.deadline_extended': {
          const dl = resolveDeadline(e.deadline, at, offsetFor(j));
          if (dl !== undefined) {
            d = { deadline: dl };
            anchor(deadlineInstant(dl));
          }
          break;
        }
        case 'case.closed':
          if (e.flag) d = { result: pickFrom(vocab.results, p0) };
          break;
        case 'task.created': {
          d = { taskId: pickFrom(TASK_IDS, p0), step: p3 % 13 === 0 ? 'extra_stap' : pickFrom(vocab.steps, p1) };
          const due = resolveDeadline(e.deadline, at, offsetFor(j));
          if (due !== undefined) d.dueAt = due;
          const term = REF_PROCESSES.find((p) => p.key === caseType)?.stepTerms[d.step as string];
          if (due !== undefined) anchor(deadlineInstant(due));
          else if (term) anchor(addDuration(at, term, DEFAULT_TZ));
          if (p2 % 3 === 0) d.role = pickFrom(vocab.roles, p3);
          if (p3 % 3 === 0) d.assignee = pickFrom(ASSIGNEES, p2);
          break;
        }
        case 'task.assigned':
          d = { taskId: pickFrom(TASK_IDS, p0), assignee: p1 % 4 === 0 ? null : pickFrom(ASSIGNEES, p1) };
          break;
        case 'task.completed':
          d = { taskId: pickFrom(TASK_IDS, p0) };
          break;
        case 'letter.sent':
          d = { letterType: pickFrom(vocab.letterTypes, p0) };
          break;
      }
      events.push({ id: id(), type: e.type, caseId, at: formatInstant(at, offsetFor(i + j), e.flag), data: d });
      times.push(at);
    });
  });

  // The case types that exist (the engine accepts an unconfigured one in `caseTypes` only then):
  // of each case's first creation (same instant: the smallest id).
  const firstCreation = new Map<string, RefEvent>();
  for (const e of events) {
    if (e.type !== 'case.created') continue;
    const f = firstCreation.get(e.caseId);
    const t = Date.parse(e.at);
    if (!f || t < Date.parse(f.at) || (t === Date.parse(f.at) && e.id < f.id)) firstCreation.set(e.caseId, e);
  }
  for (const e of firstCreation.values()) caseTypesPresent.add(String(e.data.caseType));

  // Shuffle (arrival order must not matter), then one batch or two overlapping ones.
  const rnd = prng(raw.shuffleSeed);
  const shuffled = [...events];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const k = Math.floor(rnd() * (i + 1));
    [shuffled[i], shuffled[k]] = [shuffled[k], shuffled[i]];
  }
  // Sometimes the same event twice in one batch (counts once).
  if (raw.split % 5 === 0 && shuffled.length > 0) shuffled.splice(Math.floor(rnd() * shuffled.length), 0, { ...shuffled[Math.floor(rnd() * shuffled.length)] });
  let batches: RefEvent[][] = [shuffled];
  if (raw.batches === 'two' && shuffled.length > 1) {
    const cut = 1 + (raw.split % (shuffled.length - 1));
    const overlap = Math.min(cut, raw.split % 4);
    batches = [shuffled.slice(0, cut), shuffled.slice(cut - overlap)];
  }
  return { windowStart, events, caseIds, caseTypesPresent, batches, deadlines };
}

// ---------------------------------------------------------------------------------------------
// Dimension generator
// ---------------------------------------------------------------------------------------------

interface RawQuery {
  kpi: string;
  tz: number;
  asOf: { mode: 'event' | 'eventMinus' | 'eventPlus' | 'eventTerm' | 'deadline' | 'window' | 'late'; idx: number; ms: number };
  period:
    | { kind: 'none' }
    | { kind: 'abs'; from: 'midnight' | 'event' | 'eventTerm' | 'random'; fromIdx: number; fromMs: number; lenIdx: number; open: 'none' | 'from' | 'to' }
    | { kind: 'rel'; rel: string };
  granularity: null | 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';
  caseTypes: number;
  statuses: number | null;
  roles: number | null;
  assignees: number | null;
  steps: number | null;
  timeliness: null | 'ON_TIME' | 'OVERDUE';
  caseId: number | null;
  groupBy: RefGroupBy[];
  letterTypes: number | null;
  /** Also ask the same question for other cases in the same GraphQL request (DataLoader batch). */
  batchCases: number;
}

/** UTC offsets (minutes) request instants are written with; the instant is what counts. */
const PERIOD_OFFSETS = [0, 0, 60, 120, -240, 330];
const PERIOD_LENGTHS = [HOUR, 6 * HOUR, DAY, 3 * DAY, 7 * DAY, 30 * DAY, 61 * DAY, 92 * DAY, 17 * DAY + 5 * HOUR + 1234, 45 * DAY + 1234, 150 * DAY];

const maskArb = fc.integer({ min: 1, max: 255 });
const FILTERS = ['statuses', 'roles', 'assignees', 'steps', 'timeliness', 'caseId'] as const;
/** Which filters a query uses: none half of the time, rarely more than one. */
const filtersArb = fc.oneof(
  { weight: 5, arbitrary: fc.constant([] as string[]) },
  { weight: 4, arbitrary: fc.shuffledSubarray([...FILTERS], { minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.shuffledSubarray([...FILTERS], { minLength: 2, maxLength: 3 }) },
);
const queryArb: fc.Arbitrary<RawQuery> = fc.record({
  filters: filtersArb as fc.Arbitrary<string[]>,
  kpi: fc.constantFrom(...REFERENCE_KPIS),
  tz: fc.nat({ max: TIMEZONES.length }), // TIMEZONES.length: no timezone (DEFAULT_TIMEZONE)
  asOf: fc.record({
    mode: fc.constantFrom('event' as const, 'eventMinus' as const, 'eventPlus' as const, 'eventTerm' as const, 'deadline' as const, 'deadline' as const, 'window' as const, 'window' as const, 'late' as const),
    idx: fc.nat({ max: 1000 }),
    ms: fc.integer({ min: 0, max: 90 * DAY }),
  }),
  period: fc.oneof(
    { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('abs' as const),
        from: fc.constantFrom('midnight' as const, 'event' as const, 'eventTerm' as const, 'random' as const),
        fromIdx: fc.nat({ max: 1000 }),
        fromMs: fc.integer({ min: -5 * DAY, max: 60 * DAY }),
        lenIdx: fc.nat({ max: PERIOD_LENGTHS.length - 1 }),
        open: fc.constantFrom('none' as const, 'none' as const, 'from' as const, 'to' as const),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('rel' as const), rel: fc.constantFrom(...RELATIVE) }) },
  ),
  granularity: fc.constantFrom(null, null, null, 'HOUR' as const, 'DAY' as const, 'DAY' as const, 'WEEK' as const, 'MONTH' as const, 'QUARTER' as const, 'YEAR' as const),
  // The scope is drawn on its own (a third of the queries), as it rarely empties an answer.
  caseTypes: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 8, max: 12 }) }),
  statuses: maskArb,
  roles: maskArb,
  assignees: maskArb,
  steps: maskArb,
  timeliness: fc.constantFrom('ON_TIME' as const, 'OVERDUE' as const),
  caseId: fc.nat({ max: 20 }),
  groupBy: fc.oneof(fc.constant([] as RefGroupBy[]), fc.shuffledSubarray(GROUP_BYS, { minLength: 1, maxLength: 3 })),
  letterTypes: rarely(fc.integer({ min: 1, max: 255 }), 2),
  batchCases: fc.constantFrom(0, 0, 0, 2, 3),
}).map(({ filters, ...q }) => {
  // Filters not chosen are absent.
  const out: RawQuery = { ...q };
  for (const f of ['statuses', 'roles', 'assignees', 'steps', 'timeliness', 'caseId'] as const) if (!filters.includes(f)) out[f] = null;
  return out;
});

/** A non-empty subset of `list` chosen by the bits of `mask`. */
function subset(list: string[], mask: number): string[] {
  const out = list.filter((_, i) => (mask >> i) & 1);
  return out.length > 0 ? out : [list[mask % list.length]];
}

interface Query {
  kpi: string;
  dims: RefDimensions;
  params?: { letterTypes?: string[] };
  /** Extra caseIds asked in the same request. */
  batchCaseIds: string[];
}

function eventInstant(s: Scenario, idx: number): number {
  return Date.parse(s.events[idx % s.events.length].at);
}

/** An event instant plus a whole term, exactly or ± 1 ms: on or around a deadline. */
function eventPlusTerm(s: Scenario, idx: number, seed: number): number {
  return plusTerm(eventInstant(s, idx), seed, ((seed >> 4) % 3) - 1);
}

function buildQuery(raw: RawQuery, s: Scenario): Query {
  const tz = TIMEZONES[raw.tz] ?? DEFAULT_TZ;
  const W = s.windowStart;
  let asOf: number;
  switch (raw.asOf.mode) {
    case 'event': asOf = eventInstant(s, raw.asOf.idx); break;
    case 'eventMinus': asOf = eventInstant(s, raw.asOf.idx) - 1; break;
    case 'eventPlus': asOf = eventInstant(s, raw.asOf.idx) + 1; break;
    case 'eventTerm': asOf = eventPlusTerm(s, raw.asOf.idx, raw.asOf.ms); break;
    case 'deadline':
      asOf = s.deadlines.length ? s.deadlines[raw.asOf.idx % s.deadlines.length] + (raw.asOf.ms % 3) - 1 : W + raw.asOf.ms;
      break;
    case 'window': asOf = W + raw.asOf.ms; break;
    case 'late': asOf = W + 150 * DAY + raw.asOf.ms; break;
  }
  const dims: RefDimensions = { asOf: formatInstant(asOf, PERIOD_OFFSETS[raw.asOf.idx % PERIOD_OFFSETS.length], false) };
  if (raw.tz < TIMEZONES.length) dims.timezone = tz;

  // Period and granularity.
  let granularity = raw.granularity;
  let from: number | null = null;
  let to: number | null = null;
  let relative: string | null = null;
  const p = raw.period;
  if (p.kind === 'abs') {
    if (p.from === 'midnight') from = localMidnight(W + p.fromMs, tz);
    else if (p.from === 'event') from = eventInstant(s, p.fromIdx);
    else if (p.from === 'eventTerm') from = eventPlusTerm(s, p.fromIdx, p.fromMs >>> 0);
    else from = W + p.fromMs;
    to = from + PERIOD_LENGTHS[p.lenIdx];
    if (p.from === 'midnight' && p.lenIdx >= 2 && p.lenIdx <= 7) to = localMidnight(to + 2 * HOUR, tz); // whole local days
    if (p.open === 'from') from = null;
    if (p.open === 'to') to = null;
  } else if (p.kind === 'rel') {
    relative = p.rel;
  }
  if (granularity !== null && relative === null && from === null) {
    // With a granularity, always give a period with `from`.
    from = to !== null ? to - PERIOD_LENGTHS[raw.period.kind === 'abs' ? raw.period.lenIdx : 4] : localMidnight(asOf - 10 * DAY, tz);
  }
  if (granularity !== null) {
    // Keep bucket counts small: HOUR only over ≤ 3 days, DAY over ≤ ~190 days.
    const span = relative !== null ? relativeSpan(relative) : Math.min(to ?? Infinity, asOf + 1) - from!;
    if (granularity === 'HOUR' && span > 3 * DAY) granularity = 'DAY';
    if (granularity === 'DAY' && span > 190 * DAY) granularity = 'WEEK';
    dims.granularity = granularity;
  }
  if (relative !== null) dims.period = { relative };
  else if (from !== null || to !== null) {
    dims.period = {};
    if (from !== null) dims.period.from = formatInstant(from, PERIOD_OFFSETS[raw.caseTypes % PERIOD_OFFSETS.length], false);
    if (to !== null) dims.period.to = formatInstant(to, PERIOD_OFFSETS[raw.tz % PERIOD_OFFSETS.length], false);
  }

  // Case types, and the vocabulary the filters may draw from.
  let caseTypes: string[] | undefined;
  const hasUnknown = s.caseTypesPresent.has(UNKNOWN_TYPE);
  switch (raw.caseTypes) {
    case 8: caseTypes = ['ooievaarspas']; break;
    case 9: caseTypes = ['parkeervergunning']; break;
    case 10: caseTypes = ['parkeervergunning', 'ooievaarspas']; break;
    case 11: caseTypes = hasUnknown ? [UNKNOWN_TYPE] : ['ooievaarspas']; break;
    case 12: caseTypes = hasUnknown ? ['ooievaarspas', UNKNOWN_TYPE] : undefined; break;
    default: caseTypes = undefined; break;
  }
  if (caseTypes) dims.caseTypes = caseTypes;
  const scope = caseTypes ?? CONFIGURED;
  const union = (pick: (v: TypeVocabulary) => string[]) => [...new Set(scope.flatMap((t) => pick(VOCABULARY[t])))];
  if (raw.statuses !== null) dims.statuses = subset(union((v) => v.statuses), raw.statuses);
  if (raw.roles !== null) dims.roles = subset(union((v) => v.roles), raw.roles);
  if (raw.steps !== null) dims.steps = subset(union((v) => v.steps), raw.steps);
  if (raw.assignees !== null) dims.assignees = subset(ASSIGNEE_FILTER_VALUES, raw.assignees);
  if (raw.timeliness !== null) dims.timeliness = raw.timeliness;
  if (raw.groupBy.length > 0) dims.groupBy = raw.groupBy;

  const batchCaseIds: string[] = [];
  if (raw.caseId !== null && CASE_ID_KPIS.has(raw.kpi)) {
    // Mostly a case of the scenario, sometimes one that does not exist.
    dims.caseId = raw.caseId >= 18 ? 'c-none' : s.caseIds[raw.caseId % s.caseIds.length];
    for (let k = 1; k <= raw.batchCases; k++) batchCaseIds.push(s.caseIds[(raw.caseId + k) % s.caseIds.length]);
  }

  let params: Query['params'];
  if (raw.kpi === 'openCaseLetters' && raw.letterTypes !== null) {
    // Letter types of the case types in scope (any for an unconfigured one, here its vocabulary);
    // otherwise the default ["termijnbrief"], which is never refused (docs/concepts.md).
    const known = [...new Set(scope.flatMap((t) => VOCABULARY[t].letterTypes))];
    params = { letterTypes: subset(known, raw.letterTypes) };
  }
  return { kpi: raw.kpi, dims, params, batchCaseIds: [...new Set(batchCaseIds)].filter((c) => c !== dims.caseId) };
}

/** Upper bound of a relative period's length (for the bucket-count limit). */
function relativeSpan(rel: string): number {
  if (rel === 'TODAY' || rel === 'YESTERDAY') return DAY;
  if (rel.includes('WEEK') || rel === 'LAST_7_DAYS') return 7 * DAY;
  if (rel.includes('MONTH') && rel !== 'LAST_12_MONTHS') return 31 * DAY;
  if (rel === 'LAST_30_DAYS') return 30 * DAY;
  if (rel.includes('QUARTER') || rel === 'LAST_90_DAYS') return 92 * DAY;
  return 366 * DAY;
}

// ---------------------------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------------------------

interface Comparable {
  value: number | null;
  points: { bucket: string | null; groups: { by: string; key: string | null }[]; value: number | null }[];
}

function normalizeEngine(r: KpiResultJson): Comparable {
  return {
    value: r.value,
    points: r.points.map((p) => ({
      bucket: p.bucket === null ? null : new Date(p.bucket).toISOString(),
      groups: p.groups.map((g) => ({ by: g.by, key: g.key })),
      value: p.value,
    })),
  };
}

function near(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function pointKey(p: Comparable['points'][number]): string {
  return JSON.stringify([p.bucket, p.groups.map((g) => [g.by, g.key])]);
}

/** Differences between two answers, as readable lines; empty when they agree. */
function diff(engine: Comparable, ref: RefResult): string[] {
  const out: string[] = [];
  if (!near(engine.value, ref.value)) out.push(`value: engine ${engine.value}, reference ${ref.value}`);
  const e = new Map(engine.points.map((p) => [pointKey(p), p]));
  const r = new Map(ref.points.map((p) => [pointKey(p), p]));
  for (const [k, p] of r) {
    const q = e.get(k);
    if (!q) out.push(`point ${k}: missing in engine (reference ${p.value})`);
    else if (!near(q.value, p.value)) out.push(`point ${k}: engine ${q.value}, reference ${p.value}`);
  }
  for (const [k, q] of e) if (!r.has(k)) out.push(`point ${k}: only in engine (${q.value})`);
  if (out.length === 0) {
    // Buckets must come in time order. The order of group combinations inside a bucket is the
    // engine's presentation choice (process order of statuses/roles/steps, null last), not compared.
    const buckets = (points: { bucket: string | null }[]) => [...new Set(points.map((p) => p.bucket))];
    const eo = buckets(engine.points);
    const ro = buckets(ref.points);
    if (JSON.stringify(eo) !== JSON.stringify(ro)) out.push(`bucket order differs:\n  engine    ${eo.join(' ')}\n  reference ${ro.join(' ')}`);
  }
  return out;
}

const RESULT_FIELDS = 'name unit value points { bucket groups { by key label } value }';

/** Several `kpi` fields in one GraphQL request (aliases), so caseId requests are batched. */
async function kpiBatch(h: Harness, name: string, dimsList: RefDimensions[], params?: object): Promise<KpiResultJson[]> {
  const vars: Record<string, unknown> = { name, params: params ?? null };
  const fields = dimsList.map((d, i) => {
    vars[`d${i}`] = d;
    return `k${i}: kpi(name: $name, dimensions: $d${i}, params: $params) { ${RESULT_FIELDS} }`;
  });
  const decl = dimsList.map((_, i) => `$d${i}: DimensionsInput`).join(', ');
  const r = await h.gql(`query B($name: String!, $params: JSONObject, ${decl}) { ${fields.join(' ')} }`, vars);
  if (r.errors) throw new Error(`kpi ${name} (batched) failed: ${r.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; ')}`);
  return dimsList.map((_, i) => r.data[`k${i}`]);
}

// ---------------------------------------------------------------------------------------------
// The property
// ---------------------------------------------------------------------------------------------

const TABLES = ['task_intervals', 'tasks', 'letters', 'case_closings', 'case_intervals', 'cases', 'events'];
const RUNS = Number(process.env.PROPERTY_RUNS || 200);
const BUDGET_S = process.env.PROPERTY_SECONDS ? Number(process.env.PROPERTY_SECONDS) : process.env.PROPERTY_RUNS ? null : 45;
const VERBOSE = process.env.PROPERTY_VERBOSE === '1';

describe(`engine vs reference model on ${databaseLabel()}`, () => {
  let h: Harness;
  beforeAll(async () => { h = await createHarness(); });
  afterAll(async () => { await h.close(); });

  it('answers every KPI like the reference for random events and dimensions', async () => {
    const started = Date.now();
    const spent = { ingest: 0, engine: 0, reference: 0 }; // ms, where the time goes
    const deadline = BUDGET_S === null ? null : started + BUDGET_S * 1000;
    let failed = false;
    let runs = 0;
    let comparisons = 0;
    let nonTrivial = 0; // comparisons where some figure is neither 0 nor null
    let eventsIngested = 0;
    const perKpi = new Map<string, number>();

    const property = fc.asyncProperty(scenarioArb, fc.array(queryArb, { minLength: 4, maxLength: 8 }), async (rawScenario, rawQueries) => {
      // Past the time budget no new runs are made (fast-check's remaining draws pass untouched);
      // once a run failed, every shrinking step runs, so the failure is always reported minimal.
      if (!failed && runs > 0 && deadline !== null && Date.now() > deadline) return;
      try {
        runs += 1;
        const s = buildScenario(rawScenario);
        let t0 = Date.now();
        for (const t of TABLES) await h.db.knex(t).delete();
        for (const batch of s.batches) await h.ingest(batch);
        spent.ingest += Date.now() - t0;
        eventsIngested += s.events.length;

        for (const rq of rawQueries) {
          const q = buildQuery(rq, s);
          const dimsList = [q.dims, ...q.batchCaseIds.map((caseId) => ({ ...q.dims, caseId }))];
          let answers: KpiResultJson[];
          try {
            t0 = Date.now();
            answers = dimsList.length === 1 ? [await h.kpi(q.kpi, { ...q.dims }, q.params)] : await kpiBatch(h, q.kpi, dimsList, q.params);
            spent.engine += Date.now() - t0;
          } catch (err) {
            throw new Error(`${(err as Error).message}\n${describeCase(s, q.kpi, q.dims, q.params, null, null, [])}`);
          }
          for (let i = 0; i < dimsList.length; i++) {
            t0 = Date.now();
            const ref = referenceKpi(q.kpi, s.events, REF_PROCESSES, dimsList[i], q.params, DEFAULT_TZ);
            spent.reference += Date.now() - t0;
            const engine = normalizeEngine(answers[i]);
            const d = diff(engine, ref);
            comparisons += 1;
            if ((ref.value !== null && ref.value !== 0) || ref.points.some((p) => p.value !== null && p.value !== 0)) nonTrivial += 1;
            perKpi.set(q.kpi, (perKpi.get(q.kpi) ?? 0) + 1);
            if (VERBOSE) console.log(q.kpi, JSON.stringify(dimsList[i]), JSON.stringify(engine.value), JSON.stringify(ref.value));
            if (d.length > 0) {
              throw new Error(`engine and reference disagree${dimsList.length > 1 ? ` (batched request of ${dimsList.length} cases)` : ''}\n${describeCase(s, q.kpi, dimsList[i], q.params, engine, ref, d)}`);
            }
          }
        }
      } catch (err) {
        failed = true;
        throw err;
      }
    });

    const seed = process.env.PROPERTY_SEED !== undefined ? Number(process.env.PROPERTY_SEED) : (Date.now() ^ (Math.random() * 0x100000000)) | 0;
    const path = process.env.PROPERTY_PATH;
    process.stderr.write(`engine-vs-reference: fast-check seed ${seed} (replay with PROPERTY_SEED=${seed})\n`);
    await fc.assert(property, { numRuns: RUNS, seed, path, endOnFailure: !!path });
    const budgetNote = runs < RUNS && !path ? ` (time budget of ${BUDGET_S} s spent after ${runs} of ${RUNS} runs)` : '';
    expect(comparisons).toBeGreaterThan(0);

    console.log(
      `engine-vs-reference on ${databaseLabel()}: ${runs} runs${budgetNote}, ${comparisons} comparisons (${nonTrivial} with a non-zero figure), ${eventsIngested} events, ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s (ingest ${(spent.ingest / 1000).toFixed(1)} s, engine ${(spent.engine / 1000).toFixed(1)} s, ` +
      `reference ${(spent.reference / 1000).toFixed(1)} s); per KPI ${[...perKpi].map(([k, n]) => `${k}=${n}`).join(' ')}`,
    );
  }, 20 * 60_000); // a failure's shrinking re-ingests many times
});

function describeCase(
  s: Scenario, kpi: string, dims: RefDimensions, params: object | undefined,
  engine: Comparable | null, ref: RefResult | null, differences: string[],
): string {
  const lines = [
    `KPI: ${kpi}`,
    `dimensions: ${JSON.stringify(dims)}`,
    `params: ${JSON.stringify(params ?? null)}`,
  ];
  if (differences.length) lines.push('differences:', ...differences.map((d) => `  ${d}`));
  if (engine) lines.push(`engine:    ${JSON.stringify(engine)}`);
  if (ref) lines.push(`reference: ${JSON.stringify(ref)}`);
  const sorted = [...s.events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : 1));
  lines.push(`events (${s.events.length}, sorted by at; ingested shuffled in ${s.batches.length} batch(es)):`);
  for (const e of sorted) lines.push(`  ${JSON.stringify(e)}   // ${new Date(Date.parse(e.at)).toISOString()}`);
  return lines.join('\n');
}
