// Why: the bulk write path (src/ingest/write-rows.ts, ingestEvents' expectNew, src/ingest/analyze.ts)
// trades the ordinary statements for faster ones; these tests pin that the trade changes nothing a
// caller can see: the same rows, the same duplicate counts when the optimistic insert has to fall
// back, and statistics present after a load (this PostgreSQL runs without autovacuum).
import type { Knex } from 'knex';
import { createTestDatabase, TestDatabase, databaseLabel } from '../helpers/database';
import { ingestEvents } from '../../src/ingest/ingest';
import { PROCESSES, ProcessCatalog } from '../../src/processes';
import { syncProcesses } from '../../src/processes/sync';
import type { CaseEvent } from '../../src/ingest/events';
import { unnestInsert } from '../../src/ingest/write-rows';
import { analyzeAsItGrows, analyzeReadModel, READ_MODEL_TABLE_NAMES } from '../../src/ingest/analyze';
import { INFINITY } from '../../src/ingest/project-case';

describe('unnestInsert', () => {
  it('binds one array per column and writes instants as ISO text, infinity and NULL as such', () => {
    const { sql, bindings } = unnestInsert('letters', [['event_id', 'text'], ['sent_at', 'timestamptz'], ['flag', 'boolean'], ['data', 'jsonb']], [
      { event_id: 'a', sent_at: Date.parse('2025-03-03T09:00:00+01:00'), flag: true, data: { x: 1 } },
      { event_id: 'b', sent_at: INFINITY, flag: null, data: '{"y":2}' },
      { event_id: 'c', sent_at: null, flag: false, data: null },
    ]);
    expect(sql).toBe('insert into letters (event_id, sent_at, flag, data) select * from unnest(?::text[], ?::timestamptz[], ?::boolean[], ?::jsonb[])');
    expect(bindings).toEqual([
      ['a', 'b', 'c'],
      ['2025-03-03T08:00:00.000Z', 'infinity', null],
      [true, null, false],
      ['{"x":1}', '{"y":2}', null],
    ]);
  });
});

describe('analyzeAsItGrows', () => {
  it('analyzes at the first threshold and then each time the load has doubled', async () => {
    const calls: string[] = [];
    const knex = { raw: async (sql: string) => { calls.push(sql); } } as unknown as Knex;
    const grower = analyzeAsItGrows(knex, 10);
    const after: number[] = [];
    for (let i = 1; i <= 10; i++) {
      await grower.stored(5);
      after.push(calls.length);
    }
    // Stored 5, 10, …, 50: ANALYZE at 10, then at ≥ 20 and ≥ 40.
    expect(after).toEqual([0, 1, 1, 2, 2, 2, 2, 3, 3, 3]);
    expect(calls[0]).toBe('analyze events (case_id)');
  });
});

describe(`bulk writes on ${databaseLabel()}`, () => {
  let db: TestDatabase;
  const ctx = () => ({ knex: db.knex, catalog: new ProcessCatalog(PROCESSES), zone: 'Europe/Amsterdam' });
  const at = (s: string) => Date.parse(s);
  const story = (caseId: string): CaseEvent[] => [
    { id: `${caseId}-1`, type: 'case.created', caseId, at: at('2025-03-03T09:00:00+01:00'), data: { caseType: 'ooievaarspas', reference: caseId } },
    { id: `${caseId}-2`, type: 'task.created', caseId, at: at('2025-03-03T09:05:00+01:00'), data: { taskId: 't1', step: 'intake' } },
    { id: `${caseId}-3`, type: 'task.completed', caseId, at: at('2025-03-04T10:00:00+01:00'), data: { taskId: 't1' } },
    { id: `${caseId}-4`, type: 'case.closed', caseId, at: at('2025-03-05T10:00:00+01:00'), data: { result: 'toegekend' } },
  ];

  beforeAll(async () => {
    db = await createTestDatabase();
    await syncProcesses(db.knex, PROCESSES);
  });
  afterAll(async () => { await db.dispose(); });

  it('expectNew stores new events with the plain insert and falls back when some are stored already', async () => {
    const first = await ingestEvents(ctx(), story('bw-1'), new Map(), { expectNew: true });
    expect(first).toEqual({ received: 4, inserted: 4, duplicates: 0, casesRebuilt: 1 });
    // bw-1 again (stored) and bw-2 (new) in one batch: the plain insert fails, the batch is redone.
    const second = await ingestEvents(ctx(), [...story('bw-1'), ...story('bw-2')], new Map(), { expectNew: true });
    expect(second).toEqual({ received: 8, inserted: 4, duplicates: 4, casesRebuilt: 1 });
    const rows = await db.knex('case_intervals').select('case_id').count<{ case_id: string; n: string | number }[]>({ n: '*' }).groupBy('case_id').orderBy('case_id');
    const plain = await ingestEvents(ctx(), story('bw-3'));
    expect(plain.inserted).toBe(4);
    const same = await db.knex('case_intervals').select('case_id').count<{ case_id: string; n: string | number }[]>({ n: '*' }).groupBy('case_id').orderBy('case_id');
    // The ordinary path gives bw-3 as many intervals as the bulk path gave bw-1 and bw-2.
    expect(rows.map((r) => Number(r.n))).toEqual([Number(same[2].n), Number(same[2].n)]);
  });

  it('analyzeReadModel leaves statistics on every read-model table', async () => {
    await analyzeReadModel(db.knex);
    const stats = (await db.knex.raw('select relname, reltuples::float8 as tuples from pg_class where relname = any(?::text[])', [[...READ_MODEL_TABLE_NAMES]])).rows as { relname: string; tuples: number }[];
    expect(stats.map((s) => s.relname).sort()).toEqual([...READ_MODEL_TABLE_NAMES].sort());
    // A table never analyzed (or vacuumed) has reltuples -1; after ANALYZE it is the row count here.
    const counts = await Promise.all(READ_MODEL_TABLE_NAMES.map(async (t) => Number((await db.knex(t).count<{ n: string }[]>({ n: '*' }))[0].n)));
    expect(Object.fromEntries(stats.map((s) => [s.relname, s.tuples]))).toEqual(Object.fromEntries(READ_MODEL_TABLE_NAMES.map((t, i) => [t, counts[i]])));
  });
});
