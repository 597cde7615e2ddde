// Why: dashboard files write dimensions as JSON (dates as ISO strings); the engine takes
// DimensionsRequest (dates as Date). One conversion, with errors that name the file's field.
import type { DimensionsRequest } from '../kpi/types';

const FIELDS = new Set([
  'caseTypes', 'period', 'granularity', 'statuses', 'roles', 'assignees', 'timeliness', 'steps',
  'caseId', 'groupBy', 'asOf', 'timezone', 'attributes', 'groupByAttributes',
]);

export function dimensionsFromJson(json: unknown, where: string): DimensionsRequest {
  if (json === undefined || json === null) return {};
  if (typeof json !== 'object' || Array.isArray(json)) throw new Error(`${where}: must be an object`);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    if (!FIELDS.has(key)) throw new Error(`${where}.${key}: is not a dimension; dimensions are ${[...FIELDS].join(', ')}`);
    out[key] = value;
  }
  const date = (v: unknown, field: string) => {
    if (v === undefined || v === null) return v;
    const d = new Date(String(v));
    if (typeof v !== 'string' || Number.isNaN(d.getTime())) throw new Error(`${where}.${field}: must be an ISO-8601 date-time`);
    return d;
  };
  if (out.period && typeof out.period === 'object') {
    const p = out.period as Record<string, unknown>;
    out.period = { ...p, from: date(p.from, 'period.from'), to: date(p.to, 'period.to') };
  }
  if (out.asOf !== undefined) out.asOf = date(out.asOf, 'asOf');
  return out as DimensionsRequest;
}

/** Later layers win; `null` in a later layer clears a field (e.g. granularity: null). */
export function mergeDimensions(...layers: DimensionsRequest[]): DimensionsRequest {
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) if (v !== undefined) out[k] = v;
  }
  for (const k of Object.keys(out)) if (out[k] === null) delete out[k];
  return out as DimensionsRequest;
}
