// Why: issue 5, item 7 ("bad input, measured"). The API is reachable by every front end and every
// ingesting system of a municipality, so every value a client can send must end in either an answer
// or a contract error (BAD_USER_INPUT, UNKNOWN_KPI, FORBIDDEN, UNAUTHENTICATED, TIMEOUT): never an
// INTERNAL_SERVER_ERROR, never SQL, a stack frame or a file path in the reply, and never a change to
// the database from input that was refused. fast-check generates thousands of random and hostile
// values (SQL fragments, 100k-character strings, odd Unicode, impossible dates, deep nesting, wrong
// types, huge lists, unknown names) and sends them over real HTTP, as a client would.
//
// The seed is fixed and printed; FUZZ_SEED=<n> replays another run, FUZZ_SCALE=<x> runs x times as many.
import fc from 'fast-check';
import type { Knex } from 'knex';
import { createHarness, Harness } from '../helpers/harness';
import { databaseLabel } from '../helpers/database';
import { generateDemoEvents } from '../../src/demo/generate';
import { readModelAndRebuild } from '../faults/support';

const SEED = Number(process.env.FUZZ_SEED || 20261204);
const SCALE = Number(process.env.FUZZ_SCALE || 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));

const ALLOWED_CODES = new Set(['BAD_USER_INPUT', 'UNKNOWN_KPI', 'FORBIDDEN', 'UNAUTHENTICATED', 'TIMEOUT']);

// ---- hostile values ------------------------------------------------------------------------------

const SQL = [
  "'; drop table events; --", "' or '1'='1", '" or ""="', "1; delete from cases", "'); select pg_sleep(5); --",
  "ooievaarspas' --", "x' union select id, case_id, type, at, data, received_at from events --", '$1', '%', '_', '\\', "E'\\\\x00'",
  '::text', '/*', '*/', '--', ';', "' || (select version()) || '", 'null', 'NULL', 'undefined', 'true', '0', '-1', '1e309', 'NaN', 'Infinity',
];
const NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '${jndi:ldap://x}', '{{7*7}}', '<script>alert(1)</script>', '../../../../etc/passwd', 'C:\\Windows\\win.ini', '%00', '%s%s%s%n'];
const UNICODE = [
  '\u202Eooievaarspas', '\u200F\u200E', 'a\u0000b', '\u0000', '\uD800', '\uDC00', 'x\uDBFF', '\uFEFF', '\u2028\u2029', '😀', '👩‍👩‍👧‍👦', 'e\u0301\u0301\u0301',
  'Z̷̢̛̪͚̞̺̹̖̞͇̰̈́̈́̋̃̚a̵͕̣̝̓l̵̡̝̗̺͚͐g̵̞̈́o̷̰̓', 'ﷺ', '\u180E', 'İı', 'ß', 'ǅ', '\t\n\r', ' ', '', 'ooievaarspas ', ' ooievaarspas', 'OOIEVAARSPAS', 'ооievaarspas',
];
const VALID_WORDS = ['ooievaarspas', 'parkeervergunning', 'ontvangen', 'in_behandeling', 'informatieverzoek', 'afgehandeld', 'behandelaar', 'senior', 'manager',
  'intake', 'beoordelen', 'informatie_opvragen', 'besluiten', 'termijnbrief', 'besluit', 'kanaal', 'digitaal', 'balie', 'medewerker-1', 'a.jansen'];

const huge = fc.constantFrom('x'.repeat(100_000), 'é'.repeat(50_000), '😀'.repeat(30_000), "'".repeat(100_000), '\u0301'.repeat(20_000));
const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SQL) },
  { weight: 2, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 3, arbitrary: fc.constantFrom(...UNICODE) },
  { weight: 4, arbitrary: fc.constantFrom(...VALID_WORDS) },
  { weight: 1, arbitrary: huge },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 190, maxLength: 260 }) },
);

/** A value of any JSON type, hostile numbers included. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0, true, false, null, {}, [], [[]], [{}], { a: 1 }, '', ' '),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  hostileString,
);

/**
 * Nesting that recursive code and JSON columns may not survive. JSON.stringify itself gives up on
 * such depths (this test is a client too), so a deep value travels as a token that `serialize`
 * expands into the raw JSON text of the request body.
 */
