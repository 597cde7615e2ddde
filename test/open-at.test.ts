// Why: the open-interval probe (src/kpi/query/open-at.ts) narrows by a box on (valid_from,
// valid_to) as epoch seconds in double precision, then tests the range exactly. These tests pin
// that the narrowing never loses an interval (boundaries one microsecond apart, instants where a
// double cannot hold every microsecond, the infinite end of a case's last interval, the first and
// last years the product accepts), against a reference written here in integer microseconds, and
// that PostgreSQL actually uses migration 009's index for the condition.
import { openAt } from '../src/kpi/query/open-at';
import { createTestDatabase, databaseLabel, TestDatabase } from './helpers/database';

const US_PER_MS = 1000n;
/** An instant in whole microseconds since 1970, as PostgreSQL text. */
function text(us: bigint): string {
  const rest = ((us % US_PER_MS) + US_PER_MS) % US_PER_MS; // before 1970 too
  const ms = (us - rest) / US_PER_MS;
  const iso = new Date(Number(ms)).toISOString(); // …T10:00:00.123Z
  return `${iso.slice(0, -1)}${String(rest).padStart(3, '0')}Z`;
}
const at = (iso: string, extraUs = 0n) => BigInt(Date.parse(iso)) * US_PER_MS + extraUs;

interface Interval { id: string; from: bigint; to: bigint | 'infinity'; open: boolean }

// Around one instant T (a microsecond that a double of epoch seconds cannot represent exactly).
const T = at('2026-03-29T01:59:59.999Z', 999n);
const INTERVALS: Interval[] = [
  { id: 'starts-at-t', from: T, to: T + 1n, open: true },
  { id: 'ends-at-t', from: T - 5n, to: T, open: true },
  { id: 'ends-just-after', from: T - 1n, to: T + 1n, open: true },
  { id: 'starts-just-after', from: T + 1n, to: T + 2n, open: true },
  { id: 'current-state', from: at('2026-01-01T00:00:00Z'), to: 'infinity', open: true },
  { id: 'closed-case', from: at('2026-01-01T00:00:00Z'), to: 'infinity', open: false },
  { id: 'first-year', from: at('1900-01-01T00:00:00Z'), to: at('1900-01-01T00:00:00Z', 1n), open: true },
  { id: 'last-year', from: at('2200-12-31T23:59:59Z'), to: 'infinity', open: true },
  { id: 'long-ago', from: at('2020-05-01T00:00:00Z'), to: at('2021-05-01T00:00:00Z'), open: true },
];
const INSTANTS = [T - 1n, T, T + 1n, T + 2n, at('1900-01-01T00:00:00Z'), at('1900-01-01T00:00:00Z', 1n), at('2200-12-31T23:59:59Z'), at('2020-05-01T00:00:00Z'), at('2021-05-01T00:00:00Z')];

function reference(t: bigint): string[] {
  return INTERVALS.filter((i) => i.open && i.from <= t && (i.to === 'infinity' || t < i.to)).map((i) => i.id).sort();
}

describe(`openAt on ${databaseLabel()}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.knex('case_intervals').insert(INTERVALS.map((i) => ({
      case_id: i.id, case_type: 'ooievaarspas', created_at: text(i.from), valid_from: text(i.from),
      valid_to: i.to === 'infinity' ? 'infinity' : text(i.to), is_open: i.open, suspended: false,
    })));
    await db.knex.raw('analyze case_intervals');
  });
  afterAll(async () => {
    await db.dispose();
  });

  it.each(INSTANTS.map((t) => [text(t), t] as const))('at %s finds exactly the intervals open then', async (_label, t) => {
    const rows = (await db.knex.raw(`select ci.case_id from case_intervals ci where ${openAt('ci', '?::timestamptz')} order by 1`, [text(t), text(t), text(t)])).rows;
    expect(rows.map((r: { case_id: string }) => r.case_id)).toEqual(reference(t));
  });

  it('the reference itself sees the boundaries (one microsecond either side of T)', () => {
    expect(reference(T)).toEqual(['current-state', 'ends-just-after', 'starts-at-t']);
    expect(reference(T - 1n)).toEqual(['current-state', 'ends-at-t', 'ends-just-after']);
  });

  it("is answered from migration 009's point index", async () => {
    const plan = await db.knex.transaction(async (trx) => {
      await trx.raw('set local enable_seqscan = off');
      const t = text(T);
      const rows = (await trx.raw(`explain select ci.case_id from case_intervals ci where ${openAt('ci', '?::timestamptz')}`, [t, t, t])).rows;
      return rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('case_intervals_open_point_idx');
  });
});
