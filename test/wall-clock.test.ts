// offsetAt (src/time/wall-clock.ts) settles whole days at once: the offset at a UTC day's start
// equals the one at the next day's start, so the day has it. This holds it to the platform's own
// Intl answer read at the start of the instant's quarter hour (the rule offsetAt keeps), around
// every change of offset of zones with unusual rules, and at random instants.
import fc from 'fast-check';
import { fromWall, offsetAt, toWall } from '../src/time/wall-clock';

const QUARTER = 15 * 60_000;
const DAY = 86_400_000;

const formats = new Map<string, Intl.DateTimeFormat>();

/** The reference: Intl's wall clock at the start of the quarter hour, minus that instant. */
function reference(ms: number, zone: string): number {
  const at = Math.floor(ms / QUARTER) * QUARTER;
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formats.set(zone, format);
  }
  const parts = format.formatToParts(new Date(at));
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - at;
}

// Summer time, none, half and three-quarter hours, negative summer time (Dublin), a summer time
// suspended for Ramadan (Casablanca), a day skipped (Apia, 2011), changes at midnight (Havana),
// whole-offset moves (Caracas 2007 and 2016, Pyongyang 2015 and 2018), two hours (Troll).
const ZONES = [
  'Europe/Amsterdam', 'Europe/London', 'Europe/Dublin', 'America/New_York', 'America/Sao_Paulo', 'America/Santiago',
  'America/St_Johns', 'America/Havana', 'America/Caracas', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Pacific/Apia',
  'Asia/Kolkata', 'Asia/Kathmandu', 'Asia/Tehran', 'Asia/Pyongyang', 'Asia/Gaza', 'Africa/Casablanca', 'Africa/Cairo',
  'Antarctica/Troll', 'Europe/Moscow', 'UTC',
];

describe('offsetAt', () => {
  it('equals Intl in every quarter hour of the days around each change of offset, 1995–2035', () => {
    let changes = 0;
    const wrong: string[] = [];
    for (const zone of ZONES) {
      let next = reference(Date.UTC(1995, 0, 1), zone);
      for (let day = Date.UTC(1995, 0, 1) / DAY; day < Date.UTC(2035, 0, 1) / DAY; day++) {
        const start = next;
        next = reference((day + 1) * DAY, zone);
        if (start === next) continue;
        changes++;
        for (let q = -96; q < 2 * 96; q++) {
          const ms = day * DAY + q * QUARTER + 7 * 60_000;
          const [got, want] = [offsetAt(ms, zone), reference(ms, zone)];
          if (got !== want) wrong.push(`${zone} ${new Date(ms).toISOString()}: ${got} instead of ${want}`);
        }
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    // Amsterdam alone changes twice a year; the list holds hundreds of changes in all.
    expect(changes).toBeGreaterThan(500);
  });

  it('equals Intl at random instants between 1900 and 2200', () => {
    const instant = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 11, 31) });
    fc.assert(fc.property(fc.constantFrom(...ZONES), instant, (zone, ms) => offsetAt(ms, zone) === reference(ms, zone)), { numRuns: 5_000 });
  });

  it('keeps the hand-checked Amsterdam changes of 2026', () => {
    // Summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
    expect(offsetAt(Date.UTC(2026, 2, 29, 0, 59), 'Europe/Amsterdam')).toBe(3_600_000);
    expect(offsetAt(Date.UTC(2026, 2, 29, 1, 0), 'Europe/Amsterdam')).toBe(7_200_000);
    expect(offsetAt(Date.UTC(2026, 9, 25, 0, 59), 'Europe/Amsterdam')).toBe(7_200_000);
    expect(offsetAt(Date.UTC(2026, 9, 25, 1, 0), 'Europe/Amsterdam')).toBe(3_600_000);
    // The wall clock: 02:30 on 29 March does not exist (moves to 03:30 summer time, 01:30 UTC);
    // 02:30 on 25 October occurs twice (the earlier, summer time: 00:30 UTC).
    expect(fromWall(Date.UTC(2026, 2, 29, 2, 30), 'Europe/Amsterdam')).toBe(Date.UTC(2026, 2, 29, 1, 30));
    expect(fromWall(Date.UTC(2026, 9, 25, 2, 30), 'Europe/Amsterdam')).toBe(Date.UTC(2026, 9, 25, 0, 30));
    expect(toWall(Date.UTC(2026, 5, 1, 10, 0), 'Europe/Amsterdam')).toBe(Date.UTC(2026, 5, 1, 12, 0));
  });

  it('answers at the ends of its day tables and beyond them, refuses NaN, and serves many zones', () => {
    for (const zone of ['Europe/Amsterdam', 'America/New_York']) {
      for (const ms of [Date.UTC(1898, 11, 31, 23, 59), Date.UTC(1899, 0, 1), Date.UTC(1899, 0, 1, 0, 1), Date.UTC(2201, 11, 31, 23, 59), Date.UTC(2202, 0, 1), Date.UTC(2250, 6, 1)]) {
        expect([zone, ms, offsetAt(ms, zone)]).toEqual([zone, ms, reference(ms, zone)]);
      }
    }
    expect(() => offsetAt(Number.NaN, 'Europe/Amsterdam')).toThrow(RangeError);
    // More zones than get day tables: the others are answered per quarter hour, the same.
    const zones = Intl.supportedValuesOf('timeZone').slice(0, 80);
    for (const zone of zones) {
      const ms = Date.UTC(2026, 6, 1, 12);
      expect([zone, offsetAt(ms, zone)]).toEqual([zone, reference(ms, zone)]);
    }
  });
});
