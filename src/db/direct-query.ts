// Why: every uncached KPI request sends two statements, the data versions read and the KPI
// statement. Through knex each costs ~0.45 ms of CPU more than through the pg connection itself
// (its runner, query-object building, response processing and, for the versions read, compiling
// the query builder on every request): on a 7 ms statement that is a tenth of the answer. On
// PostgreSQL through pg, these statements go straight to a connection of the same knex pool, so
// pool limits, acquire timeouts and the settings every connection carries (statement_timeout,
// jit = off) stay exactly as they were; elsewhere (PGlite) knex runs them as before.
import type { Knex } from 'knex';
import { Client } from 'pg';

interface PoolClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

/** Whether a knex instance hands out pg connections (remembered per instance). */
const throughPg = new WeakMap<Knex, boolean>();

/**
 * Runs `sql` (PostgreSQL's $1… placeholders, as `toSQL().toNative()` writes them) with `values`
 * and returns its rows. `name` makes it a named prepared statement, parsed once per connection:
 * only for a text that never changes. `fallback` runs the statement through knex where there is
 * no pg connection.
 */
export async function directRows<R>(
  knex: Knex, statement: { sql: string; values: readonly unknown[]; name?: string }, fallback: () => Promise<R[]>,
): Promise<R[]> {
  if (throughPg.get(knex) === false) return fallback();
  const client = knex.client as PoolClient;
  const connection = await client.acquireConnection();
  if (!(connection instanceof Client)) {
    // Released before the fallback, which takes a connection of its own (PGlite has one).
    await client.releaseConnection(connection);
    throughPg.set(knex, false);
    return fallback();
  }
  throughPg.set(knex, true);
  // knex's own 'query' event, as knex would emit it: whoever watches the statements of a pool
  // (tests that count them, a query log) still sees these.
  if (knex.listenerCount('query') > 0) knex.emit('query', { method: 'raw', sql: statement.sql, bindings: statement.values, direct: true });
  try {
    const config = { text: statement.sql, values: statement.values as unknown[], ...(statement.name ? { name: statement.name } : {}) };
    return (await connection.query<R & object>(config)).rows;
  } finally {
    await client.releaseConnection(connection);
  }
}
