// Why: a KpiResult's points are flat ({ bucket, groups, value }); charts and tables want them as
// buckets × group combinations. One model for all widgets, so a line, a bar and a table of the
// same result always agree.
import { comboKey, comboLabel, groupLabel, inferGranularity } from './format.js';

/**
 * @returns {{
 *   buckets: string[],                 // bucket starts, ascending (empty without granularity)
 *   combos: { key: string, groups: object[], label: string }[],  // in the API's order
 *   dims: string[],                    // the group dimensions ("ROLE", "ATTRIBUTE:kanaal", …)
 *   value(bucket: string|null, combo: string): number|null,
 *   granularity: string|null,
 * }}
 */
export function seriesModel(result, granularityHint = null) {
  const points = (result && Array.isArray(result.points)) ? result.points : [];
  const buckets = [...new Set(points.map((p) => p.bucket).filter((b) => b !== null && b !== undefined))]
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  const combos = new Map();
  const values = new Map();
  for (const p of points) {
    const groups = p.groups || [];
    const key = comboKey(groups);
    if (!combos.has(key)) combos.set(key, { key, groups, label: comboLabel(groups) });
    values.set(`${p.bucket || ''}#${key}`, p.value);
  }
  const first = points.find((p) => p.groups && p.groups.length);
  const dims = first ? first.groups.map((g) => (g.by === 'ATTRIBUTE' ? `ATTRIBUTE:${g.attribute}` : g.by)) : [];
  return {
    buckets,
    combos: [...combos.values()],
    dims,
    value: (bucket, combo) => {
      const v = values.get(`${bucket || ''}#${combo}`);
      return v === undefined ? null : v;
    },
    granularity: granularityHint || inferGranularity(buckets),
  };
}

/** Distinct groups along one dimension (index into `groups`), in the API's order. */
export function distinctAlong(combos, index) {
  const seen = new Map();
  for (const c of combos) {
    const g = c.groups[index];
    if (!g) continue;
    const key = `${g.key === null || g.key === undefined ? '∅' : g.key}`;
    if (!seen.has(key)) seen.set(key, { key, group: g, label: groupLabel(g) });
  }
  return [...seen.values()];
}

/**
 * A category chart without buckets: the first group dimension along the axis, the rest as
 * datasets (e.g. ROLE × TIMELINESS → one bar per role, stacked or grouped by timeliness).
 */
export function categoryModel(model) {
  if (model.dims.length <= 1) {
    return {
      categories: model.combos.map((c) => c.label),
      datasets: [{ label: null, groups: [], values: model.combos.map((c) => model.value(null, c.key)) }],
    };
  }
  const axis = distinctAlong(model.combos, 0);
  const restKeys = new Map();
  for (const c of model.combos) {
    const rest = c.groups.slice(1);
    const key = rest.map((g) => `${g.by}:${g.key}`).join('|');
    if (!restKeys.has(key)) restKeys.set(key, { key, groups: rest, label: rest.map(groupLabel).join(' · '), byAxis: new Map() });
    restKeys.get(key).byAxis.set(axis.find((a) => a.key === `${c.groups[0].key === null || c.groups[0].key === undefined ? '∅' : c.groups[0].key}`).key, model.value(null, c.key));
  }
  return {
    categories: axis.map((a) => a.label),
    datasets: [...restKeys.values()].map((r) => ({
      label: r.label,
      groups: r.groups,
      values: axis.map((a) => (r.byAxis.has(a.key) ? r.byAxis.get(a.key) : null)),
    })),
  };
}

/** True when there is nothing to show: no value and no point with a value. */
export function isEmptyResult(result) {
  if (!result) return true;
  const points = Array.isArray(result.points) ? result.points : [];
  if (points.length === 0) return result.value === null || result.value === undefined;
  return points.every((p) => p.value === null || p.value === undefined);
}
