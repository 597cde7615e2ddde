// Why: an empty dashboard shows nothing, so a fresh install loads believable demo data: 15 months
// of Ooievaarspas and Parkeervergunning cases with the rhythm of a real municipal team (office
// hours, quiet Fridays, holidays, information requests, extensions, a tail of late cases and an
// open work stock that is partly overdue). The same options always give the same events, and
// events are produced one case at a time so memory stays flat however many months are asked.
import { dayjs } from '../time/zone';
import type { EventType } from '../ingest/events';
import { hashSeed, Random } from './random';

/** A plain ingest event (contract section 3). */
export interface RawEvent {
  id: string;
  type: EventType;
  caseId: string;
  at: string;
  data: Record<string, unknown>;
}

export interface DemoOptions {
  /** Events after this instant are not produced: cases then still open form the work stock. */
  now: Date;
  /** How far back arrivals start; default DEMO_MONTHS (15). */
  months?: number;
  /** Default 42. */
  seed?: number;
  /** IANA zone whose office hours and calendar the events follow; default Europe/Amsterdam. */
  zone?: string;
  /** Multiplies the number of arrivals; default 1. */
  scale?: number;
}

/**
 * The default history: 12 months that look like a steady team (every "last 12 months" view, a
 * year of weeks) plus 3 months in which the open work stock builds up from nothing: 95% of cases
 * are decided within 86 days, and the stock is at its steady ~900 cases from the third month on
 * (measured on the generator: 8, 593, 813, 903, 1,017, … open cases at the month starts).
 * Each month more costs the embedded first start about 1.5–2 s of loading.
 */
export const DEMO_MONTHS = 15;

const MINUTE = 60_000;
const DAY = 86_400_000;

// ---- local time ----------------------------------------------------------------------------
// Inside the generator a moment is "local ms": the wall clock of the zone written as if it were
// UTC. Day arithmetic is then plain integer arithmetic. Events only happen between 07:00 and
// 23:00, so the offset of a local day (taken at noon) is the offset of every event on that day.

const dayOf = (local: number): number => Math.floor(local / DAY);
const weekday = (day: number): number => (day + 4) % 7; // 0 = Sunday; day 0 was a Thursday
const localDate = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
const minuteOfDay = (local: number): number => Math.floor((local - dayOf(local) * DAY) / MINUTE);

class ZoneClock {
  private readonly offsets = new Map<number, number>();
  constructor(readonly zone: string) {}

  /** UTC offset in minutes on this local day. */
  offset(day: number): number {
    let minutes = this.offsets.get(day);
    if (minutes === undefined) {
      minutes = dayjs.tz(`${localDate(day)}T12:00:00`, this.zone).utcOffset();
      this.offsets.set(day, minutes);
    }
    return minutes;
  }

  instant(local: number): number {
    return local - this.offset(dayOf(local)) * MINUTE;
  }

  /** `2025-03-04T09:12:07+01:00` */
  format(local: number): string {
    const offset = this.offset(dayOf(local));
    const abs = Math.abs(offset);
    const sign = offset < 0 ? '-' : '+';
    const hh = String(Math.floor(abs / 60)).padStart(2, '0');
    const mm = String(abs % 60).padStart(2, '0');
    return `${new Date(local).toISOString().slice(0, 19)}${sign}${hh}:${mm}`;
  }
}

// ---- the Dutch working calendar --------------------------------------------------------------

const holidayCache = new Map<number, Set<number>>();

function easterDay(year: number): number {
  // Anonymous Gregorian algorithm.
  const a = year % 19, b = Math.floor(year / 100), c = year % 100;
  const d = Math.floor(b / 4), e = b % 4, f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day) / DAY;
}

function holidays(year: number): Set<number> {
  let set = holidayCache.get(year);
  if (!set) {
    const easter = easterDay(year);
    const kingsDay = Date.UTC(year, 3, 27) / DAY;
    set = new Set([
      Date.UTC(year, 0, 1) / DAY, // Nieuwjaarsdag
      easter + 1, // Tweede paasdag
      weekday(kingsDay) === 0 ? kingsDay - 1 : kingsDay, // Koningsdag
      easter + 39, // Hemelvaartsdag
      easter + 50, // Tweede pinksterdag
      Date.UTC(year, 11, 25) / DAY, Date.UTC(year, 11, 26) / DAY, // Kerstmis
    ]);
    holidayCache.set(year, set);
  }
  return set;
}

