// Why: the input types of `kpi(name, dimensions, params)` (contract section 5), plus the attribute
// dimensions for process-specific fields. Checking values is the engine's job
// (src/kpi/resolve-dimensions.ts); these classes only describe the shape.
import { Field, InputType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { GroupBy, RelativePeriod, TimeGranularity, Timeliness } from '../enums';
import type { GroupByKey, Granularity, RelativePeriod as RelativePeriodKey, TimelinessKey } from '../../kpi/types';

@InputType({ description: 'A period [from, to) or a relative period; not both.' })
export class PeriodInput {
  @Field(() => GraphQLDateTime, { nullable: true, description: 'Start, inclusive.' })
  from?: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'End, exclusive.' })
  to?: Date | null;

  @Field(() => RelativePeriod, { nullable: true })
  relative?: RelativePeriodKey | null;
}

@InputType({ description: 'Keep cases whose process attribute `key` has one of `values`.' })
export class AttributeFilterInput {
  @Field(() => String)
  key!: string;

  @Field(() => [String])
  values!: string[];
}

@InputType({ description: 'The shared dimensions every KPI accepts, in any combination.' })
export class DimensionsInput {
  @Field(() => [String], { nullable: true, description: 'Processes (case types); default all the caller may see.' })
  caseTypes?: string[] | null;

  @Field(() => PeriodInput, { nullable: true })
  period?: PeriodInput | null;

  @Field(() => TimeGranularity, { nullable: true })
  granularity?: Granularity | null;

  @Field(() => [String], { nullable: true, description: 'Status multiselect (status keys of the chosen case types).' })
  statuses?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Civil-servant roles, e.g. behandelaar, senior, manager.' })
  roles?: string[] | null;

  @Field(() => [String], { nullable: true })
  assignees?: string[] | null;

  @Field(() => Timeliness, { nullable: true })
  timeliness?: TimelinessKey | null;

  @Field(() => [String], { nullable: true, description: 'Process steps: keeps cases with an open task in one of them; timeliness then judges those tasks.' })
  steps?: string[] | null;

  @Field(() => String, { nullable: true, description: 'One case (KPIs that support it).' })
  caseId?: string | null;

  @Field(() => [GroupBy], { nullable: true })
  groupBy?: GroupByKey[] | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Evaluate as if now were this instant; default now.' })
  asOf?: Date | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone; default DEFAULT_TIMEZONE.' })
  timezone?: string | null;

  @Field(() => [AttributeFilterInput], { nullable: true, description: 'Filters on process-specific attributes (see caseTypes.attributes).' })
  attributes?: AttributeFilterInput[] | null;

  @Field(() => [String], { nullable: true, description: 'Process attributes to group by (adds ATTRIBUTE to groupBy).' })
  groupByAttributes?: string[] | null;
}
