// Why: the bench imports its dataset through the real import path (importNdjsonFile, the code of
// `npm run import`) in a process of its own, so the importer's peak RSS (VmHWM) is its own and
// not the bench's. Like `npm run import` (scripts/import.js) it runs the compiled build in dist/,
// which the bench compiles before it starts (bench/run.ts). Prints one JSON line on stdout: the
// import summary and the memory figures.
//
//   node --import tsx bench/import-child.ts DATABASE_URL FILE.ndjson
import fs from 'node:fs';
import path from 'node:path';
import type * as Connection from '../src/db/connection';
import type * as Processes from '../src/processes';
import type * as Sync from '../src/processes/sync';
import type * as Ndjson from '../src/ingest/ndjson';

/** A module of the compiled build (dist/), typed as its source. */
function compiled<T>(file: string): T {
  const full = path.resolve(__dirname, '..', 'dist', file);
  if (!fs.existsSync(full)) throw new Error(`${full} is missing: run \`npm run build\` (the bench compiles before it imports)`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(full) as T;
}

/** `VmHWM` and `VmRSS` of /proc/<pid>/status, in kB (null off Linux). */
export function procMemory(pid: number | 'self'): { hwmKb: number | null; rssKb: number | null } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => {
      const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
      return m ? Number(m[1]) : null;
    };
    return { hwmKb: kb('VmHWM'), rssKb: kb('VmRSS') };
  } catch {
    return { hwmKb: null, rssKb: null };
  }
}

async function main(): Promise<void> {
  const [url, file] = process.argv.slice(2);
  if (!url || !file) throw new Error('usage: bench/import-child.ts DATABASE_URL FILE.ndjson');
  const { migrate, openDatabase } = compiled<typeof Connection>('src/db/connection.js');
  const { PROCESSES, ProcessCatalog } = compiled<typeof Processes>('src/processes/index.js');
  const { syncProcesses } = compiled<typeof Sync>('src/processes/sync.js');
  const { importNdjsonFile } = compiled<typeof Ndjson>('src/ingest/ndjson.js');
  const db = await openDatabase({ url, poolMax: 2 });
  try {
    await migrate(db);
    await syncProcesses(db.knex, PROCESSES);
    const ctx = { knex: db.knex, catalog: new ProcessCatalog(PROCESSES), zone: 'Europe/Amsterdam' };
    const before = procMemory('self');
    const started = Date.now();
    const summary = await importNdjsonFile(ctx, file, {
      onProgress: (p) => process.stderr.write(`  import ${p.phase}: ${p.lines.toLocaleString('en')} lines, ${Math.round(p.perSecond).toLocaleString('en')}/s\n`),
    });
    const after = procMemory('self');
    process.stdout.write(`${JSON.stringify({ summary, wallSeconds: (Date.now() - started) / 1000, rssBeforeKb: before.rssKb, vmHwmKb: after.hwmKb, rssAfterKb: after.rssKb })}\n`);
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`import failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
