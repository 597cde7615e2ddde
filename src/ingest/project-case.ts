// Why: the read model is a pure function of the event log. This file is that function for one
// case: given all of its events (in any order) it returns every read-model row of the case,
// following contract section 4. Ingestion calls it for each case a batch touched and replaces
// the case's rows, so out-of-order and repeated events can never leave a different state.
import { CaseEvent, isLocalDate, parseInstant } from './events';
import { ProcessCatalog } from '../processes';
import { addDuration, endOfLocalDate, parseDuration } from '../time/duration';

export const INFINITY = Number.POSITIVE_INFINITY;

export interface CaseRow { case_id: string; case_type: string; reference: string | null; created_at: number; attributes: Record<string, unknown> }
export interface CaseIntervalRow {
  case_id: string; case_type: string; created_at: number; valid_from: number; valid_to: number;
  is_open: boolean; status: string | null; assignee: string | null; role: string | null;
  suspended: boolean; deadline: number | null; overdue: boolean | null; closed_at: number | null;
}
export interface ClosingRow { event_id: string; case_id: string; case_type: string; created_at: number; closed_at: number; deadline: number | null; overdue: boolean | null; result: string | null }
export interface LetterRow { event_id: string; case_id: string; case_type: string; letter_type: string; sent_at: number }
export interface TaskRow {
  case_id: string; task_id: string; case_type: string; step: string | null; created_at: number;
  completed_at: number | null; due_at: number | null; role: string | null; assignee: string | null; overdue: boolean | null;
}
export interface TaskIntervalRow {
  case_id: string; task_id: string; case_type: string; step: string | null; valid_from: number; valid_to: number;
  is_open: boolean; assignee: string | null; role: string | null; due_at: number | null; overdue: boolean | null;
}

export interface CaseProjection {
  case: CaseRow;
  intervals: CaseIntervalRow[];
  closings: ClosingRow[];
  letters: LetterRow[];
  tasks: TaskRow[];
  taskIntervals: TaskIntervalRow[];
}

/**
 * The order in which events apply: by `at`. At the same instant, in causal order: `case.created`
 * first, then `task.created`, the other events, `task.completed`, and `case.closed` last; then by
 * id. So the result never depends on arrival order, and a producer that stamps a task's creation
 * and completion (or a decision letter and the closing) with the same instant gets what it meant.
 */
const SAME_INSTANT_RANK: Partial<Record<CaseEvent['type'], number>> = {
  'case.created': 0, 'task.created': 1, 'task.completed': 3, 'case.closed': 4,
};
const rankOf = (e: CaseEvent) => SAME_INSTANT_RANK[e.type] ?? 2;

