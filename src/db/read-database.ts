// Why: KPI, dashboard and case queries only read. They run on a pool of their own, so that
// (1) DATABASE_READ_URL can send them to a read replica while ingestion stays on DATABASE_URL, and
// (2) their connections carry the KPI statement timeout and jit = off from the moment they are
// opened, so a KPI statement is a single round trip (docs/scaling.md, docs/perf-notes-serving.md).
import { Database, openDatabase } from './connection';

export interface ReadDatabase {
  db: Database;
  /** This pool was opened here (and is closed with the app); false: it is the primary itself. */
  own: boolean;
}

/**
 * The pool for reads. PGlite: the one embedded database. PostgreSQL: a pool on `readUrl`, or on
 * the primary's URL when no replica is configured. A primary whose URL is unknown (a database
 * handed in without one) is used as it is; the engine then sets the timeout per statement.
 */
export async function openReadDatabase(primary: Database, readUrl: string | undefined, statementTimeoutMs: number): Promise<ReadDatabase> {
  if (primary.kind === 'pglite') {
    if (readUrl) throw new Error('DATABASE_READ_URL needs DATABASE_URL: the embedded database has no replicas');
    return { db: primary, own: false };
  }
  const url = readUrl ?? primary.url;
  if (!url) return { db: primary, own: false };
  const db = await openDatabase({ url, session: { statementTimeoutMs, jitOff: true } });
  return { db, own: true };
}
