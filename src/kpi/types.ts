// Why: the public vocabulary of the KPI engine in one place: what a KPI declares, which dimensions
// exist, and what a resolved request looks like. Implementation teams read this file first.

export type KpiKind = 'snapshot' | 'flow';
export type KpiUnit = 'count' | 'days' | 'percent';

export const GROUP_BY = ['CASE_TYPE', 'STATUS', 'ROLE', 'ASSIGNEE', 'TIMELINESS', 'STEP', 'ATTRIBUTE'] as const;
export type GroupByKey = (typeof GROUP_BY)[number];

export const GRANULARITIES = ['HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const RELATIVE_PERIODS = [
  'TODAY', 'YESTERDAY', 'THIS_WEEK', 'LAST_WEEK', 'THIS_MONTH', 'LAST_MONTH', 'THIS_QUARTER',
  'LAST_QUARTER', 'THIS_YEAR', 'LAST_YEAR', 'LAST_7_DAYS', 'LAST_30_DAYS', 'LAST_90_DAYS', 'LAST_12_MONTHS',
] as const;
export type RelativePeriod = (typeof RELATIVE_PERIODS)[number];

export type TimelinessKey = 'ON_TIME' | 'OVERDUE';

/** A declared KPI parameter (the `params` argument of `kpi`). */
export interface ParamDefinition {
  type: 'string' | 'string[]' | 'number' | 'boolean';
  description: string;
  default?: unknown;
  /**
   * Allowed values of a given parameter; a function gets the case types in scope (e.g. their letter
   * types) and returns null when the set is not known (a case type in scope is not configured).
   * The default is the KPI's own choice and is never checked against this list.
   */
  allowed?: readonly string[] | ((caseTypes: string[]) => string[] | null);
}

/** What the `@Kpi` decorator records. */
export interface KpiOptions {
  name: string;
  title: string;
  description: string;
  unit: KpiUnit;
  kind: KpiKind;
  /** Processes the KPI is about; absent: every process. */
  caseTypes?: string[];
  params?: Record<string, ParamDefinition>;
  /** The KPI answers for one case (`dimensions.caseId`). */
  caseId?: boolean;
  /** Dimensions applied when the request does not set them (e.g. a default groupBy). */
  defaults?: Partial<DimensionsRequest>;
}

/** The `DimensionsInput` of contract section 5 as plain data (plus attribute dimensions). */
export interface DimensionsRequest {
  caseTypes?: string[] | null;
  period?: { from?: Date | null; to?: Date | null; relative?: RelativePeriod | null } | null;
  granularity?: Granularity | null;
  statuses?: string[] | null;
  roles?: string[] | null;
  assignees?: string[] | null;
  timeliness?: TimelinessKey | null;
  steps?: string[] | null;
  caseId?: string | null;
  groupBy?: GroupByKey[] | null;
  asOf?: Date | null;
  timezone?: string | null;
  attributes?: { key: string; values: string[] }[] | null;
  groupByAttributes?: string[] | null;
}

/** A validated request: every field checked, the period resolved to instants (epoch ms). */
export interface ResolvedDimensions {
  /** null: every process the caller may see. */
  caseTypes: string[] | null;
  /** [from, to); null ends are open. `to` is capped by asOf at query time, not here. */
  period: { from: number | null; to: number | null; relative: RelativePeriod | null };
  granularity: Granularity | null;
  statuses: string[] | null;
  roles: string[] | null;
  assignees: string[] | null;
  timeliness: TimelinessKey | null;
  steps: string[] | null;
  caseId: string | null;
  groupBy: GroupByKey[];
  attributes: { key: string; values: string[] }[];
  groupByAttributes: string[];
  asOf: number;
  timezone: string;
}

export interface GroupValue { by: GroupByKey; key: string | null; label: string | null; attribute?: string }
export interface KpiPoint { bucket: Date | null; groups: GroupValue[]; value: number | null }
export interface KpiAnswer {
  name: string;
  unit: KpiUnit;
  value: number | null;
  period: { from: Date | null; to: Date | null; asOf: Date; timezone: string; relative: RelativePeriod | null } | null;
  granularity: Granularity | null;
  points: KpiPoint[];
}
