// Why: every test file gets its own database: an in-memory PGlite by default, or, when
// TEST_DATABASE_URL is set, a throw-away database created on that PostgreSQL server and dropped
// afterwards. The same tests therefore run on both.
import { knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { Database, migrate, openDatabase } from '../../src/db/connection';

export interface TestDatabase extends Database {
  /** Drops the throw-away database (PostgreSQL) or closes PGlite. */
  dispose(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const db = await openDatabase({});
    await migrate(db);
    return { ...db, dispose: () => db.close() };
  }
  const name = `stuurinfo_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`create database ${name}`);
  await admin.destroy();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString() });
  await migrate(db);
  return {
    ...db,
    dispose: async () => {
      await db.close();
      const drop = knex({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
      await drop.raw(`drop database if exists ${name} with (force)`);
      await drop.destroy();
    },
  };
}

export const databaseLabel = (): string => (process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite');