function isHoliday(day: number): boolean {
  return holidays(new Date(day * DAY).getUTCFullYear()).has(day);
}

/** Whether a local date (`2025-04-21`) is a public holiday in the demo calendar (no office work). */
export function isPublicHoliday(date: string): boolean {
  return isHoliday(Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY));
}

function isWorkday(day: number): boolean {
  const wd = weekday(day);
  return wd >= 1 && wd <= 5 && !isHoliday(day);
}

function workdayOnOrAfter(day: number): number {
  let d = day;
  while (!isWorkday(d)) d++;
  return d;
}

/** The n-th workday after `day` (n = 0: `day` itself when it is a workday). */
function addWorkdays(day: number, n: number): number {
  let d = workdayOnOrAfter(day);
  for (let i = 0; i < n; i++) d = workdayOnOrAfter(d + 1);
  return d;
}

// ---- staff -------------------------------------------------------------------------------------

type Weighted = readonly (readonly [string, number])[];

/** Part-timers carry a lower weight: they get fewer cases. */
const OP_BEHANDELAARS: Weighted = [
  ['Sanne de Vries', 10], ['Daan Jansen', 10], ['Fatima El Amrani', 8],
  ['Thijs Bakker', 10], ['Lotte Visser', 6], ['Mehmet Yilmaz', 9],
];
const OP_SENIORS = ['Ingrid Smit', 'Ruben Mulder', 'Priya Ramdin'];
const OP_MANAGERS = ['Marieke van Dijk', 'Johan de Boer'];
const PV_MEDEWERKERS: Weighted = [['Kees Vermeulen', 10], ['Noor Hendriks', 8], ['Bram de Graaf', 10], ['Yasmina Bouzid', 6]];
const PV_COORDINATORS = ['Femke Kuipers', 'Erik Brouwer'];

// ---- one case's story ------------------------------------------------------------------------

interface Draft { type: EventType; local: number; data: Record<string, unknown> }

/** Collects a case's events with a clock that only moves forward. */
class Story {
  readonly drafts: Draft[] = [];
  private cursor: number;
  private readonly counters = new Map<string, number>();

  constructor(private readonly r: Random, start: number) {
    this.cursor = start;
  }

  get day(): number { return dayOf(this.cursor); }
  get now(): number { return this.cursor; }

  /** A moment on `day` between the given minutes of the day; a little later when already there. */
  on(day: number, from = 8 * 60 + 30, to = 16 * 60 + 45): this {
    if (day > this.day) this.cursor = day * DAY + this.r.int(from * 60, to * 60) * 1000;
    else this.cursor += this.r.int(2 * 60, 40 * 60) * 1000;
    return this;
  }

  /** A few seconds or minutes later: the next action in the same sitting. */
  then(maxSeconds = 90): this {
    this.cursor += this.r.int(5, maxSeconds) * 1000;
    return this;
  }

  add(type: EventType, data: Record<string, unknown> = {}): this {
    this.drafts.push({ type, local: this.cursor, data });
    return this;
  }

  /** `beoordelen-1`, `beoordelen-2`, … */
  taskId(step: string): string {
    const n = (this.counters.get(step) ?? 0) + 1;
    this.counters.set(step, n);
    return `${step}-${n}`;
  }

  /** task.created (sometimes with its assignee, else a task.assigned right after). */
  createTask(step: string, role: string, assignee: string | null, dueAt?: string): string {
    const taskId = this.taskId(step);
    const inline = assignee !== null && this.r.chance(0.5);
    const data: Record<string, unknown> = { taskId, step, role };
    if (inline) data.assignee = assignee;
    if (dueAt) data.dueAt = dueAt;
    this.then().add('task.created', data);
    if (assignee !== null && !inline) this.then().add('task.assigned', { taskId, assignee });
    return taskId;
  }
}

/** An explicit due moment some days ahead: a local date, or an instant at 17:00. */
function explicitDue(r: Random, clock: ZoneClock, day: number, minDays: number, maxDays: number): string {
  const due = day + r.int(minDays, maxDays);
  return r.chance(0.5) ? localDate(due) : clock.format(due * DAY + 17 * 60 * MINUTE);
}