const DEEP = /"\\u0001deep:(\d+):(object|array)\\u0001"/g;
const deepToken = (depth: number, kind: 'object' | 'array') => `\u0001deep:${depth}:${kind}\u0001`;
function serialize(v: unknown): string {
  return JSON.stringify(v).replace(DEEP, (_m, d: string, k: string) => (k === 'object' ? '{"a":'.repeat(+d) + '"bottom"' + '}'.repeat(+d) : '['.repeat(+d) + '"bottom"' + ']'.repeat(+d)));
}
const deep = fc.tuple(fc.constantFrom(20, 200, 2_000, 20_000), fc.constantFrom<'object' | 'array'>('object', 'array')).map(([d, k]) => deepToken(d, k));

const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 2, arbitrary: wrongType },
  { weight: 1, arbitrary: deep },
);

const listOf = (item: fc.Arbitrary<unknown>) => fc.oneof(
  { weight: 6, arbitrary: fc.array(item, { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom(201, 1_000, 20_000).map((n) => Array.from({ length: n }, (_, i) => `v${i}`)) },
  { weight: 1, arbitrary: wrongType },
);

const DATES = [
  '2025-02-30T00:00:00Z', '2025-02-29T12:00:00Z', '2024-02-29T12:00:00Z', '0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z',
  '10000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '-271821-04-20T00:00:00Z', '2025-13-01T00:00:00Z', '2025-01-01T24:00:00Z', '2025-01-01T23:59:60Z',
  '2025-03-30T02:30:00+01:00', '2025-10-26T02:30:00+02:00', '2025-01-01', '2025-01-01T00:00:00', '2025-01-01T00:00:00+25:00', '2025-01-01T00:00:00.123456789Z',
  'now', 'today', '', '1735689600', '2025-W01', '2025-001', '1900-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '2038-01-19T03:14:08Z', '2200-01-01T00:00:00Z',
  '2025-01-01T00:00:00Z', '2025-04-01T00:00:00+02:00', '2025-05-15T12:00:00Z', '2025-06-01T00:00:00Z',
];
const dateValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...DATES) },
  { weight: 2, arbitrary: fc.date({ min: new Date('2024-06-01T00:00:00Z'), max: new Date('2025-07-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 1735689600, 1735689600000, 8.64e15, -8.64e15, 1e20, 1.5) },
  { weight: 1, arbitrary: wrongType },
);

const GRANULARITIES = ['HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'];
const RELATIVE = ['TODAY', 'YESTERDAY', 'THIS_WEEK', 'LAST_WEEK', 'THIS_MONTH', 'LAST_MONTH', 'THIS_QUARTER', 'LAST_QUARTER', 'THIS_YEAR', 'LAST_YEAR', 'LAST_7_DAYS', 'LAST_30_DAYS', 'LAST_90_DAYS', 'LAST_12_MONTHS'];
const GROUP_BY = ['CASE_TYPE', 'STATUS', 'ROLE', 'ASSIGNEE', 'TIMELINESS', 'STEP'];
const enumValue = (valid: string[]) => fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...valid) },
  { weight: 1, arbitrary: fc.constantFrom('hour', 'DAILY', 'NONE', 'ATTRIBUTE', '', 'ON_TIME ', 'ALL') },
  { weight: 1, arbitrary: wrongType },
);
const TIMEZONES = ['Europe/Amsterdam', 'UTC', 'Etc/GMT+12', 'Etc/GMT-14', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham', 'Mars/Olympus_Mons', '+01:00', 'CET',
  'Europe/Amsterdam\u0000', '../../../../etc/localtime', 'europe/amsterdam', 'Z', ''];

const period = fc.oneof(
  fc.record({ from: dateValue, to: dateValue }, { requiredKeys: [] }),
  fc.record({ relative: enumValue(RELATIVE) }),
  fc.record({ from: dateValue, to: dateValue, relative: enumValue(RELATIVE) }, { requiredKeys: [] }),
  wrongType,
);

