// Why: the cache tests run two instances of the service on one database, as a deployment with more
// than one instance does, so that freshness is checked across processes' caches and not within one.
import { createApp, App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createTestDatabase, TestDatabase } from './database';

export interface TwoInstances {
  db: TestDatabase;
  a: App;
  b: App;
  urlA: string;
  urlB: string;
  /** Closes both instances and drops the database. */
  close(): Promise<void>;
}

export async function twoInstances(): Promise<TwoInstances> {
  const db = await createTestDatabase();
  const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), port: 0 };
  const a = await createApp(config, { db });
  const b = await createApp(config, { db });
  const [urlA, urlB] = [await a.listen(), await b.listen()];
  return {
    db, a, b, urlA, urlB,
    close: async () => {
      await a.close();
      await b.close();
      await db.dispose();
    },
  };
}
