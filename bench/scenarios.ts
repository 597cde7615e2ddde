// Why: the scenarios of issue 6 item 2, each as (a) the GraphQL request the bench sends over HTTP
// and (b) the KPI requests behind it, from which the bench builds "the very same SQL" to time it
// directly through `pg`. Every request carries an explicit asOf (the bench's fixed now), so runs
// compare.
import { dayjs } from '../src/time/zone';
import { readDashboardFiles } from '../src/dashboards/load';
import { DashboardService } from '../src/dashboards/service';
import type { DashboardDefinition } from '../src/dashboards/types';
import type { DimensionsRequest } from '../src/kpi/types';
import { caseIdOf } from './dataset';

/** A `kpi(name, dimensions, params)` request as JSON (dates as ISO strings). */
export interface KpiCall {
  name: string;
  dims: Record<string, unknown>;
  params?: Record<string, unknown>;
}

export type ScenarioKind = 'kpi' | 'cases' | 'dashboard' | 'dashboardRepeat' | 'widgets' | 'ingest';

export interface Scenario {
  key: string;
  label: string;
  kind: ScenarioKind;
  /** The KPI requests behind it (the dashboard: one per widget). Empty for ingest. */
  calls: KpiCall[];
  query: string;
  variables?: Record<string, unknown>;
  /** Scenarios also run on the shorter-history dataset (the 52-week series). */
  alsoOnHistory?: boolean;
  /** key of the series this scenario is the end snapshot of. */
  snapshotOf?: string;
}

export const KPI_QUERY = `query Kpi($name: String!, $d: DimensionsInput, $p: JSONObject) {
  kpi(name: $name, dimensions: $d, params: $p) { name unit value points { bucket value groups { by key label } } }
}`;

export const DASHBOARD_QUERY = `query Dashboard($d: DimensionsInput) {
  dashboard(key: "ooievaarspas", dimensions: $d) {
    widgets { widget { key kpi display } result { name unit value points { bucket value groups { by key label } } } error { code message } }
  }
}`;

export const INGEST_MUTATION = 'mutation Ingest($events: [CaseEventInput!]!) { ingestEvents(events: $events) { received inserted duplicates casesRebuilt } }';

export const ZONE = 'Europe/Amsterdam';

/** The four Ooievaarspas questions of the contract, with their params. */
export const QUESTIONS: { name: string; params?: Record<string, unknown> }[] = [
  { name: 'openCases' },
  { name: 'overdueCases' },
  { name: 'openCaseLetters', params: { letterTypes: ['termijnbrief'] } },
  { name: 'caseLeadTime' },
];

export interface Periods {
  asOf: string;
  /** The last 52 whole ISO weeks before the current one. */
  weeksFrom: string;
  weeksTo: string;
  /** The 365 days before today. */
  yearFrom: string;
  yearTo: string;
}

export function periods(now: number): Periods {
  const local = dayjs(now).tz(ZONE);
  const week = local.startOf('isoWeek');
  const today = local.startOf('day');
  return {
    asOf: new Date(now).toISOString(),
    weeksFrom: week.subtract(52, 'week').toISOString(),
    weeksTo: week.toISOString(),
    yearFrom: today.subtract(365, 'day').toISOString(),
    yearTo: today.toISOString(),
  };
}

const kpiScenario = (key: string, label: string, call: KpiCall, extra: Partial<Scenario> = {}): Scenario => ({
  key, label, kind: 'kpi', calls: [call], query: KPI_QUERY,
  variables: { name: call.name, d: call.dims, p: call.params ?? null }, ...extra,
});

/** The dashboard and its widgets' requests, as the server merges them (scope < defaults < viewer < widget). */
export function dashboardCalls(now: number): { dashboard: DashboardDefinition; calls: (KpiCall & { widget: string })[] } {
  const dashboard = readDashboardFiles().find((d) => d.key === 'ooievaarspas');
  if (!dashboard) throw new Error('dashboards/ooievaarspas.dashboard.json not found');
  const service = new DashboardService([dashboard]);
  const viewer: DimensionsRequest = { asOf: new Date(now) };
  const calls = dashboard.widgets.map((w) => ({
    widget: w.key,
    name: w.kpi,
    dims: JSON.parse(JSON.stringify(service.widgetDimensions(dashboard, w, viewer))) as Record<string, unknown>,
    params: w.params,
  }));
  return { dashboard, calls };
}

