// Why: one place reads the environment, so every part of the service (server, CLI, tests) agrees
// on the database, the port and the default time zone, and a typo in a variable fails loudly.
import { isValidTimeZone } from './time/zone';

export interface AppConfig {
  /** postgres://… for a real PostgreSQL; undefined → embedded PGlite in `dataDir`. */
  databaseUrl?: string;
  /** Directory of the embedded database. */
  dataDir: string;
  port: number;
  /** false: never load demo data. */
  demoData: boolean;
  /** IANA zone for date deadlines, buckets and relative periods when a request names none. */
  defaultTimezone: string;
  /** Serve the GraphiQL playground at /playground. */
  playground: boolean;
  /** Upper bound on buckets × groups a KPI may return. */
  maxBuckets: number;
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
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR || './.data',
    port,
    demoData: (env.DEMO_DATA ?? 'true').toLowerCase() !== 'false',
    defaultTimezone,
    playground: (env.PLAYGROUND ?? (env.NODE_ENV === 'production' ? 'false' : 'true')).toLowerCase() !== 'false',
    maxBuckets: Number(env.MAX_BUCKETS || 2000),
  };
}
