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
  /** The postgres://… it was opened with (PostgreSQL only). */
  url?: string;
  /** The settings every connection of this pool carries (see `SessionSettings`). */
  session?: SessionSettings;
  close(): Promise<void>;
}

/**
 * Settings made once per pooled connection, right after it is opened, so a KPI statement needs
 * no transaction around it to carry them: one round trip instead of four (BEGIN, set_config,
 * the statement, COMMIT). Only the KPI read pool gets them; ingestion must not be cut off by a
 * KPI timeout while it waits for a case lock.
 */
export interface SessionSettings {
  /** statement_timeout in ms: a longer statement is cancelled (SQLSTATE 57014 → TIMEOUT). */
  statementTimeoutMs?: number;
  /**
   * jit = off. JIT compilation costs 270–350 ms on series statements whose generate_series row
   * estimate inflates the plan cost (docs/performance.md) and never pays back at these sizes.
   */
  jitOff?: boolean;
}

export interface DatabaseOptions {
  /** postgres://…; undefined → PGlite */
  url?: string;
  /** PGlite data directory; undefined with no url → in memory */
  dataDir?: string;
  poolMax?: number;
  /** PostgreSQL: give up opening a connection after this long (default 5,000 ms). */
  connectTimeoutMs?: number;
  /** PostgreSQL: give up waiting for a free pool connection after this long (default 15,000 ms). */
  acquireTimeoutMs?: number;
  /** Where knex's own warnings go (default: knex prints them on the console). */
  log?: Knex.Logger;
  /** PostgreSQL: application_name of the connections (default 'stuurinfo'). */
  applicationName?: string;
  /** PostgreSQL: settings made on every new connection of the pool. */
  session?: SessionSettings;
}

/** The SET statements for `settings`; empty when there is nothing to set. */
export function sessionSql(settings: SessionSettings | undefined): string {
  const parts: string[] = [];
  if (settings?.statementTimeoutMs !== undefined) {
    const ms = settings.statementTimeoutMs;
    if (!Number.isInteger(ms) || ms < 0) throw new Error(`statement timeout ${ms} must be a whole number of ms`);
    parts.push(`set statement_timeout = ${ms}`);
  }
  if (settings?.jitOff) parts.push('set jit = off');
  return parts.join('; ');
}

/**
 * Fail fast, recover by itself (issue 5, item 6). When PostgreSQL is down, a refused connection
 * fails the request at once (tarn's propagateCreateError, on by default in knex) and readiness
 * reports 503; connections that PostgreSQL closed (restart, failover) are marked disposed by knex
 * and replaced on the next acquire, so the service needs no restart. What these settings add:
 * - connect timeout: a server that does not answer at all (a host that is gone, a firewall that
 *   drops packets) fails a request after 5 s instead of after the operating system's TCP timeout
 *   (minutes), and readiness turns 503 within that time;
 * - acquire timeout: a request waits at most 15 s for a free pool connection (knex: 60 s), long
 *   enough for bursts (load/run.ts: 8 concurrent dashboards of 13 KPIs each answer within ~1 s),
 *   short enough that a saturated pool answers with an error instead of hanging the client;
 * - TCP keep-alive: a connection whose peer vanished without closing it (NAT or firewall timeout
 *   on an idle pooled connection) is detected by the kernel instead of hanging the next query;
 * - min 0 and a 30 s idle timeout: the pool opens connections on demand and closes idle ones, so
 *   after a restart of PostgreSQL it reconnects lazily instead of holding on to dead ones.
 * The pool is closed on SIGTERM (src/index.ts). Tests: test/faults/.
 */
export const CONNECT_TIMEOUT_MS = 5_000;
export const ACQUIRE_TIMEOUT_MS = 15_000;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const setup = sessionSql(options.session);
    // pg's afterCreate hook: one simple-protocol round trip per new connection (not per statement).
    // SET rather than the startup parameter `options=-c …`, which PgBouncer refuses by default.
    const afterCreate = (conn: { query(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) => {
      conn.query(setup, (err) => done(err, conn));
    };
    const instance = knex({
      client: 'pg',
      connection: {
        connectionString: options.url,
        application_name: options.applicationName ?? 'stuurinfo',
        connectionTimeoutMillis: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
        keepAlive: true,
        keepAliveInitialDelayMillis: 10_000,
      },
      acquireConnectionTimeout: options.acquireTimeoutMs ?? ACQUIRE_TIMEOUT_MS,
      pool: { min: 0, max: options.poolMax ?? 10, idleTimeoutMillis: 30_000, ...(setup ? { afterCreate } : {}) },
      ...(options.log ? { log: options.log } : {}),
      migrations: { migrationSource, tableName: 'knex_migrations' },
    });
    return { knex: instance, kind: 'postgres', url: options.url, session: options.session, close: () => instance.destroy() };
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
    // The one "connection" is the WebAssembly database itself; starting it on a busy machine can
    // take longer than knex's default 60 s wait.
    acquireConnectionTimeout: 300_000,
    ...(options.log ? { log: options.log } : {}),
    migrations: { migrationSource, tableName: 'knex_migrations' },
  });
  return { knex: instance, kind: 'pglite', close: () => instance.destroy() };
}

export async function migrate(db: Database): Promise<string[]> {
  const [, applied] = (await db.knex.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}
