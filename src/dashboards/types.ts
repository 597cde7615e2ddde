// Why: the shape of a dashboard definition file (`dashboards/<key>.dashboard.json`): a process's
// steering dashboard as configuration, like Valtimo's `*.dashboard.json`, plus what Valtimo lacks:
// default dimensions and the filters a viewer may change.

/** How a widget shows its KpiResult; each has a web component in web/widgets/. */
export const DISPLAY_TYPES = ['number', 'gauge', 'meter', 'donut', 'line', 'area', 'bar', 'table'] as const;
export type DisplayType = (typeof DISPLAY_TYPES)[number];

/** Display types that draw a series over time: they follow the viewer's granularity. */
export const SERIES_DISPLAYS: readonly DisplayType[] = ['line', 'area', 'bar', 'table'];

/** The viewer's filters a dashboard can offer (the filter bar). */
export const VIEWER_FILTERS = ['period', 'granularity', 'roles', 'assignees', 'statuses', 'timeliness', 'steps', 'attributes'] as const;
export type ViewerFilter = (typeof VIEWER_FILTERS)[number];

/** Dimensions as JSON (dates as ISO strings), the same fields as GraphQL's DimensionsInput. */
export type DimensionsJson = Record<string, unknown>;

export interface WidgetDefinition {
  key: string;
  title: string;
  description?: string;
  kpi: string;
  params?: Record<string, unknown>;
  /** Fixed for this widget; they win over the viewer's (e.g. groupBy, or granularity: null). */
  dimensions?: DimensionsJson;
  display: DisplayType;
  /** Display options: thresholds, target, max, stacked, colours… (see docs/dashboards.md). */
  options?: Record<string, unknown>;
  /** Where a click on the widget leads (e.g. the work list in Valtimo). */
  link?: string;
}

export interface DashboardDefinition {
  key: string;
  title: string;
  description?: string;
  caseTypes: string[];
  /** Applied when the viewer does not choose (e.g. the last quarter per week). */
  defaults?: DimensionsJson;
  /** Which filters the page offers; default all. */
  filters?: ViewerFilter[];
  widgets: WidgetDefinition[];
  /** The file it came from, for error messages. */
  file: string;
}
