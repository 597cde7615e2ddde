// Why: issue 5, item 6: "SIGTERM drains in-flight requests and closes the pool". A deployment
// (docker stop, a Kubernetes rollout) sends SIGTERM while an integrator's ingest batch or a
// dashboard query runs; that request must still get its answer (and its events must be stored),
// new connections must be refused, the process must end by itself, and PostgreSQL must not keep
// connections of the old process. The server runs as its own process, exactly as `npm start` does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/connection';
import { generateDemoEvents, RawEvent } from '../../src/demo/generate';
import {
  announceSkip, createPostgresDatabase, httpRequest, INGEST, postGraphql, postgresServer, serviceConnections, sleep, startServer, ServerProcess, ThrowAwayDatabase,
} from './support';

// Starting a server process (tsx, PGlite from a data directory) can take minutes on a loaded CI machine.
jest.setTimeout(360_000);

/** 10,000 events (the largest batch ingestEvents takes): ~2 s of work on PostgreSQL, more on PGlite. */
const BATCH: RawEvent[] = [];
for (const e of generateDemoEvents({ now: new Date('2025-06-01T00:00:00Z'), months: 12, seed: 7 })) {
  BATCH.push(e);
  if (BATCH.length >= 10_000) break;
}
const SLOW_KPI = `{ kpi(name: "openCases", dimensions: { granularity: HOUR, groupBy: [STATUS],
  period: { from: "2025-01-01T00:00:00Z", to: "2025-03-20T00:00:00Z" } }) { value points { value } } }`;

const timeout = (ms: number, value: string) => new Promise<string>((resolve) => setTimeout(() => resolve(value), ms).unref());

/** Sends SIGTERM while a 10,000-event ingest and a long KPI run; checks what the contract promises. */
async function drainWhileBusy(server: ServerProcess, batch: RawEvent[]) {
  // Some data first, so the KPI has work to do.
  const seed = await postGraphql(server.url, INGEST, { events: batch.slice(0, 3000) });
  expect(seed.body.errors).toBeUndefined();

  let lastAnswerAt = 0;
  const answered = <T>(p: Promise<T>) => p.then((r) => ((lastAnswerAt = Math.max(lastAnswerAt, Date.now())), r));
  const ingest = answered(postGraphql(server.url, INGEST, { events: batch }));
  const kpi = answered(postGraphql(server.url, SLOW_KPI));
  await sleep(250); // both requests are now being worked on
  const signalled = Date.now();
  server.child.kill('SIGTERM');

  // New connections are refused once the server has stopped listening (it does so at once).
  let refused = false;
  for (let i = 0; i < 40 && !refused; i++) {
    await sleep(50);
    refused = await httpRequest(`${server.url}/health/live`, 'GET').then(() => false, (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED');
  }

  const [ingested, kpiAnswer] = await Promise.all([ingest, kpi]);
  const code = await Promise.race([server.exited, timeout(15_000, 'still running after 15 s')]);
  const exitMs = Date.now() - signalled;
  return { ingested, answered: kpiAnswer, refused, code, exitMs, answeredAfterSignalMs: lastAnswerAt - signalled };
}

const pg = postgresServer();
const onPostgres = pg.url ? describe : describe.skip;
if (!pg.url) announceSkip('SIGTERM drain on PostgreSQL', pg.reason!);

onPostgres('SIGTERM drains requests in flight and closes the pool (PostgreSQL)', () => {
  let db: ThrowAwayDatabase;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    db = await createPostgresDatabase(pg.url!, 'sigterm');
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await db?.dispose();
  });

  it('answers the requests in flight, refuses new connections, exits 0 and leaves no connection behind', async () => {
    server = await startServer({ DATABASE_URL: db.url });
    expect(await serviceConnections(pg.url!, db.name)).toBeGreaterThan(0); // the pool is in use

    const r = await drainWhileBusy(server, BATCH);

    expect(r.ingested.status).toBe(200);
    expect(r.ingested.body).toEqual({ data: { ingestEvents: { received: 10_000, inserted: 7_000, duplicates: 3_000, casesRebuilt: expect.any(Number) } } });
    expect(r.answered.status).toBe(200);
    expect(r.answered.body.errors).toBeUndefined();
    expect(r.answered.body.data.kpi.points.length).toBeGreaterThan(1000);
    expect(r.answeredAfterSignalMs).toBeGreaterThan(0); // the requests were still running at SIGTERM
    process.stderr.write(`SIGTERM drain (PostgreSQL): last answer ${r.answeredAfterSignalMs} ms and exit ${r.exitMs} ms after the signal\n`);
    expect(r.refused).toBe(true);
    expect(r.code).toBe(0);
    expect(r.exitMs).toBeLessThan(10_000);
    expect(server.output()).toMatch(/SIGTERM received/);
    expect(server.output()).toMatch(/database pool closed/);
    // The pool was closed, not dropped with the process: no connection of the service remains.
    expect(await serviceConnections(pg.url!, db.name)).toBe(0);
    // Every event of the drained batch is stored.
    const [{ n }] = await db.knex('events').count<{ n: string }[]>({ n: '*' });
    expect(Number(n)).toBe(10_000);
  });
});

// The embedded variant runs in the PGlite pass of `npm test`; in the PostgreSQL pass
// (TEST_DATABASE_URL set) the suite above covers the same guarantee against the real server.
const onPglite = process.env.TEST_DATABASE_URL ? describe.skip : describe;

onPglite('SIGTERM drains requests in flight and closes the database (embedded PGlite)', () => {
  let dir: string;
  let server: ServerProcess | undefined;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stuurinfo-sigterm-'));
  });
  afterAll(() => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers the requests in flight, exits 0, and the data directory holds every event', async () => {
    server = await startServer({ DATA_DIR: path.join(dir, 'data') });
    // PGlite is slower: a batch of 6,000 keeps the drain well inside Apollo's 10 s grace period.
    const r = await drainWhileBusy(server, BATCH.slice(0, 6000));

    expect(r.ingested.status).toBe(200);
    expect(r.ingested.body.data?.ingestEvents).toMatchObject({ received: 6_000, inserted: 3_000, duplicates: 3_000 });
    expect(r.answered.status).toBe(200);
    expect(r.answered.body.errors).toBeUndefined();
    expect(r.answeredAfterSignalMs).toBeGreaterThan(0);
    process.stderr.write(`SIGTERM drain (PGlite): last answer ${r.answeredAfterSignalMs} ms and exit ${r.exitMs} ms after the signal\n`);
    expect(r.refused).toBe(true);
    expect(r.code).toBe(0);
    expect(server.output()).toMatch(/database pool closed/);

    // The embedded database was closed cleanly: it opens again and holds all 6,000 events.
    const db = await openDatabase({ dataDir: path.join(dir, 'data') });
    try {
      const [{ n }] = await db.knex('events').count<{ n: string }[]>({ n: '*' });
      expect(Number(n)).toBe(6_000);
    } finally {
      await db.close();
    }
  });
});
