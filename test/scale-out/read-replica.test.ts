// Why: DATABASE_READ_URL sends KPI, dashboard and case queries to a read replica while ingestion,
// migrations and readiness keep using DATABASE_URL (issue 6, scale-out). A second database on the
// same server stands in for the replica: "replication" is the test applying the same events there
// itself, so the test can show which database each query reads, what a lagging replica answers,
// and that the answer cache follows the replica's data_versions (no stale answer once it caught up).
// The read URL carries default_transaction_read_only=on, as a replica (or a read-only role) would.
import { createApp, App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { ingestRaw } from '../../src/ingest/ingest';
import { announceSkip, createPostgresDatabase, ingestContext, postGraphql, postgresServer, ThrowAwayDatabase } from '../faults/support';

const pg = postgresServer();
const suite = 'DATABASE_READ_URL: reads on a replica, writes on the primary';
if (!pg.url) announceSkip(suite, pg.reason!);
const onPostgres = pg.url ? describe : describe.skip;

const AS_OF = '2025-06-30T12:00:00+02:00';
const APP_NAME = 'stuurinfo-read-test';
const created = (id: string) => ({ id: `e-${id}`, type: 'case.created', caseId: id, at: '2025-06-02T09:00:00+02:00', data: { caseType: 'ooievaarspas' } });
const readUrl = (url: string) => `${url}?application_name=${APP_NAME}&options=${encodeURIComponent('-c default_transaction_read_only=on')}`;

describe('DATABASE_READ_URL configuration', () => {
  it('needs DATABASE_URL and a postgres URL', () => {
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://x/y' })).toThrow(/needs DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x/y', DATABASE_READ_URL: 'mysql://x/y' })).toThrow(/postgres:\/\//);
    expect(loadConfig({ DATABASE_URL: 'postgres://x/p', DATABASE_READ_URL: 'postgres://x/r' }).databaseReadUrl).toBe('postgres://x/r');
    expect(loadConfig({ DATABASE_URL: 'postgres://x/p' }).databaseReadUrl).toBeUndefined();
  });
});

onPostgres(suite, () => {
  jest.setTimeout(300_000);
  let primary: ThrowAwayDatabase;
  let replica: ThrowAwayDatabase;
  let app: App;
  let url: string;

  const ok = async (query: string, variables?: Record<string, unknown>, at = url) => {
    const r = await postGraphql(at, query, variables);
    if (r.status !== 200 || r.body.errors) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body.data;
  };
  const ingest = async (events: object[]) => (await ok('mutation($e: [CaseEventInput!]!) { ingestEvents(events: $e) { inserted } }', { e: events })).ingestEvents.inserted;
  const openCases = async () => (await ok(`{ kpi(name: "openCases", dimensions: { asOf: "${AS_OF}" }) { value } }`)).kpi.value;
  const caseFound = async (id: string) => (await ok(`{ case(id: "${id}", asOf: "${AS_OF}") { id } }`)).case?.id ?? null;
  const count = async (db: ThrowAwayDatabase, table: string) => Number((await db.knex(table).count({ n: '*' }))[0].n);
  const connectionsNamed = async (db: ThrowAwayDatabase) => (await primary.knex.raw(
    'select count(*)::int as n from pg_stat_activity where datname = ? and application_name = ?', [db.name, APP_NAME],
  )).rows[0].n as number;
  /** "Replication": the replica receives the same events through the same ingest code. */
  const replicate = (events: object[]) => ingestRaw(ingestContext(replica), events);

  beforeAll(async () => {
    [primary, replica] = await Promise.all([createPostgresDatabase(pg.url!, 'primary'), createPostgresDatabase(pg.url!, 'replica')]);
    const config = { ...loadConfig({ DATABASE_URL: primary.url, DATABASE_READ_URL: readUrl(replica.url), LOG_LEVEL: 'silent', KPI_TIMEOUT_MS: '4321' }), port: 0 };
    app = await createApp(config);
    url = await app.listen();
    const first = [created('case-1'), created('case-2')];
    expect(await ingest(first)).toBe(2);
    await replicate(first);
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([primary?.dispose(), replica?.dispose()]);
  });

  it('stores ingested events on the primary only, and answers KPIs from the replica', async () => {
    expect(await openCases()).toBe(2);
    const more = [created('case-3'), created('case-4'), created('case-5')];
    expect(await ingest(more)).toBe(3);
    expect(await count(primary, 'events')).toBe(5);
    expect(await count(replica, 'events')).toBe(2);
    // The replica has not caught up yet: the API answers what the replica holds.
    expect(await openCases()).toBe(2);
    expect(await caseFound('case-3')).toBeNull();
    await replicate(more);
    // Caught up: the cached "2" is not served, because the replica's data_versions moved.
    expect(await openCases()).toBe(5);
    expect(await caseFound('case-3')).toBe('case-3');
  });

  it('connects to the replica with the read URL (pg_stat_activity), and never to the primary with it', async () => {
    await openCases();
    expect(await connectionsNamed(replica)).toBeGreaterThan(0);
    expect(await connectionsNamed(primary)).toBe(0);
  });

  it('sets the KPI timeout and jit = off on the read connections only; the read connections cannot write', async () => {
    const q = "select current_setting('statement_timeout') as timeout, current_setting('jit') as jit, current_setting('transaction_read_only') as ro, current_database() as db";
    const reads = (await app.readDb.knex.raw(q)).rows[0];
    expect(reads).toEqual({ timeout: '4321ms', jit: 'off', ro: 'on', db: replica.name });
    const writes = (await app.db.knex.raw(q)).rows[0];
    expect(writes).toEqual({ timeout: '0', jit: expect.any(String), ro: 'off', db: primary.name });
    await expect(app.readDb.knex('data_versions').insert({ scope: 'x', version: 1 })).rejects.toMatchObject({ code: '25006' });
  });

  it('is ready only when the primary and the replica both answer', async () => {
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', database: 'postgres', primary: 'ok', read: 'ok' });

    const gone = new URL(replica.url);
    gone.pathname = `/${replica.name}_missing`;
    const config = { ...loadConfig({ DATABASE_URL: primary.url, DATABASE_READ_URL: gone.toString(), LOG_LEVEL: 'silent' }), port: 0 };
    const broken = await createApp(config);
    try {
      const at = await broken.listen();
      const r = await fetch(`${at}/health/ready`);
      expect(r.status).toBe(503);
      expect(await r.json()).toEqual({ status: 'unavailable', database: 'postgres', primary: 'ok', read: 'unavailable' });
      // Ingestion does not need the replica.
      expect((await postGraphql(at, 'mutation($e: [CaseEventInput!]!) { ingestEvents(events: $e) { inserted } }', { e: [created('case-6')] })).body).toEqual({ data: { ingestEvents: { inserted: 1 } } });
    } finally {
      await broken.close();
    }
  });
});
