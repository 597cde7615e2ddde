// Why: the event log is the source of truth and every other table is a read model of it. So the
// backup of this service is a backup of `events` (pg_dump -t events, or any export of it as
// NDJSON), and the restore is: load the events, then `npm run rebuild`. Rebuild is also how a
// change to the projection (src/ingest/project-case.ts) reaches data stored before it.
//
//   npm run rebuild -- [--chunk-size N]
//
// Cases are rebuilt in chunks of ~1,000 case ids, each chunk one transaction, so KPIs keep
// answering from a complete read model while it runs (every case is either old or new, never
// half) and a concurrent import of the same case waits for the chunk (the same advisory locks as
// ingestion). Read-model rows of cases that have no events left are removed at the end.
import type { Knex } from 'knex';
import { AppConfig, loadConfig } from '../config';
import { PROCESSES, ProcessCatalog } from '../processes';
import { syncProcesses } from '../processes/sync';
import { IngestContext, rebuildCases, bumpAllVersions } from '../ingest/ingest';
import { analyzeReadModel } from '../ingest/analyze';
import { describeDatabase, failureMessage, openMigrated } from './migrate';

export const READ_MODEL_TABLES = ['cases', 'case_intervals', 'case_closings', 'letters', 'tasks', 'task_intervals'] as const;

export interface RebuildProgress { caseIds: number; totalCaseIds: number; elapsedMs: number; perSecond: number }

export interface RebuildSummary {
  /** Distinct case ids in the event log. */
  caseIds: number;
  /** Cases with a `case.created` event (the others have no read model yet). */
  casesRebuilt: number;
  events: number;
  chunks: number;
  /** Read-model rows removed because their case has no events any more. */
  orphanRowsRemoved: number;
  /** Rows per read-model table afterwards. */
  rows: Record<string, number>;
  seconds: number;
}

export async function rebuildReadModel(
  ctx: IngestContext,
  options: { chunkSize?: number; onProgress?: (p: RebuildProgress) => void } = {},
): Promise<RebuildSummary> {
  const chunkSize = Math.max(1, options.chunkSize ?? 1000);
  const started = Date.now();
  const knex = ctx.knex;
  const [{ cases: totalCaseIds, events }] = (await knex('events').select(
    knex.raw('count(distinct case_id)::int as cases'), knex.raw('count(*)::int as events'),
  )) as { cases: number; events: number }[];

  // Rebuild reads events and deletes read-model rows by case id: plan those with statistics.
  await analyzeReadModel(knex);
  let after: string | null = null;
  let caseIds = 0;
  let casesRebuilt = 0;
  let chunks = 0;
  let lastReport = Date.now();
  for (;;) {
    // Keyset pagination over the (case_id, at) index: never all case ids in memory at once.
    const q = knex('events').distinct('case_id').orderBy('case_id').limit(chunkSize);
    if (after !== null) q.where('case_id', '>', after);
    const ids = ((await q) as { case_id: string }[]).map((r) => r.case_id);
    if (ids.length === 0) break;
    casesRebuilt += await knex.transaction(async (trx) => {
      await lockCases(trx, ids);
      return rebuildCases(trx, ctx, ids);
    });
    caseIds += ids.length;
    chunks++;
    after = ids[ids.length - 1];
    const now = Date.now();
    if (options.onProgress && (now - lastReport >= 2000 || caseIds === totalCaseIds)) {
      lastReport = now;
      const elapsedMs = now - started;
      options.onProgress({ caseIds, totalCaseIds, elapsedMs, perSecond: elapsedMs > 0 ? (caseIds * 1000) / elapsedMs : 0 });
    }
    if (ids.length < chunkSize) break;
  }

  let orphanRowsRemoved = 0;
  await knex.transaction(async (trx) => {
    for (const table of [...READ_MODEL_TABLES].reverse()) {
      const removed = await trx(table).whereNotExists(trx('events').select(trx.raw('1')).whereRaw('events.case_id = ??.case_id', [table])).delete().returning('case_id');
      orphanRowsRemoved += (removed as unknown[]).length;
    }
    // Every cached KPI answer may have changed.
    await bumpAllVersions(trx);
  });

  // The read model was rewritten: fresh statistics for the KPI statements.
  await analyzeReadModel(knex);
  const rows: Record<string, number> = {};
  for (const table of READ_MODEL_TABLES) {
    const [{ n }] = (await knex(table).select(knex.raw('count(*)::int as n'))) as { n: number }[];
    rows[table] = n;
  }
  return { caseIds, casesRebuilt, events, chunks, orphanRowsRemoved, rows, seconds: (Date.now() - started) / 1000 };
}

