// Why: every value of a `kpi` request is checked here, before any SQL is built, and every problem
// becomes a BAD_USER_INPUT error that names the field and what is allowed. What leaves this file is
// a ResolvedDimensions: the period turned into instants, defaults applied, nothing left to guess.
import { badInput } from '../errors';
import { canRead, DEVELOPMENT_PRINCIPAL, forbidden, Principal } from '../auth/principal';
import { ProcessCatalog } from '../processes';
import { isValidTimeZone } from '../time/zone';
import { isStorableText, UNSTORABLE_MESSAGE } from '../input/storable-text';
import { instantInRange, INSTANT_RANGE_MESSAGE } from '../input/instant-range';
import { addUnits, countBuckets, GRANULARITY_UNIT, resolveRelative, startOf } from './period';
import {
  DimensionsRequest, GRANULARITIES, GROUP_BY, KpiOptions, RELATIVE_PERIODS, ResolvedDimensions,
} from './types';

export interface ResolveContext {
  catalog: ProcessCatalog;
  defaultTimezone: string;
  maxBuckets: number;
  now: () => number;
  /** Whether events of this (not configured) case type exist; such types have no statuses or terms. */
  caseTypeExists: (caseType: string) => Promise<boolean>;
  /** Who asks: limits the processes in scope. Default: everything (development). */
  principal?: Principal;
  /** Privacy guard: per-person dimensions allowed at all. Default true. */
  assigneeDimension?: boolean;
}

const MAX_LIST = 200;
const MAX_VALUE = 200;
/** How many units before the current one a series shows when no period is given. */
export const DEFAULT_SERIES_UNITS = 11;

function list(field: string, value: string[] | null | undefined): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw badInput(field, 'must be a list of strings');
  if (value.length === 0) throw badInput(field, 'must not be an empty list; leave it out to include everything');
  if (value.length > MAX_LIST) throw badInput(field, `may hold at most ${MAX_LIST} values`);
  for (const v of value) {
    if (typeof v !== 'string' || v.length === 0 || v.length > MAX_VALUE) throw badInput(field, `values must be non-empty strings of at most ${MAX_VALUE} characters`);
    if (!isStorableText(v)) throw badInput(field, `a value ${UNSTORABLE_MESSAGE}`);
  }
  return [...new Set(value)];
}

function checkAllowed(field: string, values: string[] | null, allowed: Set<string> | null): void {
  if (!values || !allowed) return;
  const unknown = values.filter((v) => !allowed.has(v));
  if (unknown.length) throw badInput(field, `unknown value${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => JSON.stringify(u)).join(', ')} for the chosen case types`, [...allowed]);
}

function instant(field: string, value: Date | null | undefined): number | null {
  if (value === undefined || value === null) return null;
  const ms = value instanceof Date ? value.getTime() : NaN;
  if (!Number.isFinite(ms)) throw badInput(field, 'must be an ISO-8601 date-time with offset');
  if (!instantInRange(ms)) throw badInput(field, INSTANT_RANGE_MESSAGE);
  return ms;
}

