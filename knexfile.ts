// Why: lets `npx knex migrate:*` work for operators who know knex; the service itself migrates
// through src/db/connection.ts with the same explicit migration list.
import type { Knex } from 'knex';
import { migrationSource } from './migrations';

const config: Knex.Config = process.env.DATABASE_URL
  ? { client: 'pg', connection: process.env.DATABASE_URL, migrations: { migrationSource } }
  : { client: 'knex-pglite', connection: { filename: process.env.DATA_DIR || './.data' }, migrations: { migrationSource } };

export default config;
module.exports = config;
