// Why: the same SQL runs on a real PostgreSQL (through `pg`) and on embedded PGlite (through
// knex-pglite). This is the one place that knows which one is in use and how to open it.
import { knex, Knex } from 'knex';
import fs from 'node:fs';
import path from 'node:path';
import { migrationSource } from '../../migrations';

export type DatabaseKind = 'postgres' | 'pglite';

export interface Database {
  knex: Knex;
  kind: DatabaseKind;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://…; undefined → PGlite */
  url?: string;
  /** PGlite data directory; undefined with no url → in memory */
  dataDir?: string;
  poolMax?: number;
  /** Where knex's own warnings go (default: knex prints them on the console). */
  log?: Knex.Logger;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const instance = knex({
      client: 'pg',
      connection: { connectionString: options.url, application_name: 'stuurinfo' },
      pool: { min: 0, max: options.poolMax ?? 10 },
      ...(options.log ? { log: options.log } : {}),
      migrations: { migrationSource, tableName: 'knex_migrations' },
    });
    return { knex: instance, kind: 'postgres', close: () => instance.destroy() };
  }
  // knex-pglite loads PGlite (an ES module) with a dynamic import.
  const { default: ClientPgLite } = await import('knex-pglite');
  let connection: object = {};
  if (options.dataDir) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    connection = { filename: path.resolve(options.dataDir) };
  }
  const instance = knex({
    client: ClientPgLite as unknown as typeof Knex.Client,
    dialect: 'postgres',
    connection,
    ...(options.log ? { log: options.log } : {}),
    migrations: { migrationSource, tableName: 'knex_migrations' },
  });
  return { knex: instance, kind: 'pglite', close: () => instance.destroy() };
}

export async function migrate(db: Database): Promise<string[]> {
  const [, applied] = (await db.knex.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}
