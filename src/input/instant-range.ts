// Why: the engine and PostgreSQL agree on instants only within a sane range (PostgreSQL has no
// year 0, time zone rules are not defined for distant years, and a steering dashboard never needs
// them). Events and every date-time a client sends are held to the same years, so an impossible
// date is a BAD_USER_INPUT naming the field instead of a database error.

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

const MIN_MS = Date.UTC(MIN_YEAR, 0, 1);
const MAX_MS = Date.UTC(MAX_YEAR + 1, 0, 1) - 1;

export const INSTANT_RANGE_MESSAGE = `must be a date-time between ${MIN_YEAR}-01-01 and ${MAX_YEAR}-12-31`;

export function instantInRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_MS && ms <= MAX_MS;
}
