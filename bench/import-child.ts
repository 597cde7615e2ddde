// Why: the bench imports its dataset through the real import path (importNdjsonFile, the code of
// `npm run import`) in a process of its own, so the importer's peak RSS (VmHWM) is its own and
// not the bench's. Prints one JSON line on stdout: the import summary and the memory figures.
//
//   node --import tsx bench/import-child.ts DATABASE_URL FILE.ndjson
import fs from 'node:fs';
import { migrate, openDatabase } from '../src/db/connection';
import { PROCESSES, ProcessCatalog } from '../src/processes';
import { syncProcesses } from '../src/processes/sync';
import { importNdjsonFile } from '../src/ingest/ndjson';

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