export async function resolveDimensions(
  input: DimensionsRequest | null | undefined,
  kpi: KpiOptions,
  ctx: ResolveContext,
): Promise<ResolvedDimensions> {
  const req: DimensionsRequest = { ...(kpi.defaults ?? {}), ...stripNulls(input ?? {}) };
  const F = (name: string) => `dimensions.${name}`;
  const principal = ctx.principal ?? DEVELOPMENT_PRINCIPAL;

  const timezone = req.timezone ?? ctx.defaultTimezone;
  if (!isValidTimeZone(timezone)) throw badInput(F('timezone'), `"${String(timezone).slice(0, 64)}" is not an IANA time zone name such as Europe/Amsterdam or UTC`);
  const asOf = instant(F('asOf'), req.asOf) ?? ctx.now();

  // Scope: the KPI's own processes narrowed by the request.
  let caseTypes = list(F('caseTypes'), req.caseTypes);
  if (caseTypes) {
    for (const t of caseTypes) {
      if (!ctx.catalog.get(t) && !(await ctx.caseTypeExists(t))) {
        throw badInput(F('caseTypes'), `unknown case type "${t}"`, ctx.catalog.keys());
      }
    }
    if (kpi.caseTypes) {
      const outside = caseTypes.filter((t) => !kpi.caseTypes!.includes(t));
      if (outside.length) throw badInput(F('caseTypes'), `KPI ${kpi.name} is about ${kpi.caseTypes.join(', ')} only`, kpi.caseTypes);
    }
    const denied = caseTypes.filter((t) => !canRead(principal, t));
    if (denied.length) throw forbidden(F('caseTypes'), `you may not read ${denied.join(', ')}`);
  } else if (kpi.caseTypes) {
    caseTypes = kpi.caseTypes.filter((t) => canRead(principal, t));
    if (caseTypes.length === 0) throw forbidden('name', `KPI ${kpi.name} is about ${kpi.caseTypes.join(', ')}, which you may not read`);
  } else if (principal.readable !== 'all') {
    // Without caseTypes the scope is what the caller may read.
    caseTypes = ctx.catalog.keys().filter((t) => canRead(principal, t));
    if (caseTypes.length === 0) throw forbidden(F('caseTypes'), 'you may not read any process');
  }
  const scope = (caseTypes ?? ctx.catalog.keys()).map((k) => ctx.catalog.get(k));
  const allConfigured = scope.every((p) => p !== undefined);
  const allowedOf = (pick: (p: NonNullable<(typeof scope)[number]>) => string[]) =>
    allConfigured ? new Set(scope.flatMap((p) => pick(p!))) : null;

  const statuses = list(F('statuses'), req.statuses);
  checkAllowed(F('statuses'), statuses, allowedOf((p) => p.statuses.map((s) => s.key)));
  const roles = list(F('roles'), req.roles);
  checkAllowed(F('roles'), roles, allowedOf((p) => p.roles.map((s) => s.key)));
  const steps = list(F('steps'), req.steps);
  checkAllowed(F('steps'), steps, allowedOf((p) => p.steps.map((s) => s.key)));
  const assignees = list(F('assignees'), req.assignees);
  if (ctx.assigneeDimension === false) {
    // Privacy guard (docs/security.md): per-person figures are switched off in this deployment.
    if (assignees) throw forbidden(F('assignees'), 'figures per civil servant are switched off in this deployment');
    if (req.groupBy?.includes('ASSIGNEE')) throw forbidden(F('groupBy'), 'figures per civil servant (ASSIGNEE) are switched off in this deployment');
  }

  if (req.timeliness !== undefined && req.timeliness !== null && !['ON_TIME', 'OVERDUE'].includes(req.timeliness)) {
    throw badInput(F('timeliness'), 'must be ON_TIME or OVERDUE', ['ON_TIME', 'OVERDUE']);
  }

  let caseId: string | null = null;
  if (req.caseId !== undefined && req.caseId !== null) {
    if (!kpi.caseId) throw badInput(F('caseId'), `KPI ${kpi.name} does not answer for one case; leave caseId out`);
    if (typeof req.caseId !== 'string' || req.caseId.length === 0 || req.caseId.length > MAX_VALUE) throw badInput(F('caseId'), `must be a non-empty string of at most ${MAX_VALUE} characters`);
    if (!isStorableText(req.caseId)) throw badInput(F('caseId'), UNSTORABLE_MESSAGE);
    caseId = req.caseId;
  }

  const groupBy = req.groupBy ?? [];
  for (const g of groupBy) if (!GROUP_BY.includes(g)) throw badInput(F('groupBy'), `unknown group "${g}"`, GROUP_BY);
  if (new Set(groupBy).size !== groupBy.length) throw badInput(F('groupBy'), 'names a group twice');

  // Process-specific attributes (declared per process in src/processes).
  const allowedAttributes = new Set(scope.flatMap((p) => (p?.attributes ?? []).map((a) => a.key)));
  const attributes = (req.attributes ?? []).map((a, i) => {
    const field = F(`attributes[${i}]`);
    if (!a || typeof a.key !== 'string' || !allowedAttributes.has(a.key)) throw badInput(`${field}.key`, `unknown attribute "${a?.key}" for the chosen case types`, [...allowedAttributes]);
    const values = list(`${field}.values`, a.values);
    if (!values) throw badInput(`${field}.values`, 'is required');
    return { key: a.key, values };
  });
  const groupByAttributes = list(F('groupByAttributes'), req.groupByAttributes) ?? [];
  for (const key of groupByAttributes) {
    if (!allowedAttributes.has(key)) throw badInput(F('groupByAttributes'), `unknown attribute "${key}" for the chosen case types`, [...allowedAttributes]);
  }
  const groups = [...groupBy];
  if (groupByAttributes.length && !groups.includes('ATTRIBUTE')) groups.push('ATTRIBUTE');
  if (groups.includes('ATTRIBUTE') && groupByAttributes.length === 0) {
    throw badInput(F('groupByAttributes'), 'names the attribute(s) to group by when groupBy has ATTRIBUTE', [...allowedAttributes]);
  }

  const granularity = req.granularity ?? null;
  if (granularity !== null && !GRANULARITIES.includes(granularity)) throw badInput(F('granularity'), `unknown granularity "${granularity}"`, GRANULARITIES);

  // Period.
  const p = req.period ?? null;
  let from: number | null = null;
  let to: number | null = null;
  const relative = p?.relative ?? null;
  if (relative !== null) {
    if (!RELATIVE_PERIODS.includes(relative)) throw badInput(F('period.relative'), `unknown relative period "${relative}"`, RELATIVE_PERIODS);
    if (p?.from || p?.to) throw badInput(F('period'), 'give either relative or from/to, not both');
    ({ from, to } = resolveRelative(relative, asOf, timezone));
  } else if (p) {
    from = instant(F('period.from'), p.from);
    to = instant(F('period.to'), p.to);
    if (from !== null && to !== null && to <= from) throw badInput(F('period.to'), 'must be after period.from');
  }
  if (granularity !== null) {
    const unit = GRANULARITY_UNIT[granularity];
    if (from === null) {
      if (p && to !== null) throw badInput(F('period.from'), 'is required with granularity (or use period.relative)');
      // No period: the current unit and the ones before it, up to asOf.
      from = addUnits(startOf(asOf, unit, timezone), -DEFAULT_SERIES_UNITS, unit, timezone);
    }
    const end = Math.min(to === null ? asOf : to - 1, asOf);
    const buckets = countBuckets(from, end, granularity, timezone);
    if (buckets > ctx.maxBuckets) {
      throw badInput(F('granularity'), `${granularity} over this period gives ${buckets} buckets; at most ${ctx.maxBuckets} are allowed. Choose a coarser granularity or a shorter period`, GRANULARITIES);
    }
  }

  return {
    caseTypes, period: { from, to, relative }, granularity, statuses, roles, assignees,
    timeliness: req.timeliness ?? null, steps, caseId, groupBy: groups, attributes, groupByAttributes, asOf, timezone,
  };
}

