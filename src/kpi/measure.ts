// Why: a KPI class says *what* it measures in one line (`openCases().where(caseIsOverdue).count()`),
// and the query builder does the rest. A Measure is plain data: a source, an optional condition,
// and an aggregate over one value per fact.
import type { Knex } from 'knex';
import { Source, SOURCES } from './sources';
import { KpiUnit } from './types';

export interface ValueContext { knex: Knex; timezone: string }

/** An SQL expression over a source's aliases; `sources` lists where it is valid. */
export interface ValueExpression {
  name: string;
  sources: string[];
  sql(ctx: ValueContext): Knex.Raw;
}

export type Aggregate =
  | { kind: 'count' }
  | { kind: 'mean'; value: ValueExpression }
  | { kind: 'rate'; value: ValueExpression }; // percent of facts where value is true (NULLs excluded)

export interface Measure {
  source: Source;
  /** Values the source's SQL binds (e.g. the letter types to count). */
  sourceParams: Record<string, unknown>;
  conditions: ValueExpression[];
  aggregate: Aggregate;
}

/** The unit each aggregate produces, so the registry can reject a mismatched declaration. */
export function unitOf(a: Aggregate): KpiUnit[] {
  if (a.kind === 'count') return ['count'];
  if (a.kind === 'rate') return ['percent'];
  return ['days'];
}

export class MeasureBuilder {
  private readonly conditions: ValueExpression[] = [];
  constructor(private readonly source: Source, private readonly sourceParams: Record<string, unknown> = {}) {}

  /** Keeps only the facts where `condition` (a boolean expression) is true. */
  where(condition: ValueExpression): this {
    this.conditions.push(condition);
    return this;
  }
  count(): Measure {
    return { source: this.source, sourceParams: this.sourceParams, conditions: this.conditions, aggregate: { kind: 'count' } };
  }
  /** Arithmetic mean of a per-fact number; NULL for a bucket without facts. */
  mean(value: ValueExpression): Measure {
    return { source: this.source, sourceParams: this.sourceParams, conditions: this.conditions, aggregate: { kind: 'mean', value } };
  }
  /** Percentage (0–100) of facts where `value` is true, over those where it is not NULL. */
  rate(value: ValueExpression): Measure {
    return { source: this.source, sourceParams: this.sourceParams, conditions: this.conditions, aggregate: { kind: 'rate', value } };
  }
}

export const openCases = () => new MeasureBuilder(SOURCES.openCases);
export const caseStates = () => new MeasureBuilder(SOURCES.caseStates);
/** Letters of these types sent up to the snapshot instant, for cases open then. */
export const lettersOfOpenCases = (letterTypes: string[]) => new MeasureBuilder(SOURCES.lettersOfOpenCases, { letterTypes });
export const openTasks = () => new MeasureBuilder(SOURCES.openTasks);
export const caseCreations = () => new MeasureBuilder(SOURCES.caseCreations);
export const caseClosings = () => new MeasureBuilder(SOURCES.caseClosings);
export const taskCompletions = () => new MeasureBuilder(SOURCES.taskCompletions);

const CASE_SOURCES = ['openCases', 'caseStates', 'lettersOfOpenCases', 'caseCreations', 'caseClosings'];

/** The case is past its effective deadline (contract section 4), at the snapshot instant. */
export const caseIsOverdue: ValueExpression = {
  name: 'caseIsOverdue',
  sources: CASE_SOURCES.filter((s) => s !== 'caseClosings'),
  sql: ({ knex }) => knex.raw('ci.overdue'),
};

/** The case's legal clock is stopped (suspended) at the snapshot instant. */
export const caseIsSuspended: ValueExpression = {
  name: 'caseIsSuspended',
  sources: ['openCases', 'caseStates', 'lettersOfOpenCases', 'caseCreations', 'caseClosings'],
  sql: ({ knex }) => knex.raw('ci.suspended'),
};

/** The task is past its dueAt at the snapshot instant. */
export const taskIsOverdue: ValueExpression = {
  name: 'taskIsOverdue',
  sources: ['openTasks'],
  sql: ({ knex }) => knex.raw('ti.overdue'),
};

/**
 * Lead time in whole calendar days, in the request's time zone: from the local date of creation
 * to the local date of the (last) closing, or of the snapshot instant while open.
 */
export const caseLeadTimeDays: ValueExpression = {
  name: 'caseLeadTimeDays',
  sources: ['openCases', 'caseStates'],
  sql: ({ knex, timezone }) =>
    knex.raw('((coalesce(ci.closed_at, b.t) at time zone ?)::date - (ci.created_at at time zone ?)::date)', [timezone, timezone]),
};

/** Lead time at a closing: local date of that closing minus local date of creation. */
export const closingLeadTimeDays: ValueExpression = {
  name: 'closingLeadTimeDays',
  sources: ['caseClosings'],
  sql: ({ knex, timezone }) =>
    knex.raw('((cc.closed_at at time zone ?)::date - (cc.created_at at time zone ?)::date)', [timezone, timezone]),
};

/** The closing was not past the effective deadline at that moment; NULL without a deadline. */
export const closedOnTime: ValueExpression = {
  name: 'closedOnTime',
  sources: ['caseClosings'],
  sql: ({ knex }) => knex.raw('(not cc.overdue)'),
};

/** Elapsed time from task.created to task.completed, in days (hours / 24). */
export const taskDurationDays: ValueExpression = {
  name: 'taskDurationDays',
  sources: ['taskCompletions'],
  sql: ({ knex }) => knex.raw('(extract(epoch from (tk.completed_at - tk.created_at)) / 86400.0)'),
};
