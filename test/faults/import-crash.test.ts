// Why: issue 5, item 6: "a crash in the middle of an import leaves the database as before that
// batch". The importer stores a file in batches, each one transaction; if the process dies (OOM
// killer, kill -9, a power cut of the VM) while a batch is being written, the batches before it are
// stored and the running one is not: no case may be half written, and importing the file again
// must finish the job as if nothing had happened.
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { migrate, openDatabase } from '../../src/db/connection';
import { importNdjsonFile } from '../../src/ingest/ndjson';
import { generateDemoEvents, RawEvent } from '../../src/demo/generate';
import { shuffled } from '../helpers/shuffle';
import { syncProcesses } from '../../src/processes/sync';
import { PROCESSES } from '../../src/processes';
import {
  announceSkip, childEnv, createPostgresDatabase, dump, ingestContext, postgresServer, readModelAndRebuild, ROOT, runCli, serviceConnections, sleep, ThrowAwayDatabase,
} from './support';

/**
 * A shuffled file, so almost every case is spread over many batches: a crash then leaves many
 * cases with only some of their events stored, which is exactly when a half-written read model
 * would show.
 */
function eventsFile(dir: string, months: number, scale: number): { file: string; events: RawEvent[] } {
  const events = shuffled([...generateDemoEvents({ now: new Date('2025-06-01T00:00:00Z'), months, scale, seed: 5 })], 9);
  const file = path.join(dir, 'big.ndjson');
  fs.writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  return { file, events };
}

/** Starts `npm run import` as its own process (node --import tsx, so the pid is the importer). */
function startImport(file: string, batchSize: number, env: Record<string, string>): { child: ChildProcess; stderr: () => string; exited: Promise<number | string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', file, '--batch-size', String(batchSize)], { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  child.stdout!.resume();
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, stderr: () => err, exited };
}

/** The stored events are exactly the first K lines of the file: whole batches, in file order. */
async function expectStoredPrefix(knex: Knex, events: RawEvent[]): Promise<number> {
  const stored = new Set(((await knex('events').select('id')) as { id: string }[]).map((r) => r.id));
  const k = stored.size;
  const prefix = new Set(events.slice(0, k).map((e) => e.id));
  const missing = [...prefix].filter((id) => !stored.has(id));
  expect({ storedOutsideThePrefix: k - (prefix.size - missing.length), missingFromThePrefix: missing.length }).toEqual({ storedOutsideThePrefix: 0, missingFromThePrefix: 0 });
  return k;
}

async function expectNoHalfWrittenCase(knex: Knex) {
  const { before, rebuilt } = await readModelAndRebuild({ knex });
  expect(before).toEqual(rebuilt);
}

const pg = postgresServer();
const onPostgres = pg.url ? describe : describe.skip;
if (!pg.url) announceSkip('import crash on PostgreSQL', pg.reason!);

onPostgres('kill -9 of the importer while it stores (PostgreSQL)', () => {
  let dir: string;
  let db: ThrowAwayDatabase;
  let clean: ThrowAwayDatabase;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stuurinfo-crash-'));
    [db, clean] = await Promise.all([createPostgresDatabase(pg.url!, 'crash'), createPostgresDatabase(pg.url!, 'crashclean')]);
  });
  afterAll(async () => {
    await Promise.all([db?.dispose(), clean?.dispose()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('leaves whole batches only, every case equal to a rebuild, and a re-run completes it', async () => {
    const { file, events } = eventsFile(dir, 6, 0.25);
    expect(events.length).toBeGreaterThan(15_000);
    const run = startImport(file, 50, { DATABASE_URL: db.url });
    try {
      // Wait until pass 2 has stored a quarter of the file, then kill the importer outright.
      for (;;) {
        const [{ n }] = (await db.knex('events').select(db.knex.raw('count(*)::int as n'))) as { n: number }[];
        if (n >= events.length / 4) break;
        if (run.child.exitCode !== null) throw new Error(`the importer ended before it could be killed: ${run.stderr()}`);
        await sleep(20);
      }
      run.child.kill('SIGKILL');
      expect(await run.exited).toBe('SIGKILL');
    } finally {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    }
    // PostgreSQL rolls back the transaction of the dead connection once it notices the socket closed.
    for (let i = 0; i < 200 && (await serviceConnections(pg.url!, db.name)) > 0; i++) await sleep(50);
    expect(await serviceConnections(pg.url!, db.name)).toBe(0);

    const k = await expectStoredPrefix(db.knex, events);
    process.stderr.write(`import crash (PostgreSQL): killed with ${k} of ${events.length} events stored (batches of 50)\n`);
    expect(k).toBeGreaterThan(0);
    expect(k).toBeLessThan(events.length);
    await expectNoHalfWrittenCase(db.knex);

    // Importing the file again finishes it: the stored part counts as duplicates.
    const again = await runCli('import', [file, '--batch-size', '500'], { DATABASE_URL: db.url });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`events stored\\s+${(events.length - k).toLocaleString('en')}\\n`));
    expect(again.stdout).toMatch(new RegExp(`duplicates\\s+${k.toLocaleString('en')} `));
    // …and the result is exactly that of a clean import of the whole file.
    await importNdjsonFile(ingestContext(clean), file);
    expect(await dump(db.knex)).toEqual(await dump(clean.knex));
  });
});

const onPglite = process.env.TEST_DATABASE_URL ? describe.skip : describe;

onPglite('kill -9 of the importer while it stores (embedded PGlite)', () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stuurinfo-crash-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('leaves whole batches only, every case equal to a rebuild, and a re-run completes it', async () => {
    const { file, events } = eventsFile(dir, 3, 0.15);
    const dataDir = path.join(dir, 'data');
    const env = { DATA_DIR: dataDir };
    // The data directory exists (migrated) before the import, as on a running installation.
    expect((await runCli('migrate', [], env)).code).toBe(0);

    const run = startImport(file, 40, env);
    try {
      // PGlite is one process's database, so nobody else can look inside while the importer runs;
      // its progress line (printed after 2 s of storing) says that pass 2 is under way.
      for (;;) {
        if (/storing: /.test(run.stderr())) break;
        if (run.child.exitCode !== null) throw new Error(`the importer ended before it could be killed (make the file larger): ${run.stderr()}`);
        await sleep(20);
      }
      await sleep(300);
      run.child.kill('SIGKILL');
      expect(await run.exited).toBe('SIGKILL');
    } finally {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    }

    const db = await openDatabase({ dataDir });
    try {
      const k = await expectStoredPrefix(db.knex, events);
      process.stderr.write(`import crash (PGlite): killed with ${k} of ${events.length} events stored (batches of 40)\n`);
      expect(k).toBeGreaterThan(0);
      expect(k).toBeLessThan(events.length);
      await expectNoHalfWrittenCase(db.knex);
    } finally {
      await db.close();
    }

    const again = await runCli('import', [file, '--batch-size', '500'], env);
    expect(again.code).toBe(0);
    const clean = await openDatabase({});
    const after = await openDatabase({ dataDir });
    try {
      await migrate(clean);
      await syncProcesses(clean.knex, PROCESSES);
      await importNdjsonFile(ingestContext(clean), file);
      expect(await dump(after.knex)).toEqual(await dump(clean.knex));
    } finally {
      await Promise.all([clean.close(), after.close()]);
    }
  });
});