function stripNulls<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}

/** Validates `params` against what the KPI declares; returns them with defaults filled in. */
export function resolveParams(params: Record<string, unknown> | null | undefined, kpi: KpiOptions, caseTypes: string[]): Record<string, unknown> {
  const declared = kpi.params ?? {};
  const given = params ?? {};
  if (typeof given !== 'object' || Array.isArray(given)) throw badInput('params', 'must be an object');
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(given)) {
    if (!(key in declared)) {
      throw badInput(`params.${key}`, Object.keys(declared).length ? `is not a parameter of KPI ${kpi.name}` : `KPI ${kpi.name} takes no parameters`, Object.keys(declared));
    }
  }
  for (const [key, def] of Object.entries(declared)) {
    const isDefault = given[key] === undefined || given[key] === null;
    const v = isDefault ? def.default : given[key];
    const field = `params.${key}`;
    if (v === undefined) continue;
    // null: the set is not known (a case type in scope is not configured), any value goes.
    const allowed = (typeof def.allowed === 'function' ? def.allowed(caseTypes) : def.allowed) ?? undefined;
    // The default is the KPI's own choice: it is not refused when the chosen case types do not
    // configure it (the KPI then finds none of it). Only values the caller gives are checked.
    const check = isDefault ? undefined : allowed;
    const ofScope = typeof def.allowed === 'function' ? ' for the chosen case types' : '';
    switch (def.type) {
      case 'string[]': {
        if (!Array.isArray(v) || v.length === 0 || v.length > MAX_LIST || v.some((x) => typeof x !== 'string' || x.length === 0 || x.length > MAX_VALUE)) {
          throw badInput(field, 'must be a non-empty list of strings', allowed);
        }
        if ((v as string[]).some((x) => !isStorableText(x))) throw badInput(field, `a value ${UNSTORABLE_MESSAGE}`);
        if (check) {
          const unknown = (v as string[]).filter((x) => !check.includes(x));
          if (unknown.length) throw badInput(field, `unknown value${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => JSON.stringify(u)).join(', ')}${ofScope}`, allowed);
        }
        out[key] = [...new Set(v as string[])];
        break;
      }
      case 'string':
        if (typeof v !== 'string' || v.length > MAX_VALUE) throw badInput(field, 'must be a string', allowed);
        if (!isStorableText(v)) throw badInput(field, UNSTORABLE_MESSAGE);
        if (check && !check.includes(v)) throw badInput(field, `unknown value ${JSON.stringify(v)}${ofScope}`, allowed);
        out[key] = v;
        break;
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) throw badInput(field, 'must be a finite number');
        out[key] = v;
        break;
      case 'boolean':
        if (typeof v !== 'boolean') throw badInput(field, 'must be true or false');
        out[key] = v;
        break;
    }
  }
  return out;
}
