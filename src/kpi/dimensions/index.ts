// Why: each shared dimension is a small object that knows its SQL (after Cube's BaseDimension):
// how it filters the facts and how it groups them, in terms of the columns the source exposes.
// The query builder applies every dimension of the list below to every KPI; adding a dimension is
// adding one object here.
import type { Knex } from 'knex';
import { Source } from '../sources';
import { GroupByKey, ResolvedDimensions } from '../types';

export interface GroupColumn { by: GroupByKey; attribute?: string; sql: Knex.Raw }

/** What a dimension may add to the facts query. */
export interface FactsQuery {
  knex: Knex;
  q: Knex.QueryBuilder;
  source: Source;
  dims: ResolvedDimensions;
  groups: GroupColumn[];
  /** Joins that several dimensions share are added once. */
  joined: Set<string>;
  /** Set by a dimension whose join can give one fact several rows (a case's open tasks). */
  repeatsFacts?: boolean;
}

export interface Dimension {
  name: string;
  apply(f: FactsQuery): void;
}

const group = (f: FactsQuery, by: GroupByKey, sql: string, bindings: Knex.RawBinding[] = [], attribute?: string) => {
  if (f.dims.groupBy.includes(by)) f.groups.push({ by, attribute, sql: f.knex.raw(sql, bindings) });
};

/** Case sources reach process steps through the case's open tasks at the snapshot instant. */
function stepsThroughOpenTasks(f: FactsQuery): boolean {
  return f.source.columns.step === null && (f.dims.steps !== null || f.dims.groupBy.includes('STEP'));
}

const caseTypeDimension: Dimension = {
  name: 'caseTypes',
  apply(f) {
    if (f.dims.caseTypes) f.q.whereRaw(`${f.source.columns.caseType} = any(?::text[])`, [f.dims.caseTypes]);
    group(f, 'CASE_TYPE', f.source.columns.caseType);
  },
};

const statusDimension: Dimension = {
  name: 'statuses',
  apply(f) {
    if (f.dims.statuses) f.q.whereRaw(`${f.source.columns.status} = any(?::text[])`, [f.dims.statuses]);
    group(f, 'STATUS', f.source.columns.status);
  },
};

const roleDimension: Dimension = {
  name: 'roles',
  apply(f) {
    if (f.dims.roles) f.q.whereRaw(`${f.source.columns.role} = any(?::text[])`, [f.dims.roles]);
    group(f, 'ROLE', f.source.columns.role);
  },
};

const assigneeDimension: Dimension = {
  name: 'assignees',
  apply(f) {
    if (f.dims.assignees) f.q.whereRaw(`${f.source.columns.assignee} = any(?::text[])`, [f.dims.assignees]);
    group(f, 'ASSIGNEE', f.source.columns.assignee);
  },
};

const stepDimension: Dimension = {
  name: 'steps',
  apply(f) {
    const { dims, source } = f;
    if (source.columns.step !== null) {
      if (dims.steps) f.q.whereRaw(`${source.columns.step} = any(?::text[])`, [dims.steps]);
      group(f, 'STEP', source.columns.step);
      return;
    }
    if (!stepsThroughOpenTasks(f)) return;
    // Per-step timeliness: with steps, timeliness judges the open tasks' dueAt.
    // Not openAt (query/open-at.ts): this join is led by the case (the primary key finds its
    // task intervals), so the range test alone is the condition; a box would invite the GiST index.
    const conditions = [
      'ts.case_id = ci.case_id', 'ts.is_open', "tstzrange(ts.valid_from, ts.valid_to, '[)') @> b.t",
    ];
    const bindings: Knex.Value[] = [];
    if (dims.steps) {
      conditions.push('ts.step = any(?::text[])');
      bindings.push(dims.steps);
      if (dims.timeliness) {
        conditions.push('ts.overdue = ?');
        bindings.push(dims.timeliness === 'OVERDUE');
      }
    }
    f.q.joinRaw(`${dims.steps ? 'join' : 'left join'} task_intervals ts on ${conditions.join(' and ')}`, bindings);
    // A case with several open tasks (in one step or in several) is one row per task now.
    f.repeatsFacts = true;
    group(f, 'STEP', 'ts.step');
  },
};

const timelinessDimension: Dimension = {
  name: 'timeliness',
  apply(f) {
    const perStep = f.source.columns.step === null && f.dims.steps !== null;
    const overdue = perStep ? 'ts.overdue' : f.source.columns.overdue;
    if (f.dims.timeliness && !perStep) f.q.whereRaw(`${overdue} = ?`, [f.dims.timeliness === 'OVERDUE']);
    group(f, 'TIMELINESS', `case when ${overdue} then 'OVERDUE' when not ${overdue} then 'ON_TIME' end`);
  },
};

const caseIdDimension: Dimension = {
  name: 'caseId',
  apply(f) {
    if (f.dims.caseId !== null) f.q.whereRaw(`${f.source.columns.caseId} = ?`, [f.dims.caseId]);
  },
};

const attributeDimension: Dimension = {
  name: 'attributes',
  apply(f) {
    const { dims } = f;
    if (dims.attributes.length === 0 && dims.groupByAttributes.length === 0) return;
    let attributes = f.source.columns.attributes;
    if (attributes === undefined) {
      f.q.joinRaw(`join cases ca on ca.case_id = ${f.source.columns.caseId}`);
      attributes = 'ca.attributes';
    }
    for (const a of dims.attributes) f.q.whereRaw(`${attributes} ->> ? = any(?::text[])`, [a.key, a.values]);
    for (const key of dims.groupByAttributes) group(f, 'ATTRIBUTE', `${attributes} ->> ?`, [key], key);
  },
};

/** In this order: the order of `groupBy` in a request decides the order of GroupValues. */
export const DIMENSIONS: Dimension[] = [
  caseTypeDimension, caseIdDimension, statusDimension, roleDimension, assigneeDimension,
  stepDimension, timelinessDimension, attributeDimension,
];
