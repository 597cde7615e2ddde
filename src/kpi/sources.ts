// Why: a KPI measures facts of one *source*: the open cases at an instant, the closings inside a
// bucket, the open tasks, the letters… Each source is a small object that knows its SQL (the joins
// from the bucket row `b` to its facts) and which column answers each shared dimension, so the
// query builder can apply any dimension to any source without special cases. This is the only
// file that knows the read-model tables.
import type { Knex } from 'knex';
import { KpiKind } from './types';
import { openAt } from './query/open-at';

/** What a source exposes to dimensions: SQL expressions over its aliases. Never user input. */
export interface SourceColumns {
  caseId: string;
  caseType: string;
  status: string;
  role: string;
  assignee: string;
  /** Timeliness without a steps dimension: boolean, true = OVERDUE, NULL = no deadline. */
  overdue: string;
  /** The fact's own step (task sources); case sources get steps through their open tasks. */
  step: string | null;
  /** The case's attributes when the fact row has them (saves the join to `cases`). */
  attributes?: string;
}

/**
 * A source's join to the state of the fact's case at the bucket's instant, for sources whose fact
 * rows carry their case and process (flows, open tasks). The query builder adds it only when the
 * statement reads the state (`alias`): a flow KPI without state dimensions reads the window of its
 * fact table, not the whole history of case_intervals.
 */
export interface StateJoin {
  alias: string;
  sql: string;
}

export interface SourceContext {
  knex: Knex;
  params: Record<string, unknown>;
}

export interface Source {
  key: string;
  kind: KpiKind;
  subject: 'case' | 'task' | 'letter' | 'closing';
  description: string;
  /** Joins to the facts; `b` is the bucket row (b.t = snapshot instant, [b.range_from, b.t] = flow window). */
  join(q: Knex.QueryBuilder, ctx: SourceContext): void;
  /** Identifies one fact: the unit a `count` counts. */
  subjectSql: string;
  columns: SourceColumns;
  /** The state join, added on demand (case sources join their state in `join`). */
  state?: StateJoin;
}

/** The case's state at the bucket's snapshot instant, for any case (open or closed). */
const caseStateAtT = (alias = 'ci', on = '') =>
  `join case_intervals ${alias} on ${on}${alias}.valid_from <= b.t and ${alias}.valid_to > b.t`;

/**
 * The state of a flow fact's case at the bucket's instant, looked up per fact: the case's last
 * interval starting at or before t (one backward probe of the primary key), kept when it still
 * runs at t. Intervals of a case are contiguous from its creation, so this is the one interval
 * containing t. A per-fact lookup costs what the window holds; a join against case_intervals
 * hashes every interval that might contain an instant of the period, which at 36 months of
 * history is 40–100% of the table whatever the period (every closed case's last interval runs to
 * infinity), measured slower for a quarter and no faster for a year (docs/perf-notes-query.md).
 */
const stateOfFactCase = (caseId: string): StateJoin => ({
  alias: 'ci',
  sql: `join lateral (select * from case_intervals s where s.case_id = ${caseId} and s.valid_from <= b.t order by s.valid_from desc limit 1) ci on ci.valid_to > b.t`,
});

const caseColumns: SourceColumns = {
  caseId: 'ci.case_id',
  caseType: 'ci.case_type',
  status: 'ci.status',
  role: 'ci.role',
  assignee: 'ci.assignee',
  overdue: 'ci.overdue',
  step: null,
};

export const openCases: Source = {
  key: 'openCases',
  kind: 'snapshot',
  subject: 'case',
  description: 'cases open at the snapshot instant',
  join: (q) => {
    q.joinRaw(`join case_intervals ci on ${openAt('ci', 'b.t')}`);
  },
  subjectSql: 'ci.case_id',
  columns: caseColumns,
};

export const caseStates: Source = {
  key: 'caseStates',
  kind: 'snapshot',
  subject: 'case',
  description: 'every created case, open or closed, in its state at the snapshot instant (used for one case)',
  join: (q) => {
    q.joinRaw(caseStateAtT());
  },
  subjectSql: 'ci.case_id',
  columns: caseColumns,
};

export const lettersOfOpenCases: Source = {
  key: 'lettersOfOpenCases',
  kind: 'snapshot',
  subject: 'letter',
  description: 'letters sent up to the snapshot instant for cases open then',
  join: (q, ctx) => {
    openCases.join(q, ctx);
    q.joinRaw('join letters l on l.case_id = ci.case_id and l.sent_at <= b.t and l.letter_type = any(?::text[])', [
      ctx.params.letterTypes as string[],
    ]);
  },
  subjectSql: 'l.event_id',
  columns: caseColumns,
};

const taskColumns = (t: string): SourceColumns => ({
  caseId: 'ci.case_id',
  caseType: 'ci.case_type',
  status: 'ci.status',
  role: `coalesce(${t}.role, ci.role)`,
  assignee: `coalesce(${t}.assignee, ci.assignee)`,
  overdue: `${t}.overdue`,
  step: `${t}.step`,
});

export const openTasks: Source = {
  key: 'openTasks',
  kind: 'snapshot',
  subject: 'task',
  description: 'tasks open at the snapshot instant, with the state of their case then',
  join: (q) => {
    q.joinRaw(`join task_intervals ti on ${openAt('ti', 'b.t')}`);
  },
  subjectSql: '(ti.case_id, ti.task_id)',
  // A task interval carries its case and process; the case's state only for status, role, … .
  columns: { ...taskColumns('ti'), caseId: 'ti.case_id', caseType: 'ti.case_type' },
  // A task is open only while its case exists (tasks start after case.created): always one row.
  state: { alias: 'ci', sql: caseStateAtT('ci', 'ci.case_id = ti.case_id and ') },
};

export const caseCreations: Source = {
  key: 'caseCreations',
  kind: 'flow',
  subject: 'case',
  description: 'cases created inside the bucket and period',
  join: (q) => {
    q.joinRaw('join cases c on c.created_at >= b.range_from and c.created_at <= b.t');
  },
  subjectSql: 'c.case_id',
  // The process of a fact is on the fact row: the index on (case_type, created_at) serves the window.
  columns: { ...caseColumns, caseId: 'c.case_id', caseType: 'c.case_type', attributes: 'c.attributes' },
  state: stateOfFactCase('c.case_id'),
};

export const caseClosings: Source = {
  key: 'caseClosings',
  kind: 'flow',
  subject: 'closing',
  description: 'closings inside the bucket and period (a case closed twice counts twice)',
  join: (q) => {
    q.joinRaw('join case_closings cc on cc.closed_at >= b.range_from and cc.closed_at <= b.t');
  },
  subjectSql: 'cc.event_id',
  // A closing is on time or late by itself, whatever happened to the case afterwards.
  columns: { ...caseColumns, caseId: 'cc.case_id', caseType: 'cc.case_type', overdue: 'cc.overdue' },
  state: stateOfFactCase('cc.case_id'),
};

export const taskCompletions: Source = {
  key: 'taskCompletions',
  kind: 'flow',
  subject: 'task',
  description: 'tasks completed inside the bucket and period',
  join: (q) => {
    q.joinRaw('join tasks tk on tk.completed_at >= b.range_from and tk.completed_at <= b.t');
  },
  subjectSql: '(tk.case_id, tk.task_id)',
  columns: { ...taskColumns('tk'), caseId: 'tk.case_id', caseType: 'tk.case_type' },
  state: stateOfFactCase('tk.case_id'),
};

export const SOURCES = { openCases, caseStates, lettersOfOpenCases, openTasks, caseCreations, caseClosings, taskCompletions };
