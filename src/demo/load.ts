// Why: `npm start` fills an empty database with demo data (contract section 1). The demo events
// go through the same ingest path as real ones, streamed in batches of whole cases, so memory
// stays flat and every case is projected from all of its events in one go.
import type { Knex } from 'knex';
import { ingestRaw, IngestContext } from '../ingest/ingest';
import { analyzeAsItGrows, analyzeReadModel } from '../ingest/analyze';
import { DemoOptions, generateDemoEvents, RawEvent } from './generate';

export interface DemoLoadOptions extends Partial<DemoOptions> {
  /** Events per ingest batch (whole cases are kept together, so a batch may be a little larger). */
  batchSize?: number;
  /** Called after each stored batch. */
  onProgress?: (progress: { events: number; cases: number }) => void;
}

/** Streams the demo events into the database; `now` defaults to the current time. */
export async function loadDemoData(ctx: IngestContext, options: DemoLoadOptions = {}): Promise<{ events: number; cases: number }> {
  const { batchSize = 5000, onProgress, ...rest } = options;
  const generator = generateDemoEvents({ ...rest, zone: rest.zone ?? ctx.zone, now: rest.now ?? new Date() });
  let events = 0;
  let cases = 0;
  let batch: RawEvent[] = [];
  let lastCase: string | null = null;

  const grower = analyzeAsItGrows(ctx.knex);
  const flush = async () => {
    if (batch.length === 0) return;
    const r = await ingestRaw(ctx, batch, events + 1, { expectNew: true });
    await grower.stored(r.inserted);
    events += batch.length;
    batch = [];
    onProgress?.({ events, cases });
  };

  for (const event of generator) {
    if (event.caseId !== lastCase) {
      // A batch only ends between cases.
      if (batch.length >= batchSize) await flush();
      lastCase = event.caseId;
      cases++;
    }
    batch.push(event);
  }
  await flush();
  // Statistics that fit the loaded tables (PGlite runs no autovacuum).
  await analyzeReadModel(ctx.knex);
  return { events, cases };
}

/** True when no event has been stored yet (the moment to load demo data). */
export async function isEmpty(knex: Knex): Promise<boolean> {
  const row = await knex('events').first(knex.raw('1 as one'));
  return row === undefined;
}