type Milestone = 'start' | 'info' | 'escalate' | 'reassign' | 'manager' | 'extend' | 'end';
/** At the same workday the work starts before anything else happens. */
const MILESTONE_ORDER: Milestone[] = ['start', 'info', 'escalate', 'reassign', 'manager', 'extend', 'end'];

function ooievaarspasStory(r: Random, clock: ZoneClock, reference: string, created: number): Story {
  const s = new Story(r, created);
  const day0 = dayOf(created);
  s.add('case.created', {
    caseType: 'ooievaarspas',
    reference,
    attributes: {
      kanaal: r.weighted([['digitaal', 72], ['balie', 17], ['post', 11]]),
      doelgroep: r.weighted([['minimum', 62], ['aow', 26], ['student', 12]]),
    },
  });
  const intake = s.createTask('intake', 'behandelaar', null);

  // The plan, in workdays on the legal clock (time suspended excluded) from the day of arrival.
  const result = r.weighted([['verstrekt', 86], ['geweigerd', 11], ['beeindigd', 3]]);
  const extended = r.chance(0.1);
  const assignAt = r.chance(0.06) ? r.int(5, 15) : r.weighted([[0, 60], [1, 30], [2, 10]]);
  const intakeDoneAt = assignAt + (r.chance(0.08) ? r.int(2, 4) : r.weighted([[0, 70], [1, 30]]));
  // ~12% of the cases without extension take longer than 8 weeks (40 workdays).
  const planned = extended ? r.int(36, 72) : Math.round(r.logNormal(18, 0.7));
  const total = Math.min(Math.max(planned, intakeDoneAt + 2), 120);
  const decideAt = total - r.int(1, Math.min(4, total - intakeDoneAt - 1));
  // After intake the case waits in its handler's work stock (no open task) until the assessment
  // starts; the assessment itself mostly fits its two-week step term.
  const assessing = Math.min(decideAt - intakeDoneAt, Math.max(1, Math.round(r.logNormal(7, 0.6))));
  const startAt = decideAt - assessing;

  const plan: { at: number; kind: Milestone }[] = [{ at: startAt, kind: 'start' }];
  const during = () => r.int(intakeDoneAt, decideAt - 1);
  if (r.chance(0.25)) plan.push({ at: r.int(startAt, startAt + Math.floor(assessing * 0.6)), kind: 'info' });
  if (r.chance(result === 'geweigerd' ? 0.5 : 0.1)) plan.push({ at: during(), kind: 'escalate' });
  if (r.chance(0.04)) plan.push({ at: during(), kind: 'reassign' });
  if (r.chance(0.02)) plan.push({ at: during(), kind: 'manager' });
  if (extended) plan.push({ at: Math.min(r.int(28, 34), decideAt - 1), kind: 'extend' });
  if (result === 'beeindigd') plan.push({ at: during(), kind: 'end' });
  plan.sort((a, b) => a.at - b.at || MILESTONE_ORDER.indexOf(a.kind) - MILESTONE_ORDER.indexOf(b.kind));

  // Workday n on the legal clock → local day; after a suspension the clock restarts at resumption.
  let resumeDay: number | null = null;
  let suspendedAt = 0;
  let suspendedDays = 0;
  const dayAt = (n: number) => (resumeDay === null ? addWorkdays(day0, n) : addWorkdays(resumeDay, Math.max(0, n - suspendedAt)));

  const close = (res: string) => {
    s.then().add('case.status_changed', { status: 'afgehandeld' });
    s.then().add('letter.sent', { letterType: 'besluit' });
    s.then().add('case.closed', { result: res });
  };
  const beoordelenDue = () => (r.chance(0.35) ? explicitDue(r, clock, s.day, 14, 21) : undefined);

  let holder = r.weighted(OP_BEHANDELAARS);
  let role = 'behandelaar';
  s.on(dayAt(assignAt)).add('case.assigned', { assignee: holder, role });
  s.then().add('case.status_changed', { status: 'in_behandeling' });
  s.then().add('task.assigned', { taskId: intake, assignee: holder });
  s.on(dayAt(intakeDoneAt)).add('task.completed', { taskId: intake });
  /** The open assessment task, if any. */
  let task: string | null = null;

  for (const m of plan) {
    const day = dayAt(m.at);
    switch (m.kind) {
      case 'start': {
        s.on(day);
        task = s.createTask('beoordelen', role, holder, beoordelenDue());
        break;
      }
      case 'info': {
        if (task) s.on(day).add('task.completed', { taskId: task });
        else s.on(day);
        const infoTask = s.createTask('informatie_opvragen', role, holder);
        s.then().add('letter.sent', { letterType: 'informatieverzoek' });
        s.then().add('case.suspended', { reason: 'informatieverzoek' });
        s.then().add('case.status_changed', { status: 'informatieverzoek' });
        const noResponse = r.chance(0.1);
        const wait = noResponse ? r.int(28, 35) : Math.min(30, Math.max(4, Math.round(r.normal(12, 4))));
        const suspendedDay = s.day;
        resumeDay = workdayOnOrAfter(suspendedDay + wait);
        suspendedAt = m.at;
        suspendedDays = resumeDay - suspendedDay;
        s.on(resumeDay).add('case.resumed', { reason: noResponse ? 'reactietermijn verstreken' : 'informatie ontvangen' });
        s.then().add('task.completed', { taskId: infoTask });
        if (noResponse) {
          close('afgebroken');
          return s;
        }
        s.then().add('case.status_changed', { status: 'in_behandeling' });
        task = s.createTask('beoordelen', role, holder, beoordelenDue());
        break;
      }
      case 'escalate': {
        holder = r.pick(OP_SENIORS);
        role = 'senior';
        s.on(day).add('case.assigned', { assignee: holder, role });
        if (task) s.then().add('task.assigned', { taskId: task, assignee: holder });
        break;
      }
      case 'reassign': {
        // A colleague takes over (leave, illness); sometimes the case first goes back to the queue.
        const pool = role === 'senior' ? OP_SENIORS : OP_BEHANDELAARS.map(([name]) => name);
        const other = r.pick(pool.filter((name) => name !== holder));
        let takeOver = day;
        if (r.chance(0.3)) {
          s.on(day).add('case.assigned', { assignee: null });
          takeOver = addWorkdays(day, r.int(1, 4));
        }
        holder = other;
        s.on(takeOver).add('case.assigned', { assignee: holder, role });
        if (task) s.then().add('task.assigned', { taskId: task, assignee: holder });
        break;
      }
      case 'manager': {
        // The manager looks at a sensitive case for a day or two and hands it back.
        s.on(day).add('case.assigned', { assignee: r.pick(OP_MANAGERS), role: 'manager' });
        s.on(addWorkdays(day, r.int(1, 3))).add('case.assigned', { assignee: holder, role });
        break;
      }
      case 'extend': {
        // Without a deadline the process's extension term (P6W) applies.
        const data = r.chance(0.6) ? {} : { deadline: localDate(day0 + 56 + suspendedDays + r.int(35, 45)) };
        s.on(day).add('case.deadline_extended', data);
        s.then().add('letter.sent', { letterType: 'termijnbrief' });
        break;
      }
      case 'end': {
        // The applicant withdraws or moves away.
        s.on(day);
        if (task) s.add('task.completed', { taskId: task });
        close('beeindigd');
        return s;
      }
    }
  }

  s.on(dayAt(decideAt));
  if (task) s.add('task.completed', { taskId: task });
  let decision = s.createTask('besluiten', role, holder, r.chance(0.25) ? explicitDue(r, clock, s.day, 5, 10) : undefined);
  s.on(dayAt(total)).add('task.completed', { taskId: decision });
  close(result);

  if (r.chance(0.012)) {
    // Reopened after a complaint or new facts, and decided again.
    const back = addWorkdays(s.day + 1, r.int(5, 20));
    s.on(back).add('case.reopened');
    s.then().add('case.status_changed', { status: 'in_behandeling' });
    task = s.createTask('beoordelen', role, holder);
    s.on(addWorkdays(back, r.int(2, 6))).add('task.completed', { taskId: task });
    decision = s.createTask('besluiten', role, holder);
    s.on(addWorkdays(s.day, r.int(1, 3))).add('task.completed', { taskId: decision });
    close(r.chance(0.7) ? 'verstrekt' : 'geweigerd');
  }
  return s;
}

