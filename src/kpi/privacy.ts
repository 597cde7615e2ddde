// Why: many works councils forbid dashboards per civil servant unless groups are large enough.
// This is the one place that enforces it on KPI answers; the switch that turns per-person
// dimensions off entirely is checked when a request is resolved (resolve-dimensions.ts).
import { forbidden } from '../auth/principal';
import type { KpiRequest, Row } from './engine';
import type { GroupValue } from './types';

/** The key and label of the group that small per-person groups are merged into. */
export const OTHER_KEY = '__other__';
export const OTHER_LABEL = 'Overige medewerkers';

/**
 * The privacy guard (docs/security.md): a filter on people whose figures rest on fewer than the
 * minimum number of facts is refused; per-person groups smaller than the minimum are merged into
 * one "other" group per bucket, which is itself hidden (null) when it would still show one person.
 */
export function applyPrivacy(min: number, req: KpiRequest, rows: Row[], groups: { by: GroupValue['by'] }[], totalRow: Row | undefined): Row[] {
  if (req.dims.assignees !== null && (totalRow?.n ?? 0) < min) {
    throw forbidden('dimensions.assignees', `figures for these civil servants rest on fewer than ${min} cases in this selection and are not shown`);
  }
  const a = groups.findIndex((g) => g.by === 'ASSIGNEE');
  if (a < 0) return rows;
  const count = req.kpi.options.unit === 'count';
  const kept: Row[] = [];
  const others = new Map<string, { row: Row; weighted: number; n: number; people: number }>();
  for (const r of rows) {
    if (r.is_total || r.value === null || r.value === undefined || (r.n ?? 0) >= min) {
      kept.push(r);
      continue;
    }
    const key = JSON.stringify([r.bucket_start, r.case_key, ...groups.map((_, i) => (i === a ? OTHER_KEY : r[`g${i}`]))]);
    const o = others.get(key) ?? { row: { ...r, [`g${a}`]: OTHER_KEY }, weighted: 0, n: 0, people: 0 };
    o.n += r.n ?? 0;
    o.weighted += count ? Number(r.value) : Number(r.value) * (r.n ?? 0);
    o.people += 1;
    others.set(key, o);
  }
  for (const o of others.values()) {
    const visible = o.people >= 2 || o.n >= min;
    kept.push({ ...o.row, n: o.n, value: !visible ? null : count ? o.weighted : o.n ? o.weighted / o.n : null });
  }
  return kept;
}