/** DimensionsInput with every field optional and each value valid, odd, hostile or of the wrong type. */
const chaoticDimensions = fc.record({
  caseTypes: listOf(fc.oneof(fc.constantFrom('ooievaarspas', 'parkeervergunning'), hostileString)),
  period,
  granularity: enumValue(GRANULARITIES),
  statuses: listOf(hostileString),
  roles: listOf(hostileString),
  assignees: listOf(hostileString),
  timeliness: enumValue(['ON_TIME', 'OVERDUE']),
  steps: listOf(hostileString),
  caseId: fc.oneof(hostileString, wrongType),
  groupBy: listOf(enumValue(GROUP_BY)),
  asOf: dateValue,
  timezone: fc.oneof(fc.constantFrom(...TIMEZONES), hostileString),
  attributes: listOf(fc.record({ key: hostileString, values: listOf(hostileString) }, { requiredKeys: [] })),
  groupByAttributes: listOf(hostileString),
  [' evil']: anyJson,
}, { requiredKeys: [] });

/**
 * DimensionsInput that the API should accept, carrying hostile text where any text is allowed
 * (assignees, caseId, attribute values) and odd but valid instants and zones: these reach SQL.
 */
const inDataRange = fc.date({ min: new Date('2024-09-01T00:00:00Z'), max: new Date('2025-07-01T00:00:00Z'), noInvalidDate: true });
const subset = (values: string[], max = values.length) => fc.subarray(values, { minLength: 1, maxLength: max });
const acceptedDimensions = fc.record({
  caseTypes: fc.constant(['ooievaarspas']),
  period: fc.oneof(
    fc.tuple(inDataRange, fc.integer({ min: 1, max: 120 })).map(([from, days]) => ({ from: from.toISOString(), to: new Date(from.getTime() + days * 86_400_000).toISOString() })),
    fc.record({ relative: fc.constantFrom(...RELATIVE) }),
  ),
  granularity: fc.constantFrom('DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'),
  statuses: subset(['ontvangen', 'in_behandeling', 'informatieverzoek', 'afgehandeld'], 3),
  roles: subset(['behandelaar', 'senior', 'manager'], 2),
  assignees: fc.array(hostileString.filter((s) => s.length > 0 && s.length <= 200), { minLength: 1, maxLength: 3 }),
  timeliness: fc.constantFrom('ON_TIME', 'OVERDUE'),
  steps: subset(['intake', 'beoordelen', 'informatie_opvragen', 'besluiten'], 2),
  groupBy: subset(GROUP_BY, 2),
  asOf: fc.oneof(inDataRange.map((d) => d.toISOString()), fc.constantFrom('2025-03-30T01:59:59Z', '2025-03-30T02:00:00+02:00', '2025-10-26T00:59:59Z', '2024-12-31T23:00:00Z')),
  timezone: fc.constantFrom('Europe/Amsterdam', 'UTC', 'Etc/GMT+12', 'Etc/GMT-14', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham', 'Australia/Lord_Howe'),
  attributes: fc.array(fc.record({ key: fc.constant('kanaal'), values: fc.array(fc.oneof(fc.constantFrom('digitaal', 'balie'), hostileString.filter((s) => s.length > 0 && s.length <= 200)), { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 1 }),
}, { requiredKeys: [] });

/** The filters a dashboard viewer may set. */
const viewerDimensions = acceptedDimensions.map(({ period, granularity, roles, assignees, statuses, timeliness, steps }) =>
  Object.fromEntries(Object.entries({ period, granularity, roles, assignees, statuses, timeliness, steps }).filter(([, v]) => v !== undefined)));

const KPI_NAMES = ['openCases', 'overdueCases', 'openCaseLetters', 'caseLeadTime', 'inflow', 'outflow', 'closedLeadTime', 'onTimeRate', 'openTasks',
  'overdueTasks', 'completedTasks', 'taskDuration', 'werkvoorraad', 'aanvragenOverTermijn', 'termijnbrieven', 'doorlooptijdAanvraag', 'aanvragenPerKanaal', 'opgeschorteAanvragen'];
const kpiName = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KPI_NAMES) }, { weight: 1, arbitrary: hostileString }, { weight: 1, arbitrary: fc.constantFrom('opencases', 'openCases ', 'kpis', '__typename') });
/** A kpi request that should be answered: a real KPI, accepted dimensions, hostile text where text is free. */
const CASE_KPIS = ['caseLeadTime', 'doorlooptijdAanvraag'];
const acceptedKpiRequest = fc.tuple(fc.constantFrom(...KPI_NAMES), acceptedDimensions, hostileString.filter((s) => s.length > 0 && s.length <= 200))
  .map(([name, dims, caseId]) => ({
    name,
    dims: CASE_KPIS.includes(name) && dims.groupBy === undefined && dims.granularity === undefined ? { ...dims, caseId } : dims,
    params: name === 'openCaseLetters' ? { letterTypes: ['termijnbrief', 'besluit'] } : undefined,
  }));

const params = fc.oneof(
  fc.constant(undefined),
  fc.record({ letterTypes: listOf(hostileString) }, { requiredKeys: [] }),
  fc.dictionary(hostileString, anyJson, { maxKeys: 3 }),
  deep.map((d) => ({ letterTypes: d })),
  wrongType,
);

// ---- events --------------------------------------------------------------------------------------

const EVENT_TYPES = ['case.created', 'case.status_changed', 'case.assigned', 'case.suspended', 'case.resumed', 'case.deadline_extended', 'case.closed',
  'case.reopened', 'task.created', 'task.assigned', 'task.completed', 'letter.sent'];
const eventData = fc.oneof(
  fc.record({
    caseType: fc.oneof(fc.constantFrom('ooievaarspas', 'parkeervergunning', 'onbekend_proces'), hostileString, wrongType),
    status: fc.oneof(fc.constantFrom('ontvangen', 'afgehandeld'), hostileString, wrongType),
    reference: fc.oneof(hostileString, wrongType),
    deadline: dateValue,
    attributes: fc.oneof(fc.dictionary(hostileString, anyJson, { maxKeys: 3 }), deep, wrongType),
    assignee: fc.oneof(hostileString, wrongType),
    role: fc.oneof(hostileString, wrongType),
    taskId: fc.oneof(hostileString, wrongType),
    step: fc.oneof(hostileString, wrongType),
    dueAt: dateValue,
    letterType: fc.oneof(hostileString, wrongType),
    result: fc.oneof(hostileString, wrongType),
    reason: fc.oneof(hostileString, wrongType),
    [hostileKey()]: anyJson,
  }, { requiredKeys: [] }),
  deep.map((d) => ({ caseType: 'ooievaarspas', nested: d })),
  wrongType,
);
function hostileKey(): string {
  return 'x-\u0000-\'"-key';
}

let eventSeq = 0;
const event = fc.record({
  id: fc.oneof({ weight: 4, arbitrary: fc.constant(null).map(() => `fuzz-${++eventSeq}`) }, { weight: 2, arbitrary: hostileString }, { weight: 1, arbitrary: wrongType }),
  type: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...EVENT_TYPES) }, { weight: 1, arbitrary: hostileString }, { weight: 1, arbitrary: wrongType }),
  caseId: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('fuzz-case-1', 'fuzz-case-2', 'fuzz-case-3') }, { weight: 2, arbitrary: hostileString }, { weight: 1, arbitrary: wrongType }),
  at: dateValue,
  data: fc.oneof({ weight: 5, arbitrary: eventData }, { weight: 1, arbitrary: fc.constant(undefined) }),
}, { requiredKeys: ['id', 'type', 'caseId', 'at'] });
const events = fc.oneof(
  { weight: 8, arbitrary: fc.array(event, { minLength: 1, maxLength: 5 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 10_001).map((n) => Array.from({ length: n }, (_, i) => ({ id: `many-${i}`, type: 'case.created', caseId: `many-${i}`, at: '2025-05-01T09:00:00Z', data: { caseType: 'ooievaarspas' } }))) },
  { weight: 1, arbitrary: wrongType },
);

// ---- documents -----------------------------------------------------------------------------------

const KPI_QUERY = 'query K($name: String!, $dimensions: DimensionsInput, $params: JSONObject) { kpi(name: $name, dimensions: $dimensions, params: $params) { name unit value period { from to } points { bucket groups { by key label } value } } }';
const DASHBOARD_QUERY = 'query D($key: String!, $dimensions: DimensionsInput) { dashboard(key: $key, dimensions: $dimensions) { dashboard { key } widgets { widget { key } result { value points { value } } error { code message field } } } }';
const INGEST_QUERY = 'mutation I($events: [CaseEventInput!]!) { ingestEvents(events: $events) { received inserted duplicates casesRebuilt } }';
const CASE_QUERY = 'query C($id: String, $reference: String, $asOf: DateTime, $timezone: String) { case(id: $id, reference: $reference, asOf: $asOf, timezone: $timezone) { __typename } }';
const KPIS_QUERY = 'query L($caseType: String) { kpis(caseType: $caseType) { name } }';

/** A GraphQL string literal for any string (JSON escapes are GraphQL escapes). */
const lit = (s: string) => JSON.stringify(s);
const rawDocuments: fc.Arbitrary<string> = fc.oneof(
  hostileString.map((s) => `{ kpi(name: ${lit(s)}) { value } }`),
  hostileString.map((s) => `{ kpi(name: "openCases", dimensions: { caseId: ${lit(s)}, assignees: [${lit(s)}] }) { value } }`),
  hostileString.map((s) => `{ dashboard(key: ${lit(s)}) { widgets { error { code } } } }`),
  fc.integer({ min: 1, max: 400 }).map((n) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: kpi(name: "openCases") { value }`).join(' ')} }`),
  fc.integer({ min: 1, max: 60 }).map((n) => `{ kpis { ${'name '.repeat(n)} } }`),
  fc.integer({ min: 5, max: 3000 }).map((n) => `{ ${'kpis { '.repeat(n)}name${' }'.repeat(n)} }`),
  fc.constant('query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }'),
  fc.constant('{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name } } } } } } } }'),
  fc.constant('{ kpi(name: "openCases", dimensions: { period: { from: "2025-02-30T00:00:00Z" } }) { value } }'),
  fc.constant('{ kpi(name: "openCases", params: { letterTypes: [[[[[[["x"]]]]]]] }) { value } }'),
  fc.constant('{ kpi(name: "openCases", dimensions: { granularity: hour }) { value } }'),
  fc.constant('mutation { ingestEvents(events: [{ id: "raw-1", type: "case.created", caseId: "raw-case", at: "2025-02-30T10:00:00Z", data: { caseType: "ooievaarspas" } }]) { inserted } }'),
  fc.constant('subscription { kpi }'),
  fc.constant('{ kpi(name: "openCases") { value } } { kpis { name } }'),
  fc.string({ unit: 'binary', maxLength: 200 }),
  hostileString,
);

/** The string literals of a document (a client's own text, which an error may quote). */
function literalsOf(doc: string): string[] {
  const out: string[] = [];
  for (const m of doc.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    try {
      out.push(JSON.parse(`"${m[1]}"`));
    } catch {
      out.push(m[1]);
    }
  }
  return out;
}

/** Bodies that are not a proper GraphQL request at all. */
const rawBodies: fc.Arbitrary<{ body: string; contentType: string; headers?: Record<string, string> }> = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom('{bad json', '[1,2]', '"just a string"', 'null', '{"query": 123}', '{"query": null}', '{"query": "{ kpis { name } }", "variables": "x"}',
    '{"query": "{ kpis { name } }", "variables": [1]}', '{"query": "{ kpis { name } }", "operationName": 7}', '{"query": "{ kpis { name } }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "x"}}}',
    '{"__proto__": {"polluted": true}, "query": "{ kpis { name } }"}', '{"query": "{ kpis { name } }", "constructor": {"prototype": {"x": 1}}}', '')
    .map((body) => ({ body, contentType: 'application/json' })) },
  { weight: 5, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }).map((body) => ({ body, contentType: 'application/json' })) },
  { weight: 5, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/graphql')
    .map((contentType) => ({ body: '{"query": "{ kpis { name } }"}', contentType })) },
  { weight: 3, arbitrary: fc.constantFrom<Record<string, string>>({ 'content-encoding': 'gzip' }, { 'content-encoding': 'deflate' }, { 'content-encoding': 'x-unknown' }, { 'content-length': '5' }, { 'transfer-encoding': 'chunked, gzip' })
    .map((headers) => ({ body: '{"query": "{ kpis { name } }"}', contentType: 'application/json', headers })) },
  // Over the body limit (MAX_BODY_BYTES, 10 MiB by default).
  { weight: 1, arbitrary: fc.constant({ body: `{"query": "{ kpis { name } }", "pad": "${'x'.repeat(11 * 1024 * 1024)}"}`, contentType: 'application/json' }) },
);

