// Why: scale-out (issue 6) rests on the API being stateless: any number of instances can serve one
// database behind a load balancer. This test starts two real server processes (src/index.ts)
// against one PostgreSQL database, ingests through one, reads through the other, and mixes both,
// and proves that the per-instance answer cache never serves a stale figure after the other
// instance ingested: each ingest bumps data_versions in the database, and every request compares
// its cached answers with those versions.
import {
  announceSkip, createPostgresDatabase, INGEST, postGraphql, postgresServer, startServer, ServerProcess, ThrowAwayDatabase,
} from '../faults/support';

const pg = postgresServer();
const suite = 'two API instances on one PostgreSQL database';
if (!pg.url) announceSkip(suite, pg.reason!);
const onPostgres = pg.url ? describe : describe.skip;

const AS_OF = '2025-06-30T12:00:00+02:00';
const created = (id: string, day: number) => ({
  id: `e-${id}`, type: 'case.created', caseId: id, at: `2025-06-${String(day).padStart(2, '0')}T09:00:00+02:00`, data: { caseType: 'ooievaarspas' },
});

onPostgres(suite, () => {
  jest.setTimeout(600_000);
  let db: ThrowAwayDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  let next = 1;

  const ok = async (url: string, query: string, variables?: Record<string, unknown>) => {
    const r = await postGraphql(url, query, variables);
    if (r.status !== 200 || r.body.errors) throw new Error(`${url}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.data;
  };
  /** n new cases through `url`; returns how many were stored. */
  const ingest = async (url: string, n: number) => {
    const events = Array.from({ length: n }, () => created(`case-${next++}`, 1 + (next % 28)));
    return (await ok(url, INGEST, { events })).ingestEvents.inserted as number;
  };
  const openCases = async (url: string) => (await ok(url, `{ kpi(name: "openCases", dimensions: { asOf: "${AS_OF}" }) { value } }`)).kpi.value as number;
  const werkvoorraad = async (url: string) => {
    const d = await ok(url, `{ dashboard(key: "ooievaarspas", dimensions: { asOf: "${AS_OF}", period: { relative: THIS_QUARTER } }) { widgets { widget { key } result { value } } } }`);
    return d.dashboard.widgets.find((w: { widget: { key: string } }) => w.widget.key === 'werkvoorraad').result.value as number;
  };

  beforeAll(async () => {
    db = await createPostgresDatabase(pg.url!, 'scale');
    [a, b] = await Promise.all([startServer({ DATABASE_URL: db.url }), startServer({ DATABASE_URL: db.url })]);
  });
  afterAll(async () => {
    for (const s of [a, b]) if (s && s.child.exitCode === null) s.child.kill('SIGTERM');
    await Promise.all([a?.exited, b?.exited]);
    await db?.dispose();
  });

  it('answers on B what was ingested through A, at once, also where B had cached the figure', async () => {
    expect(await ingest(a.url, 5)).toBe(5);
    expect(await openCases(b.url)).toBe(5);
    expect(await werkvoorraad(b.url)).toBe(5); // B now holds both answers in its cache
    expect(await ingest(a.url, 3)).toBe(3);
    expect(await openCases(b.url)).toBe(8);
    expect(await werkvoorraad(b.url)).toBe(8);
  });

  it('serves cached answers while data_versions is unchanged, and drops them when the other instance ingests', async () => {
    const before = await openCases(b.url); // cached on B now
    // A write that bypasses the ingest (and so data_versions): B's cached answer must not move,
    // which shows that B answers from its cache and that data_versions is what invalidates it.
    await db.knex.transaction(async (trx) => {
      await trx('cases').insert({ case_id: 'bypass-1', case_type: 'ooievaarspas', created_at: '2025-06-01T07:00:00Z', attributes: {} });
      await trx('case_intervals').insert({
        case_id: 'bypass-1', case_type: 'ooievaarspas', created_at: '2025-06-01T07:00:00Z', valid_from: '2025-06-01T07:00:00Z',
        valid_to: 'infinity', is_open: true, suspended: false,
      });
    });
    expect(await openCases(b.url)).toBe(before);
    // A fresh instance-independent count: the extra case is really there.
    const [{ n }] = (await db.knex.raw(`select count(*)::int as n from case_intervals where is_open and valid_from <= ?::timestamptz and valid_to > ?::timestamptz`, [AS_OF, AS_OF])).rows;
    expect(n).toBe(before + 1);
    // An ingest through A bumps data_versions: B recomputes (and so sees both new cases).
    expect(await ingest(a.url, 1)).toBe(1);
    expect(await openCases(b.url)).toBe(before + 2);
  });

  it('gives the same fresh figures when ingests and reads are mixed over both instances', async () => {
    let expected = await openCases(a.url);
    for (let round = 0; round < 6; round++) {
      const [writer, reader] = round % 2 ? [a, b] : [b, a];
      expected += await ingest(writer.url, 2 + round);
      const [onReader, onWriter, widget] = await Promise.all([openCases(reader.url), openCases(writer.url), werkvoorraad(reader.url)]);
      expect({ round, onReader, onWriter, widget }).toEqual({ round, onReader: expected, onWriter: expected, widget: expected });
    }
    // Concurrent ingests through both, then reads through both.
    const stored = await Promise.all([ingest(a.url, 4), ingest(b.url, 6), ingest(a.url, 1)]);
    expected += stored.reduce((s, x) => s + x, 0);
    expect(stored).toEqual([4, 6, 1]);
    expect(await Promise.all([openCases(a.url), openCases(b.url), werkvoorraad(a.url), werkvoorraad(b.url)])).toEqual([expected, expected, expected, expected]);
  });
});
