// Why: one place reads the environment, so every part of the service (server, CLI, tests) agrees
// on the database, the port and the default time zone, and a typo in a variable fails loudly.
import { isValidTimeZone } from './time/zone';
import { AuthConfig, loadAuthConfig } from './auth/authenticate';
import { loadPermissions } from './auth/permissions';
import { PROCESSES } from './processes';
import type { PrivacyGuard } from './kpi/engine';
import type { QueryLimits } from './graphql/limits';

export interface AppConfig {
  /** postgres://… for a real PostgreSQL; undefined → embedded PGlite in `dataDir`. */
  databaseUrl?: string;
  /**
   * postgres://… of a read replica (a hot standby streaming from DATABASE_URL) for KPI,
   * dashboard and case queries; undefined → they use DATABASE_URL too. Ingestion, migrations
   * and the process sync always use DATABASE_URL. See docs/scaling.md.
   */
  databaseReadUrl?: string;
  /** Directory of the embedded database. */
  dataDir: string;
  port: number;
  /** false: never load demo data. */
  demoData: boolean;
  /** IANA zone for date deadlines, buckets and relative periods when a request names none. */
  defaultTimezone: string;
  /** Serve the GraphiQL playground at /playground. */
  playground: boolean;
  /** Most time buckets one KPI request may produce. */
  maxBuckets: number;
  /** Most points (buckets × group combinations) one KPI answer may hold. */
  maxPoints: number;
  production: boolean;
  auth: AuthConfig;
  /** Schema introspection (the playground needs it). */
  introspection: boolean;
  privacy: PrivacyGuard;
  limits: QueryLimits & { maxBodyBytes: number };
  /** Statement timeout of KPI queries on PostgreSQL, in ms. */
  kpiTimeoutMs: number;
  logLevel: string;
  /** Points kept in the KPI answer cache (0: no cache). */
  resultCache: number;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  if (['true', '1', 'on', 'yes'].includes(v.toLowerCase())) return true;
  if (['false', '0', 'off', 'no'].includes(v.toLowerCase())) return false;
  throw new Error(`${name} "${v}" must be true or false`);
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} "${v}" must be a whole number of at least ${min}`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const defaultTimezone = env.DEFAULT_TIMEZONE || 'Europe/Amsterdam';
  if (!isValidTimeZone(defaultTimezone)) {
    throw new Error(`DEFAULT_TIMEZONE "${defaultTimezone}" is not an IANA time zone (for example Europe/Amsterdam)`);
  }
  const port = Number(env.PORT || 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT "${env.PORT}" is not a port number`);
  }
  const production = env.NODE_ENV === 'production';
  const auth = loadAuthConfig(env);
  if (auth.mode !== 'off') auth.permissions = loadPermissions(env, PROCESSES.map((p) => p.key));
  const playground = bool(env, 'PLAYGROUND', !production);
  const databaseUrl = env.DATABASE_URL || undefined;
  const databaseReadUrl = env.DATABASE_READ_URL || undefined;
  if (databaseReadUrl && !databaseUrl) {
    throw new Error('DATABASE_READ_URL needs DATABASE_URL: a read replica serves a PostgreSQL primary, not the embedded database');
  }
  if (databaseReadUrl && !/^postgres(ql)?:\/\//.test(databaseReadUrl)) {
    throw new Error('DATABASE_READ_URL must be a postgres:// or postgresql:// URL');
  }
  return {
    databaseUrl,
    databaseReadUrl,
    dataDir: env.DATA_DIR || './.data',
    port,
    demoData: bool(env, 'DEMO_DATA', true),
    defaultTimezone,
    playground,
    maxBuckets: int(env, 'MAX_BUCKETS', 2000),
    maxPoints: int(env, 'MAX_POINTS', 20_000),
    production,
    auth,
    introspection: bool(env, 'INTROSPECTION', !production || playground),
    privacy: {
      assigneeDimension: bool(env, 'ASSIGNEE_DIMENSION', true),
      minGroupSize: int(env, 'PRIVACY_MIN_GROUP_SIZE', production ? 5 : 1),
    },
    limits: {
      maxBodyBytes: int(env, 'MAX_BODY_BYTES', 10 * 1024 * 1024, 1024),
      maxDepth: int(env, 'MAX_QUERY_DEPTH', 12),
      maxKpiFields: int(env, 'MAX_KPI_FIELDS', 200),
      maxFields: int(env, 'MAX_FIELDS', 5000),
    },
    kpiTimeoutMs: int(env, 'KPI_TIMEOUT_MS', 30_000, 100),
    logLevel: env.LOG_LEVEL || 'info',
    resultCache: int(env, 'RESULT_CACHE_POINTS', 500_000, 0),
  };
}
