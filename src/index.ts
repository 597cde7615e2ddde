// Why: the entry point of `npm start`: configure, migrate, load demo data into an empty database,
// serve, and shut down cleanly on SIGTERM/SIGINT.
import 'reflect-metadata';
import { loadConfig } from './config';
import { createApp } from './app';
import { isEmpty, loadDemoData } from './demo/load';

async function main(): Promise<void> {
  const config = loadConfig();
  const started = Date.now();
  const app = await createApp(config);
  const where = app.db.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  console.log(`stuurinfo: database ready: ${where}`);
  if (config.demoData && (await isEmpty(app.db.knex))) {
    console.log('stuurinfo: empty database, loading demo data (set DEMO_DATA=false to skip)…');
    const t = Date.now();
    const summary = await loadDemoData(app.services.ingest, { now: new Date() });
    console.log(`stuurinfo: demo data loaded: ${summary.cases} cases, ${summary.events} events in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const url = await app.listen();
  console.log(`stuurinfo: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`  GraphQL API   POST ${url}/graphql`);
  if (config.playground) console.log(`  Playground    ${url}/playground`);
  console.log(`  Health        ${url}/health/live  ${url}/health/ready`);

  // SIGTERM (docker stop, Kubernetes) and SIGINT (Ctrl-C): stop accepting connections, let the
  // requests in flight finish (app.close drains the HTTP server; Apollo waits up to 10 s for
  // them), then close the database pool so PostgreSQL keeps no connection of ours. A drain that
  // takes longer than SHUTDOWN_TIMEOUT_MS (default 30 s) ends the process with exit code 1.
  // This process owns SIGTERM and SIGINT. Apollo Server registers its own handlers for them
  // (outside NODE_ENV=test, unless created with stopOnTerminationSignals: false); those call
  // apolloServer.stop() too, and in @apollo/server 5 a second, concurrent stop() waits forever
  // (its barrier is only released when stopping fails), so app.close() would never reach the
  // pool. Hence: only our handler. A repeated signal is ignored while the drain runs.
  const shutdownTimeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS || 30_000);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const t = Date.now();
    console.log(`stuurinfo: ${signal} received, finishing requests in flight…`);
    const force = setTimeout(() => {
      console.error(`stuurinfo: requests still running after ${shutdownTimeoutMs} ms, exiting without waiting`);
      process.exit(1);
    }, shutdownTimeoutMs);
    force.unref();
    try {
      await app.close();
    } catch (e) {
      console.error('stuurinfo: shutdown failed:', e instanceof Error ? e.message : e);
      process.exit(1);
    }
    console.log(`stuurinfo: stopped in ${((Date.now() - t) / 1000).toFixed(1)} s: requests finished, database pool closed`);
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(signal));
  }
}

main().catch((e) => {
  console.error('stuurinfo: failed to start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
