// Why: answers `dashboard(key, dimensions)`: every widget's KPI over the viewer's dimensions, in one
// round trip. The widgets' requests go through the request's DataLoader together, so identical
// KPI requests run once and the rest run concurrently on the connection pool.
import { GraphQLError } from 'graphql';
import type { RequestContext } from '../graphql/context';
import type { DimensionsRequest, KpiAnswer } from '../kpi/types';
import { badInput, ErrorCode } from '../errors';
import { canRead, forbidden } from '../auth/principal';
import { DashboardDefinition, WidgetDefinition } from './types';
import { dimensionsFromJson, mergeDimensions } from './dimensions-json';
import { widgetUsesSeries } from './load';

export interface WidgetAnswer {
  widget: WidgetDefinition;
  result: KpiAnswer | null;
  error: { code: string; message: string; field: string | null } | null;
}

/** What a viewer may not set on a dashboard: the widgets decide these. */
const NOT_VIEWER = ['groupBy', 'groupByAttributes', 'caseId'] as const;

export class DashboardService {
  private readonly byKey: Map<string, DashboardDefinition>;
  constructor(readonly dashboards: DashboardDefinition[], private readonly log: (e: unknown) => void = console.error) {
    this.byKey = new Map(dashboards.map((d) => [d.key, d]));
  }

  get(key: string): DashboardDefinition | undefined {
    return this.byKey.get(key);
  }

  /** The dimensions a widget is asked with: scope < defaults < viewer < the widget's own. */
  widgetDimensions(d: DashboardDefinition, w: WidgetDefinition, viewer: DimensionsRequest): DimensionsRequest {
    const merged = mergeDimensions(
      { caseTypes: d.caseTypes },
      dimensionsFromJson(d.defaults, d.file),
      viewer,
      dimensionsFromJson(w.dimensions, d.file),
    );
    if (!widgetUsesSeries(w)) delete merged.granularity;
    return merged;
  }

  async answer(key: string, viewerInput: DimensionsRequest | null | undefined, ctx: RequestContext): Promise<{ dashboard: DashboardDefinition; widgets: WidgetAnswer[] }> {
    const d = this.byKey.get(key);
    if (!d) throw badInput('key', `unknown dashboard "${key}"`, [...this.byKey.keys()]);
    const denied = d.caseTypes.filter((t) => !canRead(ctx.principal, t));
    if (denied.length) throw forbidden('key', `dashboard ${d.key} shows ${denied.join(', ')}, which you may not read`);
    const viewer: DimensionsRequest = { ...(viewerInput ?? {}) };
    for (const field of NOT_VIEWER) {
      if (viewer[field] !== undefined && viewer[field] !== null) throw badInput(`dimensions.${field}`, 'is set by each widget, not by the viewer of a dashboard');
    }
    if (viewer.caseTypes) {
      const outside = viewer.caseTypes.filter((t) => !d.caseTypes.includes(t));
      if (outside.length) throw badInput('dimensions.caseTypes', `dashboard ${d.key} shows ${d.caseTypes.join(', ')} only`, d.caseTypes);
    }
    // Check the viewer's filters once, so a bad filter is one clear error, not one per widget.
    const first = d.widgets[0];
    await ctx.engine.resolve(first.kpi, mergeDimensions(this.widgetDimensions(d, first, viewer), { granularity: viewer.granularity ?? undefined }), first.params ?? null, () => ctx.clock.now, ctx.principal);

    const widgets = await Promise.all(d.widgets.map(async (w): Promise<WidgetAnswer> => {
      try {
        ctx.kpiNames.add(w.kpi);
        const req = await ctx.engine.resolve(w.kpi, this.widgetDimensions(d, w, viewer), w.params ?? null, () => ctx.clock.now, ctx.principal);
        return { widget: w, result: await ctx.kpiLoader.load(req), error: null };
      } catch (e) {
        const code = e instanceof GraphQLError ? (e.extensions.code as string) : undefined;
        if (e instanceof GraphQLError && code && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
          return { widget: w, result: null, error: { code, message: e.message, field: (e.extensions.field as string) ?? null } };
        }
        if ((e as { code?: string })?.code === '57014') {
          return { widget: w, result: null, error: { code: ErrorCode.TIMEOUT, message: 'The KPI query took too long and was cancelled. Narrow the period or the granularity.', field: null } };
        }
        this.log(e);
        return { widget: w, result: null, error: { code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error. The error has been logged.', field: null } };
      }
    }));
    return { dashboard: d, widgets };
  }
}
