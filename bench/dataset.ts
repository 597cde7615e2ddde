// Why: the benchmark needs large, reproducible Ooievaarspas histories at a *constant* arrival rate
// (the demo generator follows office hours and seasons, which would make "36 months vs 18 months"
// compare different workloads). Cases are numbered backwards from `now` (bc-0000001 arrives just
// before now), so a dataset of N/2 cases over 18 months holds exactly the most recent half of the
// N-case, 36-month dataset with identical stories: the same work stock, only less history.
import fs from 'node:fs';
import { once } from 'node:events';
import { dayjs } from '../src/time/zone';
import { hashSeed, Random } from '../src/demo/random';
import type { EventType } from '../src/ingest/events';

/** Bump when the stories change: a cached database built by another version is rebuilt. */
export const GENERATOR_VERSION = 3;

export interface RawEvent {
  id: string;
  type: EventType;
  caseId: string;
  at: string;
  data: Record<string, unknown>;
}

export interface DatasetSpec {
  cases: number;
  months: number;
  /** The bench's fixed "now" (epoch ms): arrivals end here, later events are cut off. */
  now: number;
  seed: number;
  zone: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Start of the arrival window: `months` calendar months before now, in the zone. */
export function windowStart(now: number, months: number, zone: string): number {
  return dayjs(now).tz(zone).subtract(months, 'month').valueOf();
}

/** Milliseconds between two arrivals. */
export function arrivalInterval(spec: DatasetSpec): number {
  return (spec.now - windowStart(spec.now, spec.months, spec.zone)) / spec.cases;
}

/** Cases over `months` at the same arrival rate as `base` (N/2 over 18 months for N over 36). */
export function casesAtSameRate(base: DatasetSpec, months: number): number {
  const span = base.now - windowStart(base.now, months, base.zone);
  return Math.round(span / arrivalInterval(base));
}

export const caseIdOf = (k: number) => `bc-${String(k).padStart(7, '0')}`;

const BEHANDELAARS = ['Sanne de Vries', 'Daan Jansen', 'Fatima El Amrani', 'Thijs Bakker', 'Lotte Visser', 'Mehmet Yilmaz', 'Anouk Peters', 'Joost Kok'];
const SENIORS = ['Ingrid Smit', 'Ruben Mulder', 'Priya Ramdin'];
const MANAGERS = ['Marieke van Dijk', 'Johan de Boer'];

interface Draft { type: EventType; at: number; data: Record<string, unknown> }

/**
 * One Ooievaarspas case's full story from its arrival: intake, assessment (with a ~25% chance of
 * an information request that suspends the legal clock until it is answered), escalation to a
 * senior (~10%), an extension with a termijnbrief (~10%), a decision task, the decision (status,
 * besluit letter, closing) and a few reopenings (~1.5%). Active handling time is log-normal around
 * 3 weeks (at 100,000 cases: 5% of the closings late, ~3,000 cases open at now).
 */
export function caseStory(caseId: string, reference: string, created: number, seed: number): Draft[] {
  const r = new Random(hashSeed(seed, caseId));
  const out: Draft[] = [];
  let t = created;
  const add = (type: EventType, data: Record<string, unknown> = {}) => out.push({ type, at: t, data });
  const later = (minMs: number, maxMs: number) => { t += r.int(minMs, maxMs); };
  const soon = () => later(5_000, 120_000);
  const counters = new Map<string, number>();
  const taskId = (step: string) => {
    const n = (counters.get(step) ?? 0) + 1;
    counters.set(step, n);
    return `${step}-${n}`;
  };

  add('case.created', {
    caseType: 'ooievaarspas',
    reference,
    attributes: {
      kanaal: r.weighted([['digitaal', 72], ['balie', 17], ['post', 11]]),
      doelgroep: r.weighted([['minimum', 62], ['aow', 26], ['student', 12]]),
    },
  });
  const intake = taskId('intake');
  soon();
  add('task.created', { taskId: intake, step: 'intake', role: 'behandelaar' });

  let holder = r.pick(BEHANDELAARS);
  let role = 'behandelaar';
  later(HOUR, r.chance(0.1) ? 6 * DAY : 2 * DAY);
  add('case.assigned', { assignee: holder, role });
  soon();
  add('case.status_changed', { status: 'in_behandeling' });
  soon();
  add('task.assigned', { taskId: intake, assignee: holder });
  later(2 * HOUR, r.chance(0.08) ? 6 * DAY : 3 * DAY);
  add('task.completed', { taskId: intake });

  const extended = r.chance(0.1);
  // Active handling time (legal clock running), in days.
  const handling = extended ? r.uniform(58, 90) : Math.min(150, Math.max(3, r.logNormal(20, 0.65)));
  const decideAfter = created + handling * DAY;

  later(HOUR, 4 * DAY);
  let task = taskId('beoordelen');
  const due = r.chance(0.35) ? { dueAt: new Date(t + r.int(14, 21) * DAY).toISOString() } : {};
  add('task.created', { taskId: task, step: 'beoordelen', role, assignee: holder, ...due });

  let suspendedMs = 0;
  const plan: { at: number; kind: 'info' | 'escalate' | 'manager' | 'extend' }[] = [];
  const span = Math.max(DAY, decideAfter - t);
  if (r.chance(0.25)) plan.push({ at: t + r.uniform(0.1, 0.6) * span, kind: 'info' });
  if (r.chance(0.1)) plan.push({ at: t + r.uniform(0.1, 0.9) * span, kind: 'escalate' });
  if (r.chance(0.02)) plan.push({ at: t + r.uniform(0.1, 0.9) * span, kind: 'manager' });
  if (extended) plan.push({ at: created + r.uniform(45, 54) * DAY, kind: 'extend' });
  plan.sort((a, b) => a.at - b.at);

  for (const m of plan) {
    t = Math.max(t + 60_000, m.at + suspendedMs);
    switch (m.kind) {
      case 'info': {
        add('task.completed', { taskId: task });
        const info = taskId('informatie_opvragen');
        soon();
        add('task.created', { taskId: info, step: 'informatie_opvragen', role, assignee: holder });
        soon();
        add('letter.sent', { letterType: 'informatieverzoek' });
        soon();
        add('case.suspended', { reason: 'informatieverzoek' });
        soon();
        add('case.status_changed', { status: 'informatieverzoek' });
        const wait = r.chance(0.1) ? r.uniform(28, 35) * DAY : Math.max(3, r.normal(12, 4)) * DAY;
        suspendedMs += wait;
        t += wait;
        add('case.resumed', { reason: 'informatie ontvangen' });
        soon();
        add('task.completed', { taskId: info });
        soon();
        add('case.status_changed', { status: 'in_behandeling' });
        task = taskId('beoordelen');
        soon();
        add('task.created', { taskId: task, step: 'beoordelen', role, assignee: holder });
        break;
      }
      case 'escalate': {
        holder = r.pick(SENIORS);
        role = 'senior';
        add('case.assigned', { assignee: holder, role });
        soon();
        add('task.assigned', { taskId: task, assignee: holder });
        break;
      }
      case 'manager': {
        add('case.assigned', { assignee: r.pick(MANAGERS), role: 'manager' });
        later(DAY, 3 * DAY);
        add('case.assigned', { assignee: holder, role });
        break;
      }
      case 'extend': {
        // Without a deadline the process's extension term (P6W) applies.
        add('case.deadline_extended', {});
        soon();
        add('letter.sent', { letterType: 'termijnbrief' });
        break;
      }
    }
  }

  t = Math.max(t + HOUR, decideAfter + suspendedMs - 2 * DAY);
  add('task.completed', { taskId: task });
  let decision = taskId('besluiten');
  soon();
  add('task.created', { taskId: decision, step: 'besluiten', role, assignee: holder });
  later(4 * HOUR, 4 * DAY);
  add('task.completed', { taskId: decision });
  const close = (result: string) => {
    soon();
    add('case.status_changed', { status: 'afgehandeld' });
    soon();
    add('letter.sent', { letterType: 'besluit' });
    soon();
    add('case.closed', { result });
  };
  close(r.weighted([['verstrekt', 86], ['geweigerd', 11], ['beeindigd', 3]]));

  if (r.chance(0.015)) {
    later(5 * DAY, 20 * DAY);
    add('case.reopened');
    soon();
    add('case.status_changed', { status: 'in_behandeling' });
    task = taskId('beoordelen');
    soon();
    add('task.created', { taskId: task, step: 'beoordelen', role, assignee: holder });
    later(2 * DAY, 6 * DAY);
    add('task.completed', { taskId: task });
    decision = taskId('besluiten');
    soon();
    add('task.created', { taskId: decision, step: 'besluiten', role, assignee: holder });
    later(DAY, 3 * DAY);
    add('task.completed', { taskId: decision });
    close(r.chance(0.7) ? 'verstrekt' : 'geweigerd');
  }
  return out;
}

/** The events of one case up to `now`, with ids that do not depend on `now`. */
export function caseEvents(caseId: string, reference: string, created: number, seed: number, now: number): RawEvent[] {
  const out: RawEvent[] = [];
  const drafts = caseStory(caseId, reference, created, seed);
  for (let n = 0; n < drafts.length; n++) {
    const d = drafts[n];
    if (d.at > now) break; // stories only move forward
    out.push({ id: `${caseId}-${String(n + 1).padStart(2, '0')}`, type: d.type, caseId, at: new Date(d.at).toISOString(), data: d.data });
  }
  return out;
}

/** Every case of the dataset, oldest arrival first, each with its events in order of `at`. */
export function* datasetCases(spec: DatasetSpec): Generator<RawEvent[]> {
  const interval = arrivalInterval(spec);
  for (let k = spec.cases; k >= 1; k--) {
    const caseId = caseIdOf(k);
    const jitter = new Random(hashSeed(spec.seed, 'arrival', k)).uniform(-0.45, 0.45);
    const created = Math.round(spec.now - (k - 0.5 + jitter) * interval);
    yield caseEvents(caseId, `OP-${String(k).padStart(7, '0')}`, created, spec.seed, spec.now);
  }
}

/** A value of PostgreSQL's COPY text format. */
const copyText = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

export interface WrittenDataset {
  ndjson: string;
  copyFile: string;
  cases: number;
  events: number;
  bytes: number;
  seconds: number;
}

/**
 * Streams the dataset to an NDJSON file (for the importer) and, event for event, to a COPY text
 * file with the columns of `events` (for the plain-COPY baseline). Memory stays flat.
 */
export async function writeDataset(spec: DatasetSpec, ndjson: string, copyFile: string): Promise<WrittenDataset> {
  const started = Date.now();
  const a = fs.createWriteStream(ndjson, { highWaterMark: 1 << 20 });
  const b = fs.createWriteStream(copyFile, { highWaterMark: 1 << 20 });
  let events = 0;
  let cases = 0;
  let bytes = 0;
  let bufA: string[] = [];
  let bufB: string[] = [];
  const flush = async () => {
    a.write(bufA.join(''));
    b.write(bufB.join(''));
    bufA = [];
    bufB = [];
    // Check each stream after the other's wait: a 'drain' that already fired is not awaited.
    if (a.writableNeedDrain) await once(a, 'drain');
    if (b.writableNeedDrain) await once(b, 'drain');
  };
  for (const list of datasetCases(spec)) {
    cases++;
    for (const e of list) {
      const data = JSON.stringify(e.data);
      const line = `{"id":${JSON.stringify(e.id)},"type":"${e.type}","caseId":${JSON.stringify(e.caseId)},"at":"${e.at}","data":${data}}\n`;
      bytes += line.length;
      bufA.push(line);
      bufB.push(`${copyText(e.id)}\t${copyText(e.caseId)}\t${e.type}\t${e.at}\t${copyText(data)}\n`);
      events++;
    }
    if (bufA.length >= 5000) await flush();
  }
  await flush();
  a.end();
  b.end();
  await Promise.all([once(a, 'finish'), once(b, 'finish')]);
  return { ndjson, copyFile, cases, events, bytes, seconds: (Date.now() - started) / 1000 };
}

/**
 * New cases for the ingest scenario: `count` events of cases that arrived in the 60 days before
 * `now` (ids `prefix-…`), cut at `now` like every other case and at `count` events in all.
 */
export function ingestBatch(prefix: string, count: number, now: number, seed: number): RawEvent[] {
  const out: RawEvent[] = [];
  const r = new Random(hashSeed(seed, prefix));
  for (let j = 1; out.length < count; j++) {
    const caseId = `${prefix}-${j}`;
    const created = now - Math.round(r.uniform(0.1, 60) * DAY);
    for (const e of caseEvents(caseId, `BI-${prefix}-${j}`, created, seed, now)) {
      if (out.length >= count) break;
      out.push(e);
    }
  }
  return out;
}
