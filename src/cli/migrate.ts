// Why: `npm run migrate` (contract section 1) brings the configured database (DATABASE_URL, or the
// embedded PGlite in DATA_DIR) to the latest schema and says what it did. The helpers here are
// shared by the other database commands (import, rebuild), so they all open the same database
// the same way and describe it without printing a password.
import path from 'node:path';
import { AppConfig, loadConfig } from '../config';
import { Database, migrate, openDatabase } from '../db/connection';

/** `PostgreSQL postgres://user@host:5432/db` (no password) or `embedded PGlite in /abs/.data`. */
export function describeDatabase(config: AppConfig): string {
  if (!config.databaseUrl) return `embedded PGlite in ${path.resolve(config.dataDir)}`;
  try {
    const url = new URL(config.databaseUrl);
    url.password = '';
    url.search = '';
    return `PostgreSQL ${url.toString()}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL)';
  }
}

/** Opens the configured database and applies pending migrations. */
export async function openMigrated(config: AppConfig): Promise<{ db: Database; applied: string[] }> {
  const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolMax: 2 });
  quietConnectionWarnings(db);
  try {
    return { db, applied: await migrate(db) };
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
}

/**
 * knex prints "Acquire connection error: <stack>" as a warning before the same error reaches us;
 * a command reports it once, as one line, so those warnings are dropped (others go to stderr).
 */
function quietConnectionWarnings(db: Database): void {
  const logger = (db.knex.client as { logger?: { _warn?: (m: unknown) => void } }).logger;
  if (!logger) return;
  logger._warn = (m: unknown) => {
    const text = typeof m === 'string' ? m : String(m);
    if (!text.startsWith('Acquire connection error')) process.stderr.write(`knex: ${text}\n`);
  };
}

/** A one-line reason for an expected failure (no stack trace); connection errors get a hint. */
export function failureMessage(e: unknown, config?: AppConfig): string {
  const err = e as NodeJS.ErrnoException & { errors?: Error[] };
  let message = err instanceof Error ? err.message : String(e);
  if (!message && err?.errors?.length) message = err.errors.map((x) => x.message).join('; '); // AggregateError (ECONNREFUSED on ::1 and 127.0.0.1)
  if (!message) message = err?.code ?? 'unknown error';
  if (config?.databaseUrl && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|password authentication|does not exist|timeout/i.test(`${message} ${err?.code ?? ''}`)) {
    message += ` (check DATABASE_URL: ${describeDatabase(config)})`;
  }
  return message;
}

export async function runMigrate(env: NodeJS.ProcessEnv = process.env, out = process.stdout, err = process.stderr): Promise<number> {
  let config: AppConfig | undefined;
  try {
    config = loadConfig(env);
    const { db, applied } = await openMigrated(config);
    try {
      const [{ n }] = await db.knex('knex_migrations').count<{ n: string | number }[]>({ n: '*' });
      out.write(applied.length
        ? `migrate: applied ${applied.length} migration(s) to ${describeDatabase(config)}:\n${applied.map((a) => `  ${a}\n`).join('')}`
        : `migrate: ${describeDatabase(config)} is up to date (${Number(n)} migration(s) applied earlier)\n`);
    } finally {
      await db.close();
    }
    return 0;
  } catch (e) {
    err.write(`migrate failed: ${failureMessage(e, config)}\n`);
    return 1;
  }
}

if (require.main === module) {
  runMigrate().then((code) => process.exit(code), (e) => {
    process.stderr.write(`migrate failed: ${failureMessage(e)}\n`);
    process.exit(1);
  });
}
