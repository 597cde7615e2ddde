// Why: the demo data is what a new user sees first and what screenshots and bug reports are made
// with, so it must be valid, the same on every run, shaped like a real team's work, and loadable
// through the ordinary ingest path.
import { generateDemoEvents, isPublicHoliday, RawEvent } from '../src/demo/generate';
import { isEmpty, loadDemoData } from '../src/demo/load';
import { validateEvent, EventProblem } from '../src/ingest/events';
import { Database, migrate, openDatabase } from '../src/db/connection';
import { ProcessCatalog, PROCESSES } from '../src/processes';

const NOW = new Date('2026-03-15T14:00:00+01:00');
const OPTIONS = { now: NOW, months: 2 };

describe('generateDemoEvents', () => {
  let events: RawEvent[];
  beforeAll(() => {
    events = [...generateDemoEvents(OPTIONS)];
  });

  test('is deterministic for the same options', () => {
    const again: RawEvent[] = [];
    let count = 0;
    for (const e of generateDemoEvents({ ...OPTIONS })) {
      if (again.length < 500) again.push(e);
      count++;
    }
    expect(again).toEqual(events.slice(0, 500));
    expect(count).toBe(events.length);
    expect(events.length).toBeGreaterThan(10_000);
  });

  test('another seed gives other data', () => {
    const other = generateDemoEvents({ ...OPTIONS, seed: 7 });
    const first = Array.from({ length: 50 }, () => other.next().value as RawEvent);
    expect(first).not.toEqual(events.slice(0, 50));
  });

  test('every event passes validateEvent and ids are unique', () => {
    const problems: EventProblem[] = [];
    const ids = new Set<string>();
    events.forEach((e, i) => {
      problems.push(...validateEvent(e, i).problems);
      ids.add(e.id);
    });
    expect(problems.slice(0, 5)).toEqual([]);
    expect(ids.size).toBe(events.length);
  });

  test('no event is after now, and each carries the offset of Europe/Amsterdam', () => {
    const late = events.filter((e) => Date.parse(e.at) > NOW.getTime());
    expect(late).toEqual([]);
    const badOffset = events.filter((e) => !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/.test(e.at));
    expect(badOffset.slice(0, 3)).toEqual([]);
  });

  test('events come grouped per case, each case in order of at, starting with case.created', () => {
    const done = new Set<string>();
    const wrong: string[] = [];
    let current = '';
    let previousAt = 0;
    for (const e of events) {
      if (e.caseId !== current) {
        if (done.has(e.caseId)) wrong.push(`${e.id}: case ${e.caseId} comes back after another case`);
        if (e.type !== 'case.created') wrong.push(`${e.id}: a case starts with ${e.type}`);
        done.add(e.caseId);
        current = e.caseId;
        previousAt = 0;
      }
      const at = Date.parse(e.at);
      if (at < previousAt) wrong.push(`${e.id}: before the previous event of its case`);
      previousAt = at;
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect([...done].some((id) => id.startsWith('op-'))).toBe(true);
    expect([...done].some((id) => id.startsWith('pv-'))).toBe(true);
  });

  test('Ooievaarspas requests arrive on workdays, 20–40 a day on average per weekday', () => {
    const perDate = new Map<string, number>();
    for (const e of events) {
      if (e.type === 'case.created' && e.data.caseType === 'ooievaarspas') {
        const date = e.at.slice(0, 10); // `at` is local time in the zone
        perDate.set(date, (perDate.get(date) ?? 0) + 1);
      }
    }
    const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
    for (const [date, n] of perDate) {
      if (weekday(date) === 0 || weekday(date) === 6) throw new Error(`${n} Ooievaarspas arrivals on weekend day ${date}`);
    }

    // Every whole day of the run, except the (partial) first and last day and public holidays.
    const dates = [...perDate.keys()].sort();
    const first = Date.parse(`${dates[0]}T00:00:00Z`) + 86_400_000;
    const last = Date.parse(`${NOW.toISOString().slice(0, 10)}T00:00:00Z`) - 86_400_000;
    const totals = [0, 0, 0, 0, 0, 0, 0];
    const days = [0, 0, 0, 0, 0, 0, 0];
    for (let t = first; t <= last; t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      if (isPublicHoliday(date)) continue;
      totals[weekday(date)] += perDate.get(date) ?? 0;
      days[weekday(date)]++;
    }
    for (let wd = 1; wd <= 5; wd++) {
      expect(days[wd]).toBeGreaterThan(4);
      const mean = totals[wd] / days[wd];
      expect(mean).toBeGreaterThanOrEqual(20);
      expect(mean).toBeLessThanOrEqual(40);
    }
    // Fridays are quieter than Mondays.
    expect(totals[5] / days[5]).toBeLessThan(totals[1] / days[1]);
  });

  test('the process flow shows the expected variety', () => {
    const types = new Map<string, number>();
    const results = new Set<unknown>();
    const letters = new Set<unknown>();
    for (const e of events) {
      types.set(e.type, (types.get(e.type) ?? 0) + 1);
      if (e.type === 'case.closed') results.add(e.data.result);
      if (e.type === 'letter.sent') letters.add(e.data.letterType);
    }
    for (const type of ['case.suspended', 'case.resumed', 'case.deadline_extended', 'task.created', 'task.completed', 'case.assigned']) {
      expect(types.get(type) ?? 0).toBeGreaterThan(0);
    }
    for (const r of ['verstrekt', 'geweigerd', 'verleend', 'afgewezen']) expect(results.has(r)).toBe(true);
    for (const l of ['informatieverzoek', 'termijnbrief', 'besluit', 'ontvangstbevestiging', 'betaalverzoek']) expect(letters.has(l)).toBe(true);
  });
});

describe('loadDemoData', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({});
    await migrate(db);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  test('loads two months into an empty database through ingest', async () => {
    const ctx = { knex: db.knex, catalog: new ProcessCatalog(PROCESSES), zone: 'Europe/Amsterdam' };
    expect(await isEmpty(db.knex)).toBe(true);

    const loaded = await loadDemoData(ctx, { ...OPTIONS, batchSize: 2000 });
    const expected = [...generateDemoEvents(OPTIONS)];
    expect(loaded.events).toBe(expected.length);
    expect(loaded.cases).toBe(new Set(expected.map((e) => e.caseId)).size);
    expect(await isEmpty(db.knex)).toBe(false);

    const op = await db.knex.raw(`select count(*)::int as n from cases where case_type = 'ooievaarspas'`);
    expect(op.rows[0].n).toBeGreaterThan(0);
    const overdueOpen = await db.knex.raw('select count(*)::int as n from case_intervals where overdue = true and is_open = true');
    expect(overdueOpen.rows[0].n).toBeGreaterThan(0);
    const stored = await db.knex.raw('select count(*)::int as n from events');
    expect(stored.rows[0].n).toBe(loaded.events);
  }, 180_000);
});