// ---- checks --------------------------------------------------------------------------------------

/** Every string inside a value (the input), longest first, to tell an echo of the input from a leak. */
function stringsIn(v: unknown, out = new Set<string>(), depth = 0): Set<string> {
  if (depth > 50) return out;
  if (typeof v === 'string') {
    if (v.length >= 2) out.add(v);
  } else if (Array.isArray(v)) {
    for (const x of v.slice(0, 300)) stringsIn(x, out, depth + 1);
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v).slice(0, 300)) {
      if (k.length >= 2) out.add(k);
      stringsIn(x, out, depth + 1);
    }
  }
  return out;
}

const LEAKS: [string, RegExp][] = [
  ['SQL', /\bselect\b|\brelation\b|syntax error at|\binsert into\b|\bdelete from\b|\bviolates\b|duplicate key|invalid input syntax|\bSQLSTATE\b|\bpg_[a-z]|knex|out of range for type|stack depth/i],
  ['stack frame', /\n\s+at |\bat [\w$.<>]+ \(|\.(ts|js|mjs|cjs):\d+/],
  ['file path', /\/(work|home|usr|tmp|var|opt|root|app|src|node_modules)\/|[A-Z]:\\/],
  ['internal error text', /TypeError|ReferenceError|RangeError|Maximum call stack|Cannot read propert|is not a function|undefined is not|ECONN/],
];

export interface Failure { kind: string; input: unknown; detail: string }

/** Checks one reply; returns what is wrong with it, or null. */
function verdict(status: number, text: string, input: unknown): string | null {
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return `HTTP ${status}: the reply is not JSON: ${text.slice(0, 300)}`;
  }
  if (status >= 500) return `HTTP ${status}: ${text.slice(0, 300)}`;
  if (!body || typeof body !== 'object') return `reply is not an object: ${text.slice(0, 200)}`;
  const errors = body.errors as { message?: unknown; extensions?: Record<string, unknown> }[] | undefined;
  if (!errors) {
    if (body.data === undefined || body.data === null) return `neither data nor errors: ${text.slice(0, 200)}`;
    return null;
  }
  if (!Array.isArray(errors) || errors.length === 0) return `errors is not a non-empty list: ${text.slice(0, 200)}`;
  const echoes = [...stringsIn(input)].sort((a, b) => b.length - a.length);
  for (const e of errors) {
    const code = e.extensions?.code;
    if (typeof code !== 'string' || !ALLOWED_CODES.has(code)) return `error code ${String(code)}: ${String(e.message).slice(0, 300)}`;
    if (e.extensions && ('stacktrace' in e.extensions || 'exception' in e.extensions)) return `an error carries a stack trace: ${JSON.stringify(e).slice(0, 300)}`;
    // What is left of the error once the client's own strings (as sent, or quoted once or twice
    // by GraphQL's messages) are taken out of it.
    let own = `${String(e.message)}\n${JSON.stringify(e.extensions ?? {})}`;
    for (const s of echoes) {
      const once = JSON.stringify(s).slice(1, -1);
      const twice = JSON.stringify(once).slice(1, -1);
      for (const form of new Set([twice, once, s])) own = own.split(form).join('«input»');
    }
    for (const [what, re] of LEAKS) {
      const m = re.exec(own);
      if (m) return `${what} in an error (${JSON.stringify(m[0])}): ${own.slice(Math.max(0, m.index - 120), m.index + 180)}`;
    }
  }
  return null;
}

