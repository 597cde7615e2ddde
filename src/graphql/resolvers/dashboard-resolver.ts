// Why: `dashboards` and `dashboard(key, dimensions)`: one request answers a whole dashboard.
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { Dashboard, DashboardResult, DashboardWidget } from '../types/dashboard';
import { DimensionsInput } from '../types/dimensions-input';
import { RequestContext } from '../context';
import { DashboardDefinition, VIEWER_FILTERS, WidgetDefinition } from '../../dashboards/types';
import { widgetUsesSeries } from '../../dashboards/load';
import { canRead } from '../../auth/principal';

const toWidget = (w: WidgetDefinition): DashboardWidget => ({
  key: w.key, title: w.title, description: w.description ?? null, kpi: w.kpi, display: w.display,
  options: w.options ?? null, params: w.params ?? null, dimensions: w.dimensions ?? null, link: w.link ?? null,
  series: widgetUsesSeries(w),
});

const toDashboard = (d: DashboardDefinition, timezone: string): Dashboard => ({
  key: d.key, title: d.title, description: d.description ?? null, caseTypes: d.caseTypes,
  defaults: d.defaults ?? null, filters: d.filters ?? [...VIEWER_FILTERS], timezone, widgets: d.widgets.map(toWidget),
});

@Resolver()
export class DashboardResolver {
  @Query(() => [Dashboard], { description: 'The configured dashboards.' })
  dashboards(@Ctx() ctx: RequestContext): Dashboard[] {
    return ctx.dashboards.dashboards.filter((d) => d.caseTypes.every((t) => canRead(ctx.principal, t))).map((d) => toDashboard(d, ctx.engine.options.defaultTimezone));
  }

  @Query(() => DashboardResult, { description: 'A dashboard with every widget answered for the viewer\'s dimensions (period, granularity, roles, assignees, statuses, timeliness, steps).' })
  async dashboard(
    @Ctx() ctx: RequestContext,
    @Arg('key', () => String) key: string,
    @Arg('dimensions', () => DimensionsInput, { nullable: true }) dimensions?: DimensionsInput | null,
  ): Promise<DashboardResult> {
    const { dashboard, widgets } = await ctx.dashboards.answer(key, dimensions, ctx);
    return { dashboard: toDashboard(dashboard, ctx.engine.options.defaultTimezone), widgets: widgets.map((w) => ({ ...w, widget: toWidget(w.widget) })) };
  }
}
