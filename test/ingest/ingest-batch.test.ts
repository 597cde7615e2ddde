// Why: ingestEvents is the one write path; it must refuse an id reused for a different event in the
// same batch (nothing stored) even when a caller skipped validateBatch, and count the same event
// twice as once.
import { createTestDatabase, TestDatabase, databaseLabel } from '../helpers/database';
import { ingestEvents, IngestRefused } from '../../src/ingest/ingest';
import { PROCESSES, ProcessCatalog } from '../../src/processes';
import type { CaseEvent } from '../../src/ingest/events';

describe(`ingestEvents batches on ${databaseLabel()}`, () => {
  let db: TestDatabase;
  const ctx = () => ({ knex: db.knex, catalog: new ProcessCatalog(PROCESSES), zone: 'Europe/Amsterdam' });
  const created = (id: string, caseId: string, reference: string): CaseEvent => ({
    id, type: 'case.created', caseId, at: Date.parse('2025-03-03T09:00:00+01:00'), data: { caseType: 'ooievaarspas', reference },
  });

  beforeAll(async () => { db = await createTestDatabase(); });
  afterAll(async () => { await db.dispose(); });

  it('refuses a batch that uses one id for two different events, storing nothing', async () => {
    const error = await ingestEvents(ctx(), [created('d1', 'case-1', 'OP-1'), created('d1', 'case-2', 'OP-2')]).catch((e) => e);
    expect(error).toBeInstanceOf(IngestRefused);
    expect((error as IngestRefused).problems[0]).toMatchObject({ id: 'd1', field: 'id' });
    expect((await db.knex('events').count<{ n: number }[]>({ n: '*' }))[0].n).toEqual(db.kind === 'postgres' ? '0' : 0);
  });

  it('stores the same event sent twice in one batch once', async () => {
    const s = await ingestEvents(ctx(), [created('d2', 'case-3', 'OP-3'), created('d2', 'case-3', 'OP-3')]);
    expect(s).toEqual({ received: 2, inserted: 1, duplicates: 1, casesRebuilt: 1 });
  });
});
