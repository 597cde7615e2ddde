// Why: issue 5, item 6 ("requests fail fast with a clear error"). A refused connection fails at
// once by itself; these tests cover what src/db/connection.ts adds for the cases that would
// otherwise hang: a database host that accepts TCP but never answers (or drops packets), and a
// pool whose connections are all busy.
import net from 'node:net';
import { ACQUIRE_TIMEOUT_MS, CONNECT_TIMEOUT_MS, openDatabase } from '../../src/db/connection';
import { announceSkip, createPostgresDatabase, postgresServer, ThrowAwayDatabase } from './support';

/** knex prints every failed connection attempt; here they are the point of the test. */
const quiet = { warn: () => undefined, error: () => undefined, debug: () => undefined, deprecate: () => undefined };

async function timed<T>(p: Promise<T>): Promise<{ ms: number; error?: Error; value?: T }> {
  const t = Date.now();
  try {
    const value = await p;
    return { ms: Date.now() - t, value };
  } catch (error) {
    return { ms: Date.now() - t, error: error as Error };
  }
}

describe('connection settings: fail fast instead of hanging', () => {
  let silent: net.Server;
  let port: number;
  const sockets = new Set<net.Socket>();

  beforeAll(async () => {
    // Accepts connections and never says a word: a hung or black-holed database server.
    silent = net.createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    port = (silent.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  });

  it('the defaults are a 5 s connect timeout and a 15 s pool wait', () => {
    expect(CONNECT_TIMEOUT_MS).toBe(5_000);
    expect(ACQUIRE_TIMEOUT_MS).toBe(15_000);
  });

  it('a server that never answers fails a query after the connect timeout (default 5 s), not minutes later', async () => {
    const db = await openDatabase({ url: `postgres://postgres@127.0.0.1:${port}/none`, log: quiet });
    try {
      const r = await timed(db.knex.raw('select 1'));
      expect(r.error).toBeDefined();
      expect(r.ms).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 100);
      expect(r.ms).toBeLessThan(CONNECT_TIMEOUT_MS + 3000);
    } finally {
      await db.close();
    }
  });
});

const pg = postgresServer();
const onPostgres = pg.url ? describe : describe.skip;
if (!pg.url) announceSkip('pool wait timeout on PostgreSQL', pg.reason!);

onPostgres('connection settings on PostgreSQL', () => {
  let db: ThrowAwayDatabase;
  beforeAll(async () => {
    db = await createPostgresDatabase(pg.url!, 'conn');
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('a request that finds every pool connection busy gets an error after the pool wait, then the pool works again', async () => {
    const service = await openDatabase({ url: db.url, poolMax: 1, acquireTimeoutMs: 400, log: quiet });
    try {
      let release!: () => void;
      const held = service.knex.transaction(async (trx) => {
        await trx.raw('select 1');
        await new Promise<void>((r) => (release = r));
      });
      await new Promise((r) => setTimeout(r, 100));
      const r = await timed(service.knex.raw('select 1'));
      expect(r.error?.message).toMatch(/Timeout acquiring a connection/);
      expect(r.ms).toBeLessThan(1500);
      release();
      await held;
      expect((await service.knex.raw('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await service.close();
    }
  });
});
