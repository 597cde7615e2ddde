// parseInstant (src/ingest/events.ts) reads the common instant shape by hand, for speed. This holds
// it to the contract's rule as it stood before: the ISO-8601 pattern with an explicit offset, a
// real calendar date and time, and the platform's Date.parse for the value.
import fc from 'fast-check';
import { parseInstant } from '../../src/ingest/events';
import { MAX_YEAR, MIN_YEAR } from '../../src/input/instant-range';

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function reference(value: string): number | null {
  const m = INSTANT.exec(value);
  if (!m) return null;
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1 || d > (mo === 2 && leap ? 29 : DAYS[mo - 1])) return null;
  if (+m[4] > 23 || +m[5] > 59 || (m[6] !== undefined && +m[6] > 59)) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

describe('parseInstant', () => {
  it('reads the hand-checked texts', () => {
    expect(parseInstant('2025-03-01T09:00:00+01:00')).toBe(Date.UTC(2025, 2, 1, 8));
    expect(parseInstant('2025-03-01T09:00:00.250Z')).toBe(Date.UTC(2025, 2, 1, 9, 0, 0, 250));
    expect(parseInstant('2024-02-29T23:59:59-05:30')).toBe(Date.UTC(2024, 2, 1, 5, 29, 59));
    expect(parseInstant('2025-03-01T09:00Z')).toBe(Date.UTC(2025, 2, 1, 9));
    expect(parseInstant('2025-03-01T09:00:00.1Z')).toBe(Date.UTC(2025, 2, 1, 9, 0, 0, 100));
    for (const bad of ['2025-02-29T09:00:00Z', '2025-03-01T24:00:00Z', '2025-03-01T09:60:00Z', '2025-03-01T09:00:60Z', '2025-03-01 09:00:00Z',
      '2025-03-01T09:00:00', '1899-12-31T23:59:59Z', '2201-01-01T00:00:00Z', '2025-3-01T09:00:00Z', '2025-03-01T09:00:00+0100', '']) {
      expect([bad, parseInstant(bad)]).toEqual([bad, null]);
    }
  });

  it('gives what the pattern and Date.parse give, for valid and broken instants alike', () => {
    const part = (max: number, w: number) => fc.oneof(fc.integer({ min: 0, max }).map((n) => pad(n, w)), fc.constantFrom('0x'.slice(0, w), 'ab'.slice(0, w), ' 1'.slice(0, w)));
    const fraction = fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 999_999_999 }).chain((n) => fc.integer({ min: 1, max: 9 }).map((w) => `.${pad(n, 9).slice(0, w)}`)), fc.constant('.'));
    const offset = fc.oneof(fc.constant('Z'), fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 75 })).map(([s, h, m]) => `${s}${pad(h, 2)}:${pad(m, 2)}`), fc.constantFrom('', 'z', '+01', '+0100', '+1:00'));
    const text = fc.tuple(fc.integer({ min: 1850, max: 2250 }).map((y) => pad(y, 4)), part(13, 2), part(32, 2), fc.constantFrom('T', 't', ' '), part(25, 2), part(61, 2), fc.oneof(part(61, 2).map((s) => `:${s}`), fc.constant('')), fraction, offset)
      .map(([y, mo, d, t, h, mi, s, f, o]) => `${y}-${mo}-${d}${t}${h}:${mi}${s}${s ? f : ''}${o}`);
    fc.assert(fc.property(text, (value) => parseInstant(value) === reference(value)), { numRuns: 50_000 });
  });
});