export function compareEvents(a: CaseEvent, b: CaseEvent): number {
  if (a.at !== b.at) return a.at - b.at;
  const ra = rankOf(a);
  const rb = rankOf(b);
  if (ra !== rb) return ra - rb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A `deadline`/`dueAt` value: a local date is due by the end of that day in `zone`. */
export function resolveDeadline(value: unknown, zone: string): number | null {
  if (isLocalDate(value)) return endOfLocalDate(value, zone);
  return parseInstant(value);
}

interface CaseState {
  open: boolean;
  status: string | null;
  assignee: string | null;
  role: string | null;
  suspendedSince: number | null;
  /** Time spent suspended in finished suspensions. */
  suspendedMs: number;
  /** The last deadline set, before suspensions. */
  deadlineBase: number | null;
  closedAt: number | null;
  closedLate: boolean | null;
}

/** Effective deadline at instant t (contract section 4). */
function effectiveDeadline(s: CaseState, t: number): number | null {
  if (s.deadlineBase === null) return null;
  const running = s.suspendedSince !== null ? Math.max(0, t - s.suspendedSince) : 0;
  return s.deadlineBase + s.suspendedMs + running;
}

export function projectCase(events: CaseEvent[], catalog: ProcessCatalog, zone: string): CaseProjection | null {
  const ordered = [...events].sort(compareEvents);
  const createdIndex = ordered.findIndex((e) => e.type === 'case.created');
  if (createdIndex < 0) return null; // nothing to show until the case exists
  const created = ordered[createdIndex];
  const caseId = created.caseId;
  const caseType = String(created.data.caseType);
  const process = catalog.get(caseType);
  const createdAt = created.at;

  const state: CaseState = {
    open: true,
    status: typeof created.data.status === 'string' ? created.data.status : catalog.initialStatus(caseType),
    assignee: null, role: null,
    suspendedSince: null, suspendedMs: 0,
    deadlineBase: null, closedAt: null, closedLate: null,
  };
  if (created.data.deadline !== undefined && created.data.deadline !== null) {
    state.deadlineBase = resolveDeadline(created.data.deadline, zone);
  } else if (process) {
    state.deadlineBase = addDuration(createdAt, parseDuration(process.legalTerm)!, zone);
  }
  const extension = process?.extensionTerm ? parseDuration(process.extensionTerm) : null;
  const stepTerms = new Map((process?.steps ?? []).filter((s) => s.term).map((s) => [s.key, parseDuration(s.term!)!]));

  const result: CaseProjection = {
    case: {
      case_id: caseId, case_type: caseType,
      reference: typeof created.data.reference === 'string' ? created.data.reference : null,
      created_at: createdAt,
      attributes: (created.data.attributes as Record<string, unknown>) ?? {},
    },
    intervals: [], closings: [], letters: [], tasks: [], taskIntervals: [],
  };

  // Snapshots of the state after each instant at which events applied.
  const changes: { at: number; state: CaseState }[] = [];
  const tasks = new Map<string, TaskRow & { changes: { at: number; assignee: string | null }[] }>();

  const rest = ordered.slice(createdIndex + 1);
  let i = 0;
  changes.push({ at: createdAt, state: { ...state } });
  while (i < rest.length) {
    const at = rest[i].at;
    for (; i < rest.length && rest[i].at === at; i++) apply(rest[i]);
    const last = changes[changes.length - 1];
    if (last.at === at) last.state = { ...state };
    else changes.push({ at, state: { ...state } });
  }
  // Events at the creation instant (sorted after case.created) also land in the first snapshot.

  function apply(e: CaseEvent): void {
    const d = e.data;
    switch (e.type) {
      case 'case.created':
        return; // a second creation changes nothing
      case 'case.status_changed':
        state.status = d.status as string;
        return;
      case 'case.assigned':
        state.assignee = (d.assignee as string | null) ?? null;
        if (state.assignee === null) state.role = null;
        else if (typeof d.role === 'string') state.role = d.role;
        return;
      case 'case.suspended':
        if (state.suspendedSince === null) state.suspendedSince = e.at;
        return;
      case 'case.resumed':
        if (state.suspendedSince !== null) {
          state.suspendedMs += e.at - state.suspendedSince;
          state.suspendedSince = null;
        }
        return;
      case 'case.deadline_extended':
        if (d.deadline !== undefined && d.deadline !== null) state.deadlineBase = resolveDeadline(d.deadline, zone);
        else if (extension && state.deadlineBase !== null) state.deadlineBase = addDuration(state.deadlineBase, extension, zone);
        return;
      case 'case.closed': {
        if (!state.open) return; // already closed: nothing happens
        const eff = effectiveDeadline(state, e.at);
        state.open = false;
        state.closedAt = e.at;
        state.closedLate = eff === null ? null : e.at > eff;
        result.closings.push({
          event_id: e.id, case_id: caseId, case_type: caseType, created_at: createdAt, closed_at: e.at,
          deadline: eff, overdue: state.closedLate, result: typeof d.result === 'string' ? d.result : null,
        });
        return;
      }
      case 'case.reopened':
        if (state.open) return;
        state.open = true;
        state.closedAt = null;
        state.closedLate = null;
        return;
      case 'letter.sent':
        result.letters.push({ event_id: e.id, case_id: caseId, case_type: caseType, letter_type: d.letterType as string, sent_at: e.at });
        return;
      case 'task.created': {
        const taskId = d.taskId as string;
        if (tasks.has(taskId)) return;
        const step = d.step as string;
        let due: number | null = null;
        if (d.dueAt !== undefined && d.dueAt !== null) due = resolveDeadline(d.dueAt, zone);
        else if (stepTerms.has(step)) due = addDuration(e.at, stepTerms.get(step)!, zone);
        const assignee = typeof d.assignee === 'string' ? d.assignee : null;
        tasks.set(taskId, {
          case_id: caseId, task_id: taskId, case_type: caseType, step, created_at: e.at, completed_at: null,
          due_at: due, role: typeof d.role === 'string' ? d.role : null, assignee, overdue: null,
          changes: [{ at: e.at, assignee }],
        });
        return;
      }
      case 'task.assigned': {
        const task = tasks.get(d.taskId as string);
        if (!task || task.completed_at !== null) return;
        task.assignee = (d.assignee as string | null) ?? null;
        task.changes.push({ at: e.at, assignee: task.assignee });
        return;
      }
      case 'task.completed': {
        const task = tasks.get(d.taskId as string);
        if (!task || task.completed_at !== null) return;
        task.completed_at = e.at;
        task.overdue = task.due_at === null ? null : e.at > task.due_at;
        return;
      }
    }
  }

  result.intervals = caseIntervals(result.case, changes);
  for (const task of tasks.values()) {
    const { changes: taskChanges, ...row } = task;
    result.tasks.push(row);
    result.taskIntervals.push(...taskIntervals(row, taskChanges));
  }
  return result;
}

function caseIntervals(c: CaseRow, changes: { at: number; state: CaseState }[]): CaseIntervalRow[] {
  const rows: CaseIntervalRow[] = [];
  const push = (from: number, to: number, s: CaseState) => {
    if (to <= from) return;
    const eff = effectiveDeadline(s, from);
    let overdue: boolean | null;
    if (!s.open) overdue = s.closedLate;
    else if (eff === null) overdue = null;
    else if (s.suspendedSince !== null) overdue = s.suspendedSince > effectiveDeadline({ ...s, suspendedSince: null }, from)!;
    else overdue = from > eff;
    const row: CaseIntervalRow = {
      case_id: c.case_id, case_type: c.case_type, created_at: c.created_at, valid_from: from, valid_to: to,
      is_open: s.open, status: s.status, assignee: s.assignee, role: s.role, suspended: s.suspendedSince !== null,
      deadline: eff, overdue, closed_at: s.open ? null : s.closedAt,
    };
    const prev = rows[rows.length - 1];
    if (prev && prev.valid_to === from && sameState(prev, row)) prev.valid_to = to;
    else rows.push(row);
  };
  for (let k = 0; k < changes.length; k++) {
    const { at, state } = changes[k];
    const to = k + 1 < changes.length ? changes[k + 1].at : INFINITY;
    const eff = effectiveDeadline(state, at);
    // A running open case becomes overdue just after its effective deadline: split there.
    // Millisecond resolution: overdue from deadline + 1 ms.
    if (state.open && state.suspendedSince === null && eff !== null && eff + 1 > at && eff + 1 < to) {
      push(at, eff + 1, state);
      push(eff + 1, to, state);
    } else {
      push(at, to, state);
    }
  }
  return rows;
}

function sameState(a: CaseIntervalRow, b: CaseIntervalRow): boolean {
  // A suspended interval's deadline grows with time, so compare it at the join point.
  const aDeadlineAtJoin = a.deadline === null ? null : a.suspended ? a.deadline + (b.valid_from - a.valid_from) : a.deadline;
  return a.is_open === b.is_open && a.status === b.status && a.assignee === b.assignee && a.role === b.role &&
    a.suspended === b.suspended && aDeadlineAtJoin === b.deadline && a.overdue === b.overdue && a.closed_at === b.closed_at;
}

function taskIntervals(task: TaskRow, changes: { at: number; assignee: string | null }[]): TaskIntervalRow[] {
  const rows: TaskIntervalRow[] = [];
  const end = task.completed_at ?? INFINITY;
  const push = (from: number, to: number, assignee: string | null) => {
    if (to <= from) return;
    rows.push({
      case_id: task.case_id, task_id: task.task_id, case_type: task.case_type, step: task.step,
      valid_from: from, valid_to: to, is_open: true, assignee, role: task.role, due_at: task.due_at,
      overdue: task.due_at === null ? null : from > task.due_at,
    });
  };
  for (let k = 0; k < changes.length; k++) {
    const from = changes[k].at;
    const to = Math.min(k + 1 < changes.length ? changes[k + 1].at : INFINITY, end);
    const split = task.due_at === null ? null : task.due_at + 1;
    if (split !== null && split > from && split < to) {
      push(from, split, changes[k].assignee);
      push(split, to, changes[k].assignee);
    } else {
      push(from, to, changes[k].assignee);
    }
  }
  return rows;
}