function parkeervergunningStory(r: Random, clock: ZoneClock, reference: string, created: number): Story {
  const s = new Story(r, created);
  const day0 = dayOf(created);
  s.add('case.created', {
    caseType: 'parkeervergunning',
    reference,
    attributes: { zone: r.weighted([['centrum', 35], ['scheveningen', 25], ['overig', 40]]) },
  });
  s.then(60).add('letter.sent', { letterType: 'ontvangstbevestiging' });
  const check = s.createTask('kenteken_controleren', 'medewerker', null);

  // Staff work Monday to Friday; requests from the evening or the weekend wait for the next workday.
  const first = isWorkday(day0) && minuteOfDay(created) < 15 * 60 ? day0 : workdayOnOrAfter(day0 + 1);
  const w = (n: number) => addWorkdays(first, n);
  let holder = r.weighted(PV_MEDEWERKERS);
  let role = 'medewerker';
  const pickupAt = r.weighted([[0, 70], [1, 25], [2, 5]]);
  s.on(w(pickupAt)).add('case.assigned', { assignee: holder, role });
  s.then().add('case.status_changed', { status: 'controle' });
  s.then().add('task.assigned', { taskId: check, assignee: holder });
  const checkedAt = pickupAt + (r.chance(0.06) ? r.int(2, 4) : r.weighted([[0, 75], [1, 25]]));
  s.on(w(checkedAt)).add('task.completed', { taskId: check });
  if (r.chance(0.08)) {
    // Doubtful address or a second permit: the coordinator judges.
    holder = r.pick(PV_COORDINATORS);
    role = 'coordinator';
    s.then().add('case.assigned', { assignee: holder, role });
  }
  const judge = s.createTask('beoordelen', role, holder, r.chance(0.2) ? explicitDue(r, clock, s.day, 5, 8) : undefined);
  const judgedAt = checkedAt + (r.chance(0.07) ? r.int(4, 8) : r.int(0, 3));
  s.on(w(judgedAt)).add('task.completed', { taskId: judge });

  const decide = (status: string, result: string) => {
    s.then().add('case.status_changed', { status });
    s.then().add('letter.sent', { letterType: 'besluit' });
    s.then().add('case.closed', { result });
  };
  if (r.chance(0.12)) {
    decide('afgewezen', 'afgewezen');
    return s;
  }
  s.then().add('case.status_changed', { status: 'wacht_op_betaling' });
  s.then().add('letter.sent', { letterType: 'betaalverzoek' });
  const payment = s.createTask('betaling', 'medewerker', null);

  if (r.chance(0.012)) {
    // Never paid: after six weeks the request is withdrawn.
    s.on(workdayOnOrAfter(s.day + r.int(42, 49))).add('task.completed', { taskId: payment });
    decide('ingetrokken', 'ingetrokken');
    return s;
  }
  const quick = r.int(0, 4), slow = r.int(5, 13), late = r.int(15, 35);
  const paidDay = s.day + r.weighted([[quick, 70], [slow, 25], [late, 5]]);
  s.on(paidDay, 7 * 60, 22 * 60 + 30).add('task.completed', { taskId: payment });
  if (r.chance(0.6)) {
    s.then(600); // issued automatically on payment
  } else {
    s.on(workdayOnOrAfter(s.day + 1));
  }
  decide('verleend', 'verleend');
  return s;
}

