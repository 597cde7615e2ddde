// Why: the output types of the KPI queries (contract section 5): definitions for a KPI picker and
// results with their buckets and groups.
import { Field, Float, ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import { GroupBy, KpiKind, RelativePeriod, TimeGranularity } from '../enums';
import type { Granularity, GroupByKey, KpiKind as KpiKindKey, RelativePeriod as RelativePeriodKey } from '../../kpi/types';

@ObjectType({ description: 'A parameter a KPI accepts in `params`.' })
export class KpiParam {
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'string, string[], number or boolean' }) type!: string;
  @Field(() => String) description!: string;
  @Field(() => GraphQLJSON, { nullable: true }) default?: unknown;
  @Field(() => [String], { nullable: true, description: 'Allowed values, when the set is known.' }) allowed?: string[] | null;
}

@ObjectType({ description: 'What a KPI measures and which dimensions and params it accepts.' })
export class KpiDefinition {
  @Field(() => String) name!: string;
  @Field(() => String) title!: string;
  @Field(() => String) description!: string;
  @Field(() => String, { description: 'count, days or percent' }) unit!: string;
  @Field(() => KpiKind) kind!: KpiKindKey;
  @Field(() => [String], { description: 'Processes it is about; all configured ones for generic KPIs.' }) caseTypes!: string[];
  @Field(() => Boolean, { description: 'Generic (every process) or specific to the processes in caseTypes.' }) generic!: boolean;
  @Field(() => [String], { description: 'DimensionsInput fields it accepts.' }) dimensions!: string[];
  @Field(() => [GroupBy], { description: 'Groups it accepts.' }) groupBy!: GroupByKey[];
  @Field(() => [KpiParam]) params!: KpiParam[];
}

@ObjectType({ description: 'The period a result covers, after relative periods are resolved.' })
export class ResolvedPeriod {
  @Field(() => GraphQLDateTime, { nullable: true, description: 'Start, inclusive; null: from the beginning.' }) from!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'End, exclusive; null: up to asOf.' }) to!: Date | null;
  @Field(() => GraphQLDateTime) asOf!: Date;
  @Field(() => String) timezone!: string;
  @Field(() => RelativePeriod, { nullable: true }) relative!: RelativePeriodKey | null;
}

@ObjectType({ description: 'The group a point belongs to along one dimension.' })
export class GroupValue {
  @Field(() => GroupBy) by!: GroupByKey;
  @Field(() => String, { nullable: true, description: 'Machine key; null for "none" (unassigned, no deadline, no open task).' }) key!: string | null;
  @Field(() => String, { nullable: true }) label!: string | null;
  @Field(() => String, { nullable: true, description: 'For ATTRIBUTE groups: which attribute.' }) attribute?: string | null;
}

@ObjectType()
export class KpiPoint {
  @Field(() => GraphQLDateTime, { nullable: true, description: 'Start of the bucket; null without granularity.' }) bucket!: Date | null;
  @Field(() => [GroupValue]) groups!: GroupValue[];
  @Field(() => Float, { nullable: true }) value!: number | null;
}

@ObjectType()
export class KpiResult {
  @Field(() => String) name!: string;
  @Field(() => String) unit!: string;
  @Field(() => Float, { nullable: true, description: 'The answer over the whole period (snapshot: at its end, capped at asOf).' }) value!: number | null;
  @Field(() => ResolvedPeriod, { nullable: true }) period!: ResolvedPeriod | null;
  @Field(() => TimeGranularity, { nullable: true, description: 'The granularity of the points; null without buckets.' }) granularity!: Granularity | null;
  @Field(() => [KpiPoint]) points!: KpiPoint[];
}
