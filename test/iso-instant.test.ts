// isoInstant (src/time/iso-instant.ts) must write exactly what Date#toISOString writes: the COPY
// text of a bulk import depends on it. The reference is the platform's own toISOString.
import fc from 'fast-check';
import { isoInstant } from '../src/time/iso-instant';

const MAX = 8.64e15; // the largest time value a Date holds

describe('isoInstant', () => {
  it('writes the hand-checked texts', () => {
    expect(isoInstant(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(isoInstant(Date.UTC(2026, 11, 5, 9, 7, 3, 45))).toBe('2026-12-05T09:07:03.045Z');
    expect(isoInstant(Date.UTC(2024, 1, 29, 23, 59, 59, 999))).toBe('2024-02-29T23:59:59.999Z');
    expect(isoInstant(-1)).toBe('1969-12-31T23:59:59.999Z');
    expect(isoInstant(Date.UTC(1900, 0, 1))).toBe('1900-01-01T00:00:00.000Z');
    expect(isoInstant(MAX)).toBe('+275760-09-13T00:00:00.000Z');
    expect(isoInstant(-MAX)).toBe('-271821-04-20T00:00:00.000Z');
  });

  it('equals toISOString on random instants, whole and fractional milliseconds', () => {
    fc.assert(fc.property(fc.integer({ min: -MAX, max: MAX }), (ms) => isoInstant(ms) === new Date(ms).toISOString()), { numRuns: 20_000 });
    fc.assert(fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2201, 0, 1) }), (ms) => isoInstant(ms) === new Date(ms).toISOString()), { numRuns: 20_000 });
    fc.assert(fc.property(fc.double({ min: -1e13, max: 1e13, noNaN: true }), (ms) => isoInstant(ms) === new Date(ms).toISOString()), { numRuns: 5_000 });
  });

  it('refuses what Date refuses', () => {
    expect(() => isoInstant(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => isoInstant(Number.NaN)).toThrow(RangeError);
    expect(() => isoInstant(MAX + 1)).toThrow(RangeError);
  });
});
