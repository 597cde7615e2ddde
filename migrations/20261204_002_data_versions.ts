// Why: KPI answers are cached; an answer stays valid exactly as long as no event changed the read
// model of its processes. Every ingest bumps the version of the case types it touched (and of "*"),
// inside its transaction, so every API instance sees the change with one tiny query per request.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('data_versions', (t) => {
    t.text('scope').primary(); // a case type, or '*' for any change
    t.bigInteger('version').notNullable().defaultTo(0);
    t.specificType('changed_at', 'timestamptz').notNullable().defaultTo(knex.raw('now()'));
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('data_versions');
}
