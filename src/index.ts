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

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`stuurinfo: ${signal} received, finishing requests in flight…`);
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((e) => {
  console.error('stuurinfo: failed to start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
