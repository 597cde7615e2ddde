// Why: the stock delta tables (migration 003) are upserted by triggers on case_intervals, so two
// ingest transactions that touch the same day or 15-minute slot write the same rows. Without the
// triggers' advisory lock, two concurrent importers deadlocked (SQLSTATE 40P01) in every run of
// concurrent-import.test.ts. This test sends four overlapping streams at once on separate
// connections and checks that none fails and that the deltas still equal a from-scratch aggregate.
import type { Knex } from 'knex';
import { ingestRaw } from '../../src/ingest/ingest';
import { generateDemoEvents, RawEvent } from '../../src/demo/generate';
import { shuffled } from '../helpers/shuffle';
import { announceSkip, createPostgresDatabase, ingestContext, postgresServer, ThrowAwayDatabase } from './support';
import { expectDeltasExact } from '../helpers/stock-deltas';

const EVENTS: RawEvent[] = [...generateDemoEvents({ now: new Date('2025-06-01T00:00:00Z'), months: 4, scale: 0.1, seed: 12 })];

async function sendAll(knex: Knex, events: RawEvent[], batchSize: number): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < events.length; i += batchSize) inserted += (await ingestRaw(ingestContext({ knex }), events.slice(i, i + batchSize))).inserted;
  return inserted;
}

const pg = postgresServer();
const onPostgres = pg.url ? describe : describe.skip;
if (!pg.url) announceSkip('concurrent writers of the stock deltas on PostgreSQL', pg.reason!);

onPostgres('concurrent writers of the stock delta tables (PostgreSQL)', () => {
  let db: ThrowAwayDatabase;
  beforeAll(async () => { db = await createPostgresDatabase(pg.url!, 'stockdeltas'); });
  afterAll(async () => { await db.dispose(); });

  it('four overlapping ingest streams at once: no deadlock, deltas equal the aggregate', async () => {
    // Stream k sends the events of its own slice and of the next one: every event comes twice.
    const quarter = Math.ceil(EVENTS.length / 4);
    const slices = [0, 1, 2, 3].map((k) => [...EVENTS.slice(k * quarter, (k + 1) * quarter), ...EVENTS.slice(((k + 1) % 4) * quarter, ((k + 1) % 4 + 1) * quarter)]);
    const inserted = await Promise.all(slices.map((s, k) => sendAll(db.knex, shuffled(s, k + 1), 35)));
    expect(inserted.reduce((a, b) => a + b, 0)).toBe(EVENTS.length);
    await expectDeltasExact(db.knex);
  });
});