async function checksum(knex: Knex): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of ['events', 'case_types', 'cases', 'case_intervals', 'case_closings', 'letters', 'tasks', 'task_intervals', 'knex_migrations']) {
    const { rows } = await knex.raw(`select count(*)::int as n, md5(coalesce(string_agg(x, '|' order by x), '')) as h from (select to_jsonb(t)::text as x from ${table} t) s`);
    out[table] = `${rows[0].n}:${rows[0].h}`;
  }
  return out;
}

/** Long strings and deep tokens shortened, so a failure report stays readable. */
function brief(v: unknown): string {
  const text = JSON.stringify(v, (_k, x) => (typeof x === 'string' && x.length > 120 ? `${x.slice(0, 40)}…(${x.length} chars: ${JSON.stringify(x.slice(0, 3))}…)` : Array.isArray(x) && x.length > 20 ? [...x.slice(0, 5), `…${x.length} items`] : x));
  return text.length > 3000 ? `${text.slice(0, 3000)}…` : text;
}

/** fc.assert, with a counterexample report that does not print 100,000-character strings. */
async function check<T>(property: fc.IAsyncProperty<T>, params: fc.Parameters<T>): Promise<void> {
  const out = await fc.check(property, params);
  if (out.failed) {
    const cause = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
    throw new Error(`property failed after ${out.numRuns} run(s), shrunk ${out.numShrinks} time(s) (seed ${out.seed}, path "${out.counterexamplePath}")\n` +
      `minimal input: ${brief(out.counterexample)}\nfailure: ${cause.length > 2000 ? `${cause.slice(0, 2000)}…` : cause}`);
  }
}

