// Why: deadlines are "start + term" on the wall clock of DEFAULT_TIMEZONE (src/time/duration.ts).
// addDuration does its own calendar arithmetic (no dayjs objects: the importer computes it for every
// deadline), so the calendar rules are pinned here on figures worked out by hand.
import { addDuration, parseDuration } from '../src/time/duration';

const AMS = 'Europe/Amsterdam';
const at = (iso: string, term: string, zone = AMS) => new Date(addDuration(Date.parse(iso), parseDuration(term)!, zone)).toISOString();

describe('addDuration', () => {
  it('keeps the local time of day across a DST change (8 weeks from CET into CEST)', () => {
    // 10 March 09:00 CET (08:00Z) + 56 days = 5 May 09:00 CEST (07:00Z).
    expect(at('2025-03-10T09:00:00+01:00', 'P8W')).toBe('2025-05-05T07:00:00.000Z');
  });
  it('adds clock parts as elapsed time and days as calendar days', () => {
    // The night of 29→30 March 2025 has 23 hours in Amsterdam.
    expect(at('2025-03-29T12:00:00+01:00', 'PT24H')).toBe('2025-03-30T11:00:00.000Z');
    expect(at('2025-03-29T12:00:00+01:00', 'P1D')).toBe('2025-03-30T10:00:00.000Z');
  });
  it('clamps a month to its last day', () => {
    expect(at('2025-01-31T12:00:00+01:00', 'P1M')).toBe('2025-02-28T11:00:00.000Z');
    expect(at('2024-01-31T12:00:00+01:00', 'P1M')).toBe('2024-02-29T11:00:00.000Z');
    expect(at('2025-08-31T12:00:00+02:00', 'P13M')).toBe('2026-09-30T10:00:00.000Z');
  });
  it('adds years before months, each clamped (29 February + 1 year 1 month = 28 March)', () => {
    // 2024-02-29 + P1Y → 2025-02-28, + P1M → 2025-03-28 (CET, 12:00 local = 11:00Z).
    expect(at('2024-02-29T12:00:00+01:00', 'P1Y1M')).toBe('2025-03-28T11:00:00.000Z');
  });
  it('crosses a year end in a zone west of UTC', () => {
    // 15 Dec 2025 18:00 EST + 3 weeks = 5 Jan 2026 18:00 EST (23:00Z).
    expect(at('2025-12-15T18:00:00-05:00', 'P3W', 'America/New_York')).toBe('2026-01-05T23:00:00.000Z');
  });
});
