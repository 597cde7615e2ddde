// Why: the per-case lookup of the dashboard ("enter a case reference, see its lead time and
// deadline"): one case's state at an instant, read from the same interval table the KPIs use.
import type { Knex } from 'knex';

export interface CaseSummaryRow {
  caseId: string;
  reference: string | null;
  caseType: string;
  createdAt: Date;
  open: boolean;
  status: string | null;
  assignee: string | null;
  role: string | null;
  suspended: boolean;
  /** Effective deadline at the instant (suspension so far included); null without a deadline. */
  deadline: Date | null;
  timeliness: 'ON_TIME' | 'OVERDUE' | null;
  closedAt: Date | null;
}

/** Finds a case by id or by reference and returns its state at `at` (null: unknown, or not created yet). */
export async function findCaseSummary(knex: Knex, by: { id?: string | null; reference?: string | null }, at: number): Promise<CaseSummaryRow | null> {
  const q = knex('cases as c')
    .join('case_intervals as ci', function on() {
      this.on('ci.case_id', '=', 'c.case_id');
    })
    .whereRaw('ci.valid_from <= ?::timestamptz and ci.valid_to > ?::timestamptz', [new Date(at).toISOString(), new Date(at).toISOString()])
    .select(
      'c.case_id', 'c.reference', 'c.case_type', 'c.created_at', 'ci.is_open', 'ci.status', 'ci.assignee', 'ci.role',
      'ci.suspended', 'ci.overdue', 'ci.closed_at',
      knex.raw("case when ci.suspended then ci.deadline + (?::timestamptz - ci.valid_from) else ci.deadline end as deadline", [new Date(at).toISOString()]),
    )
    .limit(1);
  if (by.id) q.where('c.case_id', by.id);
  else if (by.reference) q.where('c.reference', by.reference).orderBy('c.created_at', 'desc');
  else return null;
  const row = (await q)[0] as Record<string, unknown> | undefined;
  if (!row) return null;
  return {
    caseId: row.case_id as string,
    reference: (row.reference as string) ?? null,
    caseType: row.case_type as string,
    createdAt: new Date(row.created_at as string),
    open: row.is_open as boolean,
    status: (row.status as string) ?? null,
    assignee: (row.assignee as string) ?? null,
    role: (row.role as string) ?? null,
    suspended: row.suspended as boolean,
    deadline: row.deadline ? new Date(row.deadline as string) : null,
    timeliness: row.overdue === null || row.overdue === undefined ? null : row.overdue ? 'OVERDUE' : 'ON_TIME',
    closedAt: row.closed_at ? new Date(row.closed_at as string) : null,
  };
}
