// Why: flow KPIs read the facts of their window (closings, completed tasks) by time. The
// (case_type, closed_at | completed_at) indexes serve that only when the request names its case
// types; without them (every process a viewer may read) each bucket scanned the whole index. Cases
// already have cases_created_idx. Measured at 100,000 cases (docs/perf-notes-query.md): outflow per
// day for a year 4.0–5.1 s → 0.26 s, completedTasks 15–17 s → 1.0 s.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index case_closings_closed_idx on case_closings (closed_at)');
  await knex.raw('create index tasks_completed_idx on tasks (completed_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists tasks_completed_idx');
  await knex.raw('drop index if exists case_closings_closed_idx');
}
