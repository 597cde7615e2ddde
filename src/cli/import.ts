// Why: `npm run import -- FILE.ndjson` (contract sections 1 and 3): load an export of case events
// into the configured database. A file with any bad line is refused as a whole, every problem
// named by line and field, and the database stays as it was; importing a file again is harmless.
//
//   npm run import -- FILE.ndjson [--batch-size N]
//
// Exit codes: 0 imported; 1 refused (problems listed on stderr) or failed; 2 usage, or the file
// cannot be read.
import fs from 'node:fs';
import { AppConfig, loadConfig } from '../config';
import { PROCESSES, ProcessCatalog } from '../processes';
import { syncProcesses } from '../processes/sync';
import { describeImportProblem, importNdjsonFile, ImportProgress, ImportRefused, ImportSummary } from '../ingest/ndjson';
import { describeDatabase, failureMessage, openMigrated } from './migrate';

const USAGE = 'usage: npm run import -- FILE.ndjson [--batch-size N]';

interface Args { file: string; batchSize?: number }

function parseArgs(argv: string[]): Args | string {
  let file: string | undefined;
  let batchSize: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--batch-size' || arg.startsWith('--batch-size=')) {
      const v = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) return `--batch-size must be a positive whole number, got "${v ?? ''}"`;
      batchSize = n;
    } else if (arg.startsWith('-') && arg !== '-') {
      return `unknown option ${arg}`;
    } else if (file !== undefined) {
      return `one file at a time (got "${file}" and "${arg}")`;
    } else {
      file = arg;
    }
  }
  if (file === undefined) return 'no file given';
  if (file === '-') return 'reading standard input is not supported: the file is read twice (validate, then store)';
  return { file, batchSize };
}

const n = (x: number) => Math.round(x).toLocaleString('en');

export function formatSummary(s: ImportSummary, where: string): string {
  return [
    `imported ${s.file} into ${where}`,
    `  lines           ${n(s.lines)}${s.blankLines ? ` (${n(s.blankLines)} blank)` : ''}`,
    `  events stored   ${n(s.inserted)}`,
    `  duplicates      ${n(s.duplicates)} (already stored)`,
    `  cases rebuilt   ${n(s.casesRebuilt)}`,
    `  batches         ${n(s.batches)}`,
    s.mode === 'bulk'
      ? '  mode            bulk load of an empty database (one transaction, COPY; indexes built after it, two at a time)'
      : `  mode            batches (one transaction each)${s.bulkSkipped ? `; no bulk load: ${s.bulkSkipped}` : ''}`,
    s.mode === 'bulk'
      ? `  seconds         ${s.seconds.toFixed(1)} (load ${s.storeSeconds.toFixed(1)}, indexes ${s.indexSeconds.toFixed(1)}, analyze ${s.analyzeSeconds.toFixed(1)}); ${n(s.eventsPerSecond)} events/s`
      : `  seconds         ${s.seconds.toFixed(1)} (validate ${s.validateSeconds.toFixed(1)}, store ${s.storeSeconds.toFixed(1)}, analyze ${s.analyzeSeconds.toFixed(1)}); ${n(s.eventsPerSecond)} events/s`,
  ].join('\n') + '\n';
}

function formatProgress(p: ImportProgress): string {
  const pct = p.totalBytes > 0 ? ` (${Math.min(100, Math.floor((p.bytesRead * 100) / p.totalBytes))}%)` : '';
  return p.phase === 'validate'
    ? `validating: ${n(p.lines)} lines${pct}, ${n(p.perSecond)} lines/s\n`
    : `storing: ${n(p.lines)} lines${pct}, ${n(p.events)} events, ${n(p.perSecond)} events/s\n`;
}

export async function runImport(argv: string[], env: NodeJS.ProcessEnv = process.env, out = process.stdout, err = process.stderr): Promise<number> {
  const args = parseArgs(argv);
  if (args === 'help') {
    out.write(`${USAGE}\n`);
    return 0;
  }
  if (typeof args === 'string') {
    err.write(`import: ${args}\n${USAGE}\n`);
    return 2;
  }
  try {
    const stat = await fs.promises.stat(args.file);
    if (!stat.isFile()) {
      err.write(`import: ${args.file} is not a file\n`);
      return 2;
    }
    await fs.promises.access(args.file, fs.constants.R_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    err.write(code === 'ENOENT' ? `import: file not found: ${args.file}\n` : `import: cannot read ${args.file}: ${failureMessage(e)}\n`);
    return 2;
  }

  let config: AppConfig | undefined;
  try {
    config = loadConfig(env);
    const where = describeDatabase(config);
    const { db } = await openMigrated(config);
    try {
      await syncProcesses(db.knex, PROCESSES);
      const ctx = { knex: db.knex, catalog: new ProcessCatalog(PROCESSES), zone: config.defaultTimezone };
      const summary = await importNdjsonFile(ctx, args.file, { batchSize: args.batchSize, onProgress: (p) => err.write(formatProgress(p)) });
      out.write(formatSummary(summary, where));
    } finally {
      await db.close();
    }
    return 0;
  } catch (e) {
    if (e instanceof ImportRefused) {
      err.write(e.partial
        ? `import refused at line ${e.partial.beforeLine}: ${e.total} problem(s). Events before that line were stored (${n(e.partial.inserted)} new); the rest was not.\n` +
          'Fix the file and import it again: events already stored count as duplicates.\n'
        : `import refused: ${e.file} has ${n(e.total)} problem(s); nothing was stored (the database is unchanged).\n`);
      for (const p of e.problems) err.write(`  ${describeImportProblem(p)}\n`);
      if (e.total > e.problems.length) err.write(`  … and ${n(e.total - e.problems.length)} more (only the first ${e.problems.length} are listed)\n`);
      return 1;
    }
    err.write(`import failed: ${failureMessage(e, config)}\n`);
    return 1;
  }
}

if (require.main === module) {
  runImport(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
    process.stderr.write(`import failed: ${failureMessage(e)}\n`);
    process.exit(1);
  });
}
