// Why: the event log is the source of truth; everything else in this file is a read model that
// can be rebuilt from it (`npm run rebuild`). The read model is shaped for questions "as of
// instant T" (contract section 4): one row per interval in which a case's (or task's) state is
// constant, so a snapshot KPI is one range lookup per snapshot instant.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('events', (t) => {
    t.text('id').primary(); // the idempotency key of contract section 3
    t.text('case_id').notNullable();
    t.text('type').notNullable();
    t.specificType('at', 'timestamptz').notNullable();
    t.jsonb('data').notNullable();
    t.specificType('received_at', 'timestamptz').notNullable().defaultTo(knex.raw('now()'));
    t.index(['case_id', 'at'], 'events_case_at_idx');
  });

  await knex.schema.createTable('case_types', (t) => {
    t.text('key').primary();
    t.text('label').notNullable();
    t.text('legal_term').notNullable();
    t.text('extension_term');
    t.jsonb('definition').notNullable();
    t.specificType('synced_at', 'timestamptz').notNullable().defaultTo(knex.raw('now()'));
  });

  // One row per case that has a case.created event.
  await knex.schema.createTable('cases', (t) => {
    t.text('case_id').primary();
    t.text('case_type').notNullable();
    t.text('reference');
    t.specificType('created_at', 'timestamptz').notNullable();
    t.jsonb('attributes').notNullable().defaultTo('{}');
    t.index(['case_type', 'created_at'], 'cases_type_created_idx');
    t.index(['created_at'], 'cases_created_idx');
    t.index(['reference'], 'cases_reference_idx');
  });

  // The state of a case over [valid_from, valid_to). Intervals are also split where an open,
  // running case crosses its effective deadline, so `overdue` is constant within a row.
  await knex.schema.createTable('case_intervals', (t) => {
    t.text('case_id').notNullable();
    t.text('case_type').notNullable();
    t.specificType('created_at', 'timestamptz').notNullable();
    t.specificType('valid_from', 'timestamptz').notNullable();
    t.specificType('valid_to', 'timestamptz').notNullable(); // 'infinity' for the current state
    t.boolean('is_open').notNullable();
    t.text('status');
    t.text('assignee');
    t.text('role');
    t.boolean('suspended').notNullable();
    // Effective deadline at valid_from (suspensions so far included); grows with time while suspended.
    t.specificType('deadline', 'timestamptz');
    // Open: past the effective deadline during this interval. Closed: the last closing was late.
    // NULL when the case has no deadline.
    t.boolean('overdue');
    t.specificType('closed_at', 'timestamptz'); // the last closing, on closed intervals
    t.primary(['case_id', 'valid_from']);
  });
  await knex.raw(`create index case_intervals_open_range_idx on case_intervals
    using gist (tstzrange(valid_from, valid_to, '[)')) where is_open`);
  await knex.raw(`create index case_intervals_type_to_idx on case_intervals (case_type, valid_to, valid_from) where is_open`);

  // Every closing (a case closed, reopened and closed again has two rows).
  await knex.schema.createTable('case_closings', (t) => {
    t.text('event_id').primary();
    t.text('case_id').notNullable();
    t.text('case_type').notNullable();
    t.specificType('created_at', 'timestamptz').notNullable();
    t.specificType('closed_at', 'timestamptz').notNullable();
    t.specificType('deadline', 'timestamptz'); // effective deadline at the closing
    t.boolean('overdue');
    t.text('result');
    t.index(['case_type', 'closed_at'], 'case_closings_type_closed_idx');
    t.index(['case_id'], 'case_closings_case_idx');
  });

  await knex.schema.createTable('letters', (t) => {
    t.text('event_id').primary();
    t.text('case_id').notNullable();
    t.text('case_type').notNullable();
    t.text('letter_type').notNullable();
    t.specificType('sent_at', 'timestamptz').notNullable();
    t.index(['case_id', 'sent_at'], 'letters_case_sent_idx');
    t.index(['case_type', 'sent_at'], 'letters_type_sent_idx');
  });

  await knex.schema.createTable('tasks', (t) => {
    t.text('case_id').notNullable();
    t.text('task_id').notNullable();
    t.text('case_type').notNullable();
    t.text('step');
    t.specificType('created_at', 'timestamptz').notNullable();
    t.specificType('completed_at', 'timestamptz');
    t.specificType('due_at', 'timestamptz');
    t.text('role');
    t.text('assignee');
    t.boolean('overdue'); // completed late; NULL while open or without dueAt
    t.primary(['case_id', 'task_id']);
    t.index(['case_type', 'completed_at'], 'tasks_type_completed_idx');
  });

  // The state of a task over [valid_from, valid_to), split at its dueAt while open.
  await knex.schema.createTable('task_intervals', (t) => {
    t.text('case_id').notNullable();
    t.text('task_id').notNullable();
    t.text('case_type').notNullable();
    t.text('step');
    t.specificType('valid_from', 'timestamptz').notNullable();
    t.specificType('valid_to', 'timestamptz').notNullable();
    t.boolean('is_open').notNullable();
    t.text('assignee'); // the task's own; the case's applies when NULL
    t.text('role');
    t.specificType('due_at', 'timestamptz');
    t.boolean('overdue');
    t.primary(['case_id', 'task_id', 'valid_from']);
  });
  await knex.raw(`create index task_intervals_open_range_idx on task_intervals
    using gist (tstzrange(valid_from, valid_to, '[)')) where is_open`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['task_intervals', 'tasks', 'letters', 'case_closings', 'case_intervals', 'cases', 'case_types', 'events']) {
    await knex.schema.dropTableIfExists(table);
  }
}