// ---- arrivals ----------------------------------------------------------------------------------

/** Mean Ooievaarspas requests per weekday (Sunday … Saturday). */
const OP_PER_WEEKDAY = [0, 33, 31, 30, 30, 25, 0];
/** January brings the yearly renewals; summer and December are quiet. */
const OP_SEASON = [1.15, 1.05, 1, 1, 1, 1, 0.95, 0.88, 1, 1, 1, 0.92];
/** Weights of the hour of arrival; Ooievaarspas from 08:30 (office hours), parkeervergunning online. */
const OP_HOURS: Weighted = [['8', 4], ['9', 12], ['10', 14], ['11', 13], ['12', 8], ['13', 11], ['14', 12], ['15', 10], ['16', 6]];
const PV_HOURS: Weighted = [
  ['7', 2], ['8', 5], ['9', 8], ['10', 9], ['11', 9], ['12', 8], ['13', 8], ['14', 8],
  ['15', 7], ['16', 7], ['17', 6], ['18', 6], ['19', 7], ['20', 7], ['21', 5], ['22', 2],
];

interface Arrival { local: number; caseType: 'ooievaarspas' | 'parkeervergunning' }

function arrivalsOn(day: number, seed: number, scale: number): Arrival[] {
  const r = new Random(hashSeed(seed, 'arrivals', day));
  const wd = weekday(day);
  const month = new Date(day * DAY).getUTCMonth();
  const out: Arrival[] = [];
  const count = (mean: number, sd: number) => (mean <= 0 ? 0 : Math.max(0, Math.round(r.normal(mean, sd))));
  const at = (hours: Weighted, startMinute = 0) => {
    const hour = Number(r.weighted(hours));
    const minute = hour === 8 && hours === OP_HOURS ? r.int(30, 59) : r.int(startMinute, 59);
    return day * DAY + (hour * 60 + minute) * MINUTE + r.int(0, 59) * 1000;
  };

  const opMean = isHoliday(day) ? 0 : OP_PER_WEEKDAY[wd] * OP_SEASON[month] * scale;
  const op = count(opMean, opMean * 0.13);
  for (let i = 0; i < op; i++) out.push({ local: at(OP_HOURS), caseType: 'ooievaarspas' });

  const pvMean = wd === 0 ? 0 : (wd === 6 || isHoliday(day) ? 8 : 12) * scale;
  const pv = count(pvMean, pvMean * 0.22);
  for (let i = 0; i < pv; i++) out.push({ local: at(PV_HOURS), caseType: 'parkeervergunning' });

  return out.sort((a, b) => a.local - b.local);
}