/** The query scenarios that stay the same every round (the 100-case one changes per round). */
export function scenarios(now: number): Scenario[] {
  const p = periods(now);
  const scope = { caseTypes: ['ooievaarspas'] };
  const out: Scenario[] = [];
  for (const q of QUESTIONS) {
    out.push(kpiScenario(`week52.${q.name}`, `${q.name} per week, 52 weeks, by status`, {
      name: q.name, params: q.params,
      dims: { ...scope, period: { from: p.weeksFrom, to: p.weeksTo }, granularity: 'WEEK', groupBy: ['STATUS'], asOf: p.asOf },
    }, { alsoOnHistory: true }));
  }
  for (const q of QUESTIONS) {
    out.push(kpiScenario(`snapshot.${q.name}`, `${q.name} one snapshot at the series' end, by status`, {
      name: q.name, params: q.params,
      dims: { ...scope, groupBy: ['STATUS'], asOf: p.weeksTo },
    }, { snapshotOf: `week52.${q.name}` }));
  }
  out.push(kpiScenario('month12.overdueCases', 'overdueCases per month, 12 months, by role', {
    name: 'overdueCases',
    dims: { ...scope, period: { relative: 'LAST_12_MONTHS' }, granularity: 'MONTH', groupBy: ['ROLE'], asOf: p.asOf },
  }));
  for (const name of ['inflow', 'outflow']) {
    out.push(kpiScenario(`day365.${name}`, `${name} per day for a year`, {
      name, dims: { ...scope, period: { from: p.yearFrom, to: p.yearTo }, granularity: 'DAY', asOf: p.asOf },
    }));
  }
  return out;
}

/**
 * caseLeadTime for 100 different cases in one request (aliases). Each round asks other cases
 * (spread over the whole history, open and closed), so no answer can come from an earlier round.
 */
export function leadTimeOf100(now: number, totalCases: number, round: number): Scenario {
  const asOf = new Date(now).toISOString();
  const n = Math.min(100, totalCases);
  const ids: string[] = [];
  const step = Math.max(1, Math.floor(totalCases / n));
  for (let j = 0; j < n; j++) ids.push(caseIdOf(1 + ((j * step + round * 7919) % totalCases)));
  const unique = [...new Set(ids)];
  const calls = unique.map((caseId) => ({ name: 'caseLeadTime', dims: { caseId, asOf } }));
  const query = `{\n${unique.map((caseId, i) => `  c${i}: kpi(name: "caseLeadTime", dimensions: { caseId: "${caseId}", asOf: "${asOf}" }) { value }`).join('\n')}\n}`;
  return { key: 'cases100.caseLeadTime', label: 'caseLeadTime for 100 cases in one request', kind: 'cases', calls, query };
}

export function dashboardScenario(now: number, repeat: boolean): Scenario {
  const { calls } = dashboardCalls(now);
  return {
    key: repeat ? 'dashboard.repeat' : 'dashboard.first',
    label: repeat ? 'the same dashboard again, no new events' : 'Ooievaarspas dashboard, one request',
    kind: repeat ? 'dashboardRepeat' : 'dashboard',
    calls,
    query: DASHBOARD_QUERY,
    variables: { d: { asOf: new Date(now).toISOString() } },
  };
}

export function widgetsOneByOne(now: number): Scenario {
  const { calls } = dashboardCalls(now);
  return { key: 'dashboard.widgetsOneByOne', label: 'the dashboard\'s widgets one request each (sum)', kind: 'widgets', calls, query: KPI_QUERY };
}

/** Converts a JSON KpiCall to what the engine takes (dates as Date). */
export function toDimensionsRequest(dims: Record<string, unknown>): DimensionsRequest {
  const out: Record<string, unknown> = { ...dims };
  const date = (v: unknown) => (typeof v === 'string' ? new Date(v) : v);
  if (out.asOf !== undefined) out.asOf = date(out.asOf);
  if (out.period && typeof out.period === 'object') {
    const p = out.period as Record<string, unknown>;
    out.period = { ...p, ...(p.from !== undefined ? { from: date(p.from) } : {}), ...(p.to !== undefined ? { to: date(p.to) } : {}) };
  }
  return out as DimensionsRequest;
}
