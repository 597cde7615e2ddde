// Why: composes the service from its parts (database, processes, KPI registry, engine, GraphQL,
// HTTP routes) in one readable place. Tests create the same app with an in-memory database.
import 'reflect-metadata';
import http from 'node:http';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { AppConfig } from './config';
import { Database, migrate, openDatabase } from './db/connection';
import { openReadDatabase } from './db/read-database';
import { PROCESSES, ProcessCatalog } from './processes';
import { syncProcesses } from './processes/sync';
import { KpiRegistry } from './kpi/registry';
import { KpiEngine } from './kpi/engine';
import type { KpiClass } from './kpi/decorator';
import { KPIS } from '../kpis';
import { buildApiSchema } from './graphql/schema';
import { asksForKpis, createRequestContext, RequestContext, Services } from './graphql/context';
import { formatError } from './graphql/format-error';
import { playgroundRouter } from './http/playground';
import { webRouter } from './http/web';
import { IngestContext } from './ingest/ingest';
import pino, { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { Authenticator } from './auth/authenticate';
import { queryLimitsRule } from './graphql/limits';
import { requestLogPlugin } from './graphql/request-log';
import { syncStockDeltaZone } from './kpi/stock-delta-zone';
import { buildPendingIndexes } from './ingest/pending-indexes';
import { ResponseCache, responseCachePlugin } from './graphql/response-cache';
import { describeRefusedBody, HttpError, refuseDeepDocuments } from './http/refused-requests';
import { SourceSizedDocumentStore } from './graphql/document-store';
import { ResultCache } from './kpi/result-cache';
import { DashboardService } from './dashboards/service';
import { readDashboardFiles, validateDashboards } from './dashboards/load';
import type { DashboardDefinition } from './dashboards/types';

export interface App {
  config: AppConfig;
  /** The primary (DATABASE_URL): ingestion, migrations, process sync. */
  db: Database;
  /** KPI, dashboard and case reads (DATABASE_READ_URL, else a pool of its own on DATABASE_URL). */
  readDb: Database;
  services: Services;
  /** Whole results of repeated queries; undefined when caching is off (RESULT_CACHE_POINTS=0). */
  responseCache?: ResponseCache;
  server: http.Server;
  /** Listens on config.port (0: any free port); resolves with the URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface AppOptions {
  /** Use this database instead of opening one from the config (tests). */
  db?: Database;
  kpis?: KpiClass[];
  log?: (e: unknown) => void;
  /** Use these dashboards instead of dashboards/*.dashboard.json (tests). */
  dashboards?: DashboardDefinition[];
  /** Structured request log; default pino to stdout at config.logLevel. */
  logger?: Logger;
}

export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<App> {
  const catalog = new ProcessCatalog(PROCESSES);
  const registry = new KpiRegistry(options.kpis ?? KPIS, catalog.keys());
  const db = options.db ?? (await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir }));
  await migrate(db);
  await syncProcesses(db.knex, PROCESSES);
  await syncStockDeltaZone(db.knex, config.defaultTimezone);
  const read = await openReadDatabase(db, config.databaseReadUrl, config.kpiTimeoutMs);
  const readDb = read.db;

  const ingest: IngestContext = { knex: db.knex, catalog, zone: config.defaultTimezone };
  const engine = new KpiEngine({
    knex: readDb.knex, catalog, registry, defaultTimezone: config.defaultTimezone,
    maxBuckets: config.maxBuckets, maxPoints: config.maxPoints, privacy: config.privacy,
    statementTimeoutMs: config.kpiTimeoutMs, databaseKind: readDb.kind,
    connectionSettings: readDb.session?.statementTimeoutMs === config.kpiTimeoutMs && !!readDb.session.jitOff,
  });
  const logger = options.logger ?? pino({ level: config.logLevel, base: { service: 'stuurinfo' } });
  // A first import stopped while it built its indexes left them queued (migration 008): build them
  // before serving, or every KPI statement would scan whole tables.
  const pending = await buildPendingIndexes(db.knex);
  if (pending.built.length) logger.warn({ indexes: pending.built, seconds: pending.seconds }, 'built the indexes a stopped import had left pending');
  const authenticator = new Authenticator(config.auth);
  if (config.auth.mode === 'off') {
    logger.warn('AUTHENTICATION IS OFF (AUTH_MODE=off): every caller may read every process and send events. Development only; refused when NODE_ENV=production.');
  }
  const dashboardDefinitions = options.dashboards ?? readDashboardFiles();
  await validateDashboards(dashboardDefinitions, catalog, engine);
  const dashboards = new DashboardService(dashboardDefinitions, options.log);
  const resultCache = config.resultCache ? new ResultCache(config.resultCache) : undefined;
  // Whole results of repeated queries (src/graphql/response-cache.ts), on when answers are cached.
  const responseCache = resultCache ? new ResponseCache() : undefined;
  const services: Services = { engine, catalog, ingest, dashboards, resultCache };

  const expressApp = express();
  expressApp.disable('x-powered-by');
  // No ETag on API answers: they are POSTs (never revalidated), and hashing every answer costs
  // CPU on each request. Static files (src/http/web.ts) set their own validators.
  expressApp.set('etag', false);
  const server = http.createServer(expressApp);
  // Keep idle connections longer than a reverse proxy or client pool does (nginx upstream and most
  // load balancers: 60 s). With Node's 5 s default a client reusing a connection the server has just
  // closed gets a reset ("fetch failed", a 502 behind a proxy) instead of an answer.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const apollo = new ApolloServer<RequestContext>({
    schema: await buildApiSchema(),
    documentStore: new SourceSizedDocumentStore(),
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    // src/index.ts owns SIGTERM/SIGINT: it drains HTTP, stops Apollo and closes the pool in order.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => formatError(formatted, error, options.log ?? ((e) => logger.error({ err: e }, 'internal error'))),
    validationRules: [queryLimitsRule(config.limits)],
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      ApolloServerPluginLandingPageDisabled(),
      // We set no cache hints (answers are cached by data version, src/kpi/result-cache.ts); the
      // default cache-control plugin would still wrap every field's resolver, on every point.
      ApolloServerPluginCacheControlDisabled(),
      requestLogPlugin(logger),
      ...(responseCache ? [responseCachePlugin(responseCache)] : []),
    ],
  });
  await apollo.start();

  expressApp.get('/health/live', (_req, res) => void res.json({ status: 'ok' }));
  // Ready when both the primary (ingestion) and the read pool (KPIs) answer; with
  // DATABASE_READ_URL these are two servers, and either one down makes the instance unready.
  expressApp.get('/health/ready', async (_req, res) => {
    const [primary, reads] = await Promise.all([db, readDb].map((d) => d.knex.raw('select 1').then(() => true, () => false)));
    const body = { database: db.kind, primary: primary ? 'ok' : 'unavailable', read: reads ? 'ok' : 'unavailable' };
    if (primary && reads) res.json({ status: 'ok', ...body });
    else res.status(503).json({ status: 'unavailable', ...body });
  });
  if (config.playground) {
    expressApp.use(playgroundRouter());
    // A person opening /graphql in a browser gets the playground instead of an error.
    expressApp.get('/graphql', (req, res, next) => {
      if (req.accepts(['html', 'json']) === 'html' && !req.query.query) return void res.redirect('/playground');
      next();
    });
  }
  expressApp.use(webRouter());
  expressApp.use('/graphql', (req, res, next) => {
    // A request id for the log line and the response, taken from a proxy when it is sane.
    const given = req.get('x-request-id');
    const id = given && /^[A-Za-z0-9._-]{1,100}$/.test(given) ? given : randomUUID();
    res.locals.requestId = id;
    res.setHeader('X-Request-Id', id);
    next();
  });
  expressApp.use('/graphql', express.json({ limit: config.limits.maxBodyBytes }), refuseDeepDocuments, expressMiddleware(apollo, {
    context: async ({ req, res }) => {
      const principal = await authenticator.authenticate(req.headers.authorization);
      return createRequestContext(services, principal, String(res.locals.requestId), asksForKpis((req.body as { query?: unknown } | undefined)?.query));
    },
  }));
  // Whatever goes wrong before GraphQL runs (body parsing, a failing route) is answered as JSON
  // with a contract code: never Express's HTML error page with a stack trace.
  expressApp.use((err: HttpError, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return void next(err);
    const refused = describeRefusedBody(err, config.limits.maxBodyBytes);
    if (refused) return void res.status(refused.status).json({ errors: [{ message: refused.message, extensions: { code: 'BAD_USER_INPUT', field: 'body' } }] });
    (options.log ?? ((e: unknown) => logger.error({ err: e }, 'internal error')))(err);
    res.status(500).json({ errors: [{ message: 'Internal server error. The error has been logged.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  });

  return {
    config, db, readDb, services, server, responseCache,
    listen: () => new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, () => {
        const address = server.address();
        const port = typeof address === 'object' && address ? address.port : config.port;
        resolve(`http://localhost:${port}`);
      });
    }),
    close: async () => {
      await apollo.stop();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
      if (read.own) await readDb.close();
      if (!options.db) await db.close();
    },
  };
}
