// Why: contract section 3 is the ingest format. This file is its one parser: every field is checked
// here, and every problem is reported with where it is (line or index), which field, and why, so
// an integrator can fix a whole batch in one go.

import { firstUnstorable, jsonMayHoldUnstorable, MAX_JSON_DEPTH, nestingDepth, UNSTORABLE_MESSAGE } from '../input/storable-text';
import { MAX_YEAR, MIN_YEAR } from '../input/instant-range';

export const EVENT_TYPES = [
  'case.created', 'case.status_changed', 'case.assigned', 'case.suspended', 'case.resumed',
  'case.deadline_extended', 'case.closed', 'case.reopened',
  'task.created', 'task.assigned', 'task.completed', 'letter.sent',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** A validated event; `at` is epoch milliseconds. */
export interface CaseEvent {
  id: string;
  type: EventType;
  caseId: string;
  at: number;
  data: Record<string, unknown>;
}

export interface EventProblem {
  /** 1-based line number (files) or 0-based index (mutation); set by the caller's numbering. */
  position: number;
  id?: string;
  field: string;
  message: string;
}

const MAX_ID = 200;
const MAX_TEXT = 500;
/** ISO-8601 instant with an explicit offset; `2025-03-01T09:00:00+01:00` or `…Z`. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseInstant(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  // Most instants have the common shape; an import parses millions of them.
  const fast = commonInstant(value);
  if (fast !== undefined) return fast;
  const m = INSTANT.exec(value);
  if (!m) return null;
  if (!validCalendarDate(+m[1], +m[2], +m[3]) || +m[4] > 23 || +m[5] > 59 || (m[6] !== undefined && +m[6] > 59)) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

const digit = (s: string, i: number) => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : Number.NaN;
};
const two = (s: string, i: number) => digit(s, i) * 10 + digit(s, i + 1);

/**
 * `YYYY-MM-DDTHH:MM:SS`, then `.sss` or nothing, then `Z` or `±HH:MM` (offset hours ≤ 23): read
 * without a regular expression or Date.parse, giving what parseInstant's general path gives (the
 * test holds it to that path). undefined for any other text, which takes the general path.
 */
function commonInstant(s: string): number | null | undefined {
  const n = s.length;
  if (n < 20 || s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':') return undefined;
  const y = two(s, 0) * 100 + two(s, 2);
  const mo = two(s, 5);
  const d = two(s, 8);
  const h = two(s, 11);
  const mi = two(s, 14);
  const sec = two(s, 17);
  let i = 19;
  let ms = 0;
  if (s[i] === '.') {
    if (n < 24) return undefined;
    ms = digit(s, 20) * 100 + two(s, 21);
    i = 23;
  }
  let offset: number;
  if (i === n - 1 && s[i] === 'Z') offset = 0;
  else if (i === n - 6 && (s[i] === '+' || s[i] === '-') && s[i + 3] === ':') {
    const oh = two(s, i + 1);
    const om = two(s, i + 4);
    if (!(oh <= 23 && om <= 59)) return undefined;
    offset = (s[i] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  } else return undefined;
  // NaN (a character that is not a digit) fails every comparison: the general path decides.
  if (!(y >= 0 && mo >= 0 && d >= 0 && h >= 0 && mi >= 0 && sec >= 0 && ms >= 0)) return undefined;
  if (!validCalendarDate(y, mo, d) || h > 23 || mi > 59 || sec > 59) return null;
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offset;
}

export function isLocalDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  return !!m && validCalendarDate(+m[1], +m[2], +m[3]);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validCalendarDate(y: number, mo: number, d: number): boolean {
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_TEXT;
}

type Check = (data: Record<string, unknown>, problem: (field: string, message: string) => void) => void;

const optionalText = (data: Record<string, unknown>, key: string, problem: (f: string, m: string) => void) => {
  if (data[key] !== undefined && data[key] !== null && !text(data[key])) problem(`data.${key}`, `must be a non-empty string of at most ${MAX_TEXT} characters`);
};
const requiredText = (data: Record<string, unknown>, key: string, problem: (f: string, m: string) => void) => {
  if (!text(data[key])) problem(`data.${key}`, `is required: a non-empty string of at most ${MAX_TEXT} characters`);
};
const deadline = (data: Record<string, unknown>, key: string, required: boolean, problem: (f: string, m: string) => void) => {
  const v = data[key];
  if (v === undefined || v === null) {
    if (required) problem(`data.${key}`, 'is required');
    return;
  }
  if (!isLocalDate(v) && parseInstant(v) === null) {
    problem(`data.${key}`, 'must be a date (2025-03-01) or an ISO-8601 instant with offset (2025-03-01T17:00:00+01:00)');
  }
};

const CHECKS: Record<EventType, Check> = {
  'case.created': (d, p) => {
    requiredText(d, 'caseType', p);
    if (typeof d.caseType === 'string' && !/^[a-z][a-z0-9_]*$/.test(d.caseType)) p('data.caseType', 'must be a process key: lower-case letters, digits and _');
    optionalText(d, 'reference', p);
    optionalText(d, 'status', p);
    deadline(d, 'deadline', false, p);
    if (d.attributes !== undefined && d.attributes !== null && !isPlainObject(d.attributes)) p('data.attributes', 'must be an object');
    if (isPlainObject(d.attributes) && JSON.stringify(d.attributes).length > 10_000) p('data.attributes', 'is larger than 10,000 characters');
  },
  'case.status_changed': (d, p) => requiredText(d, 'status', p),
  'case.assigned': (d, p) => {
    if (!('assignee' in d)) p('data.assignee', 'is required: a string, or null for unassigned');
    else if (d.assignee !== null && !text(d.assignee)) p('data.assignee', 'must be a non-empty string or null');
    optionalText(d, 'role', p);
  },
  'case.suspended': (d, p) => optionalText(d, 'reason', p),
  'case.resumed': (d, p) => optionalText(d, 'reason', p),
  'case.deadline_extended': (d, p) => deadline(d, 'deadline', false, p),
  'case.closed': (d, p) => optionalText(d, 'result', p),
  'case.reopened': () => undefined,
  'task.created': (d, p) => {
    requiredText(d, 'taskId', p);
    requiredText(d, 'step', p);
    deadline(d, 'dueAt', false, p);
    optionalText(d, 'role', p);
    optionalText(d, 'assignee', p);
  },
  'task.assigned': (d, p) => {
    requiredText(d, 'taskId', p);
    if (d.assignee !== null && !text(d.assignee)) p('data.assignee', 'is required: a non-empty string, or null');
  },
  'task.completed': (d, p) => requiredText(d, 'taskId', p),
  'letter.sent': (d, p) => requiredText(d, 'letterType', p),
};

const TYPES = new Set<string>(EVENT_TYPES);
const EVENT_FIELDS = new Set(['id', 'type', 'caseId', 'at', 'data']);

/**
 * The JSON text of `data` can be longer than the text it was parsed from only through numbers
 * ("1e20" is written back as 21 digits: 5.25×); from a line this short it cannot pass the 100,000
 * character limit, and is not written out to check.
 */
const SHORT_SOURCE = 12_000;

/**
 * Validates one raw event. Returns the event, or the problems (never both). `source`: the JSON
 * text it was parsed from (a line of a file), which lets two costly checks be skipped when the
 * text shows they cannot fail (same answers; test/ingest/events.test.ts).
 */
export function validateEvent(raw: unknown, position: number, source?: string): { event?: CaseEvent; problems: EventProblem[] } {
  const problems: EventProblem[] = [];
  const id = isPlainObject(raw) && typeof raw.id === 'string' ? raw.id : undefined;
  const problem = (field: string, message: string) => problems.push({ position, id, field, message });
  if (!isPlainObject(raw)) {
    problem('event', 'must be a JSON object');
    return { problems };
  }
  if (typeof raw.id !== 'string' || raw.id.length === 0 || raw.id.length > MAX_ID) problem('id', `is required: a non-empty string of at most ${MAX_ID} characters`);
  if (typeof raw.caseId !== 'string' || raw.caseId.length === 0 || raw.caseId.length > MAX_ID) problem('caseId', `is required: a non-empty string of at most ${MAX_ID} characters`);
  const at = parseInstant(raw.at);
  if (at === null) problem('at', 'is required: an ISO-8601 instant with offset, e.g. 2025-03-01T09:30:00+01:00');
  const type = raw.type as EventType;
  if (!TYPES.has(type)) problem('type', `must be one of ${EVENT_TYPES.join(', ')}`);
  const data = raw.data === undefined ? {} : raw.data;
  if (nestingDepth(data, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    // Checked first: everything below walks `data`, and a value thousands of levels deep would
    // overflow the stack of JSON.stringify and PostgreSQL's jsonb input alike.
    problem('data', `nests deeper than ${MAX_JSON_DEPTH} levels`);
    return { problems };
  }
  if (!isPlainObject(data)) problem('data', 'must be an object');
  else if (TYPES.has(type)) CHECKS[type](data, problem);
  if (source === undefined || jsonMayHoldUnstorable(source)) {
    for (const field of ['id', 'caseId', 'type'] as const) {
      if (firstUnstorable(raw[field], field)) problem(field, UNSTORABLE_MESSAGE);
    }
    const badText = firstUnstorable(data, 'data');
    if (badText) problem(badText, UNSTORABLE_MESSAGE);
  }
  if ((source === undefined || source.length > SHORT_SOURCE) && JSON.stringify(data ?? {}).length > 100_000) problem('data', 'is larger than 100,000 characters');
  const unknown = Object.keys(raw).filter((k) => !EVENT_FIELDS.has(k));
  if (unknown.length) problem(unknown[0], `is not an event field; the fields are id, type, caseId, at, data`);
  if (problems.length) return { problems };
  return { event: { id: raw.id as string, type, caseId: raw.caseId as string, at: at as number, data: data as Record<string, unknown> }, problems };
}
