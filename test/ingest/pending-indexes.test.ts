// Why: a first import builds its secondary indexes after its commit (src/ingest/pending-indexes.ts,
// migration 008). Whatever stops it between the commit and its last index leaves the definitions
// queued; the next start of the service (or of an import) must build exactly those, once, and a
// build another process holds must be left to it.
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { buildPendingIndexes, ifNotExists } from '../../src/ingest/pending-indexes';
import { createTestDatabase, databaseLabel, TestDatabase } from '../helpers/database';
import { announceSkip } from '../faults/support';

const INDEX = 'case_intervals_open_point_idx';

describe(`pending indexes on ${databaseLabel()}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.dispose();
  });

  const definitionOf = async (name: string): Promise<string | null> =>
    (await db.knex.raw('select pg_get_indexdef(to_regclass(?)) as d', [name])).rows[0].d ?? null;
  const pending = async () => (await db.knex.raw('select name from pending_indexes order by name')).rows.map((r: { name: string }) => r.name);

  /** What a first import leaves when it is stopped after its commit: the index gone, its definition queued. */
  const leaveQueued = async (name: string) => {
    const definition = (await definitionOf(name))!;
    await db.knex.transaction(async (trx) => {
      await trx.raw(`drop index ${name}`);
      await trx.raw('insert into pending_indexes (name, table_name, definition) values (?, ?, ?)', [name, 'case_intervals', definition]);
    });
    return definition;
  };

  it('the service builds what a stopped import left queued before it serves, and only that', async () => {
    const definition = await leaveQueued(INDEX);
    expect(await definitionOf(INDEX)).toBeNull();
    const warnings: unknown[] = [];
    const logger = { warn: (o: unknown) => warnings.push(o), info: () => undefined, error: () => undefined, debug: () => undefined, child() { return this; } };
    const app = await createApp({ ...loadConfig({ LOG_LEVEL: 'silent' }), port: 0 }, { db, logger: logger as never });
    try {
      expect(await definitionOf(INDEX)).toBe(definition);
      expect(await pending()).toEqual([]);
      expect(warnings.filter((w) => typeof w === 'object')).toEqual([expect.objectContaining({ indexes: [INDEX] })]);
      // Nothing queued: a start builds nothing.
      expect((await buildPendingIndexes(db.knex)).built).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('builds two at a time, each exactly once, and leaves no row behind', async () => {
    const names = ['case_intervals_open_point_idx', 'case_intervals_type_to_idx'];
    const definitions = await Promise.all(names.map(definitionOf));
    expect(definitions.every((d) => d !== null)).toBe(true);
    await db.knex.transaction(async (trx) => {
      for (const [i, name] of names.entries()) {
        await trx.raw(`drop index ${name}`);
        await trx.raw('insert into pending_indexes (name, table_name, definition) values (?, ?, ?)', [name, 'case_intervals', definitions[i]]);
      }
    });
    const result = await buildPendingIndexes(db.knex, 2);
    expect(result.built.sort()).toEqual([...names].sort());
    expect(await Promise.all(names.map(definitionOf))).toEqual(definitions);
    expect(await pending()).toEqual([]);
  });

  if (!process.env.TEST_DATABASE_URL) announceSkip('a build another process holds', 'PGlite has one connection, so no second process can hold a row');
  (process.env.TEST_DATABASE_URL ? it : it.skip)('leaves an index to the process that holds its row (PostgreSQL: PGlite has one connection)', async () => {
    const definition = await leaveQueued(INDEX);
    const trx = await db.knex.transaction();
    try {
      await trx.raw('select 1 from pending_indexes where name = ? for update', [INDEX]);
      expect((await buildPendingIndexes(db.knex)).built).toEqual([]);
      expect(await definitionOf(INDEX)).toBeNull();
    } finally {
      await trx.rollback();
    }
    expect((await buildPendingIndexes(db.knex)).built).toEqual([INDEX]);
    expect(await definitionOf(INDEX)).toBe(definition);
  });

  it('an index that exists already is not an error', () => {
    expect(ifNotExists('CREATE INDEX a_idx ON public.a USING btree (x)')).toBe('CREATE INDEX IF NOT EXISTS a_idx ON public.a USING btree (x)');
    expect(ifNotExists('CREATE INDEX IF NOT EXISTS a_idx ON public.a USING btree (x)')).toBe('CREATE INDEX IF NOT EXISTS a_idx ON public.a USING btree (x)');
  });
});