/** The same per-case advisory locks as ingestEvents (sorted, so two writers cannot deadlock). */
async function lockCases(trx: Knex.Transaction, ids: string[]): Promise<void> {
  await trx.raw('select pg_advisory_xact_lock(hashtext(c)) from unnest(?::text[]) as c order by c', [[...ids].sort()]);
}

const n = (x: number) => Math.round(x).toLocaleString('en');

export function formatRebuildSummary(s: RebuildSummary, where: string): string {
  return [
    `rebuilt the read model of ${where} from the event log`,
    `  events          ${n(s.events)}`,
    `  case ids        ${n(s.caseIds)}`,
    `  cases rebuilt   ${n(s.casesRebuilt)}${s.caseIds > s.casesRebuilt ? ` (${n(s.caseIds - s.casesRebuilt)} without case.created: no read model yet)` : ''}`,
    `  orphan rows     ${n(s.orphanRowsRemoved)} removed`,
    `  rows            ${READ_MODEL_TABLES.map((t) => `${t} ${n(s.rows[t])}`).join(', ')}`,
    `  seconds         ${s.seconds.toFixed(1)} (${n(s.seconds > 0 ? s.caseIds / s.seconds : 0)} cases/s, ${s.chunks} chunk(s))`,
  ].join('\n') + '\n';
}

export async function runRebuild(argv: string[], env: NodeJS.ProcessEnv = process.env, out = process.stdout, err = process.stderr): Promise<number> {
  let chunkSize: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      out.write('usage: npm run rebuild -- [--chunk-size N]\n');
      return 0;
    }
    if (arg === '--chunk-size' || arg.startsWith('--chunk-size=')) {
      const v = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      const size = Number(v);
      if (!Number.isInteger(size) || size < 1) {
        err.write(`rebuild: --chunk-size must be a positive whole number, got "${v ?? ''}"\n`);
        return 2;
      }
      chunkSize = size;
    } else {
      err.write(`rebuild: unknown argument ${arg}\nusage: npm run rebuild -- [--chunk-size N]\n`);
      return 2;
    }
  }
  let config: AppConfig | undefined;
  try {
    config = loadConfig(env);
    const { db } = await openMigrated(config);
    try {
      await syncProcesses(db.knex, PROCESSES);
      const ctx = { knex: db.knex, catalog: new ProcessCatalog(PROCESSES), zone: config.defaultTimezone };
      const summary = await rebuildReadModel(ctx, {
        chunkSize,
        onProgress: (p) => err.write(`rebuilding: ${n(p.caseIds)} of ${n(p.totalCaseIds)} case ids (${p.totalCaseIds ? Math.floor((p.caseIds * 100) / p.totalCaseIds) : 100}%), ${n(p.perSecond)} cases/s\n`),
      });
      out.write(formatRebuildSummary(summary, describeDatabase(config)));
    } finally {
      await db.close();
    }
    return 0;
  } catch (e) {
    err.write(`rebuild failed: ${failureMessage(e, config)}\n`);
    return 1;
  }
}

if (require.main === module) {
  runRebuild(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
    process.stderr.write(`rebuild failed: ${failureMessage(e)}\n`);
    process.exit(1);
  });
}
