// Why: the GraphQL face of dashboards: definitions for a dashboard picker, and a dashboard answered
// with every widget's KpiResult for the viewer's dimensions.
import { Field, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { KpiResult } from './kpi';

@ObjectType({ description: 'A widget: one KPI shown one way.' })
export class DashboardWidget {
  @Field(() => String) key!: string;
  @Field(() => String) title!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { description: 'The KPI name.' }) kpi!: string;
  @Field(() => String, { description: 'number, gauge, meter, donut, line, area, bar or table' }) display!: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Display options: thresholds, target, max, stacked, …' }) options?: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) params?: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Dimensions fixed by the widget.' }) dimensions?: Record<string, unknown> | null;
  @Field(() => String, { nullable: true }) link?: string | null;
  @Field(() => Boolean, { description: 'Draws a series over time (follows the granularity filter).' }) series!: boolean;
}

@ObjectType({ description: 'A process dashboard (dashboards/*.dashboard.json).' })
export class Dashboard {
  @Field(() => String) key!: string;
  @Field(() => String) title!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [String]) caseTypes!: string[];
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Dimensions used when the viewer does not choose.' }) defaults?: Record<string, unknown> | null;
  @Field(() => [String], { description: 'The filters the page offers.' }) filters!: string[];
  @Field(() => String, { description: 'The time zone answers use when the viewer names none (DEFAULT_TIMEZONE).' }) timezone!: string;
  @Field(() => [DashboardWidget]) widgets!: DashboardWidget[];
}

@ObjectType()
export class WidgetError {
  @Field(() => String) code!: string;
  @Field(() => String) message!: string;
  @Field(() => String, { nullable: true }) field?: string | null;
}

@ObjectType({ description: 'A widget with its answer, or the error that kept it from one.' })
export class WidgetResult {
  @Field(() => DashboardWidget) widget!: DashboardWidget;
  @Field(() => KpiResult, { nullable: true }) result!: KpiResult | null;
  @Field(() => WidgetError, { nullable: true }) error!: WidgetError | null;
}

@ObjectType()
export class DashboardResult {
  @Field(() => Dashboard) dashboard!: Dashboard;
  @Field(() => [WidgetResult]) widgets!: WidgetResult[];
}