// ---- the test ------------------------------------------------------------------------------------

// Thousands of HTTP round trips per test: minutes on a loaded shared machine, not the default 2.
jest.setTimeout(15 * 60_000);

describe(`hostile input over HTTP (${databaseLabel()})`, () => {
  let h: Harness;
  const counts = { tried: 0, answered: 0, refused: 0 };
  const perKind: Record<string, { tried: number; answered: number; refused: number; ms: number }> = {};
  const started = Date.now();

  /** Sends one request and checks the reply; throws (so fast-check shrinks the input) when it is wrong. */
  async function send(kind: string, payload: { query?: string; variables?: Record<string, unknown>; rawBody?: string; contentType?: string; headers?: Record<string, string> }, input: unknown): Promise<any> {
    const t0 = Date.now();
    const body = payload.rawBody ?? serialize({ query: payload.query, variables: payload.variables });
    let status: number;
    let text: string;
    try {
      const res = await fetch(`${h.url}/graphql`, { method: 'POST', headers: { 'content-type': payload.contentType ?? 'application/json', ...payload.headers }, body });
      status = res.status;
      text = await res.text();
    } catch (e) {
      // A header the client itself refuses to send (fetch checks some) is no test of the server.
      if (payload.headers) return { errors: [{ message: String(e) }] };
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`${kind}: no reply (${String(e)}${cause ? `: ${cause.code ?? ''} ${cause.message ?? ''}` : ''})`);
    }
    const k = (perKind[kind] ??= { tried: 0, answered: 0, refused: 0, ms: 0 });
    k.ms += Date.now() - t0;
    counts.tried++;
    k.tried++;
    const wrong = verdict(status, text, input);
    if (wrong) throw new Error(`${kind}: ${wrong}`);
    const parsed = JSON.parse(text);
    if (parsed.errors) {
      counts.refused++;
      k.refused++;
    } else {
      counts.answered++;
      k.answered++;
    }
    return parsed;
  }

  const opts = (offset: number, numRuns: number) => ({ seed: SEED + offset, numRuns });

  beforeAll(async () => {
    h = await createHarness();
    // Some real data, so that valid requests run real SQL.
    const demo = [...generateDemoEvents({ now: new Date('2025-06-01T00:00:00Z'), months: 3, scale: 0.05, seed: 1 })];
    await h.ingest(demo);
    process.stderr.write(`fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED}), database ${databaseLabel()}\n`);
  });

  afterAll(async () => {
    const s = ((Date.now() - started) / 1000).toFixed(1);
    const kinds = Object.entries(perKind).map(([k, v]) => `${k} ${v.tried} (${v.refused} refused, ${v.answered} answered, ${(v.ms / 1000).toFixed(1)} s)`).join('; ');
    process.stderr.write(`fuzz: ${counts.tried} hostile inputs tried on ${databaseLabel()} with seed ${SEED} in ${s} s: ${counts.refused} refused with a contract error, ${counts.answered} answered; ${kinds}\n`);
    await h?.close();
  });

  // Read requests first; none of them may change the database (checked after the last one).
  let readOnlyBefore: Record<string, string>;

  it('kpi(name, dimensions, params): a result or a contract error, for valid, odd and hostile input', async () => {
    readOnlyBefore = await checksum(h.db.knex);
    const kpiRequest = fc.oneof(
      { weight: 1, arbitrary: fc.record({ name: kpiName, dims: chaoticDimensions, params }) },
      { weight: 1, arbitrary: acceptedKpiRequest },
    );
    await check(fc.asyncProperty(kpiRequest, async ({ name, dims, params: p }) => {
      await send('kpi', { query: KPI_QUERY, variables: { name, dimensions: dims, params: p } }, { name, dims, p });
    }), opts(0, runs(1450)));
  });

  it('dashboard(key, dimensions): a result (every widget error a contract error too) or a contract error', async () => {
    await check(fc.asyncProperty(fc.oneof({ weight: 3, arbitrary: fc.constant('ooievaarspas') }, { weight: 1, arbitrary: hostileString }), fc.oneof(chaoticDimensions, viewerDimensions), async (key, dims) => {
      const r = await send('dashboard', { query: DASHBOARD_QUERY, variables: { key, dimensions: dims } }, { key, dims });
      // A dashboard answers per widget: a widget's error must be a contract error too.
      for (const w of r.data?.dashboard?.widgets ?? []) {
        if (w.error) {
          const wrong = verdict(200, JSON.stringify({ errors: [{ message: w.error.message, extensions: { code: w.error.code } }] }), { key, dims });
          if (wrong) throw new Error(`dashboard widget ${w.widget.key}: ${wrong}`);
        }
      }
    }), opts(1, runs(200)));
  });

  it('case(id, reference, asOf, timezone) and kpis(caseType): a result or a contract error', async () => {
    await check(fc.asyncProperty(
      fc.record({ id: fc.oneof(hostileString, wrongType), reference: fc.oneof(hostileString, wrongType), asOf: dateValue, timezone: fc.oneof(fc.constantFrom(...TIMEZONES), hostileString) }, { requiredKeys: [] }),
      async (vars) => {
        await send('case', { query: CASE_QUERY, variables: vars }, vars);
      },
    ), opts(2, runs(250)));
    await check(fc.asyncProperty(fc.oneof(hostileString, wrongType), async (caseType) => {
      await send('kpis', { query: KPIS_QUERY, variables: { caseType } }, { caseType });
    }), opts(3, runs(150)));
  });

  it('raw GraphQL documents (literals, aliases, nesting, fragments, garbage): a result or a contract error', async () => {
    await check(fc.asyncProperty(rawDocuments, async (doc) => {
      await send('document', { query: doc }, [doc, ...literalsOf(doc)]);
    }), opts(4, runs(300)));
  });

  it('request bodies and headers that are not a GraphQL request: a contract error, as JSON', async () => {
    await check(fc.asyncProperty(rawBodies, async ({ body, contentType, headers }) => {
      await send('body', { rawBody: body, contentType, headers }, body.length > 100_000 ? body.slice(0, 1000) : body);
    }), opts(5, runs(100)));
  });

  it('read requests left the database exactly as it was', async () => {
    expect(await checksum(h.db.knex)).toEqual(readOnlyBefore);
  });

  it('ingest: every reply is a result or a contract error; refused batches store nothing; the read model equals a rebuild', async () => {
    const storedBefore = new Set(((await h.db.knex('events').select('id')) as { id: string }[]).map((r) => r.id));
    const accepted = new Set<string>();

    await check(fc.asyncProperty(events, async (batch) => {
      const before = Array.isArray(batch) ? await h.db.knex('events').count<{ n: string }[]>({ n: '*' }) : null;
      const r = await send('ingest', { query: INGEST_QUERY, variables: { events: batch } }, batch);
      if (r.data?.ingestEvents) {
        for (const e of batch as { id: string }[]) accepted.add(e.id);
      } else if (before) {
        // Refused: not one event more.
        const after = await h.db.knex('events').count<{ n: string }[]>({ n: '*' });
        if (Number(after[0].n) !== Number(before[0].n)) throw new Error(`a refused batch changed the events table (${before[0].n} → ${after[0].n})`);
      }
    }), opts(6, runs(600)));

    await check(fc.asyncProperty(rawDocuments.filter((d) => d.includes('ingestEvents')), async (doc) => {
      await send('document', { query: doc }, [doc, ...literalsOf(doc)]);
    }), opts(7, runs(5)));

    // The log holds exactly what was there plus the accepted batches…
    const storedAfter = ((await h.db.knex('events').select('id')) as { id: string }[]).map((r) => r.id).sort();
    expect(storedAfter).toEqual([...new Set([...storedBefore, ...accepted])].sort());
    // …and no case is half written.
    const { before, rebuilt } = await readModelAndRebuild(h.db);
    expect(before).toEqual(rebuilt);
  });

  it(`tried at least ${runs(3000)} inputs`, () => {
    expect(counts.tried).toBeGreaterThanOrEqual(runs(3000));
  });
});