// ---- the generator -----------------------------------------------------------------------------

/**
 * Demo events for both processes, one case after the other (each case's events in order of `at`),
 * cases in order of arrival. Only events at or before `now`.
 */
export function* generateDemoEvents(options: DemoOptions): Generator<RawEvent> {
  const zone = options.zone ?? 'Europe/Amsterdam';
  const months = options.months ?? DEMO_MONTHS;
  const seed = options.seed ?? 42;
  const scale = options.scale ?? 1;
  const nowMs = options.now.getTime();
  if (!Number.isFinite(nowMs)) throw new Error('generateDemoEvents: now is not a valid date');
  if (!(months > 0)) throw new Error('generateDemoEvents: months must be positive');
  if (!(scale >= 0)) throw new Error('generateDemoEvents: scale must not be negative');

  const clock = new ZoneClock(zone);
  const nowLocal = dayjs(nowMs).tz(zone);
  const startDate = nowLocal.subtract(months, 'month').format('YYYY-MM-DD');
  const firstDay = Math.floor(Date.parse(`${startDate}T00:00:00Z`) / DAY);
  const lastDay = Math.floor(Date.parse(`${nowLocal.format('YYYY-MM-DD')}T00:00:00Z`) / DAY);

  let opCount = 0;
  let pvCount = 0;
  const perYear = new Map<string, number>();
  const reference = (prefix: string, day: number) => {
    const key = `${prefix}-${new Date(day * DAY).getUTCFullYear()}`;
    const n = (perYear.get(key) ?? 0) + 1;
    perYear.set(key, n);
    return `${key}-${String(n).padStart(6, '0')}`;
  };

  for (let day = firstDay; day <= lastDay; day++) {
    for (const arrival of arrivalsOn(day, seed, scale)) {
      if (clock.instant(arrival.local) > nowMs) break;
      const op = arrival.caseType === 'ooievaarspas';
      const caseId = op ? `op-${String(++opCount).padStart(6, '0')}` : `pv-${String(++pvCount).padStart(6, '0')}`;
      const r = new Random(hashSeed(seed, caseId));
      const story = op
        ? ooievaarspasStory(r, clock, reference('OP', day), arrival.local)
        : parkeervergunningStory(r, clock, reference('PV', day), arrival.local);
      // Ids follow the story, so an event keeps its id whatever `now` cuts off.
      const drafts = story.drafts.map((d, n) => ({ ...d, n: n + 1 })).sort((a, b) => a.local - b.local || a.n - b.n);
      for (const d of drafts) {
        if (clock.instant(d.local) > nowMs) break;
        yield { id: `${caseId}-${String(d.n).padStart(2, '0')}`, type: d.type, caseId, at: clock.format(d.local), data: d.data };
      }
    }
  }
}
