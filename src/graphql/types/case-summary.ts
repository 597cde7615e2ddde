// Why: the GraphQL shape of one case's state at an instant (the dashboard's per-case lookup).
import { Field, Float, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { Timeliness } from '../enums';

@ObjectType({ description: 'One case as of an instant.' })
export class CaseSummary {
  @Field(() => String) id!: string;
  @Field(() => String, { nullable: true }) reference!: string | null;
  @Field(() => String) caseType!: string;
  @Field(() => String) caseTypeLabel!: string;
  @Field(() => GraphQLDateTime) createdAt!: Date;
  @Field(() => Boolean) open!: boolean;
  @Field(() => String, { nullable: true }) status!: string | null;
  @Field(() => String, { nullable: true }) statusLabel!: string | null;
  @Field(() => String, { nullable: true }) assignee!: string | null;
  @Field(() => String, { nullable: true }) role!: string | null;
  @Field(() => String, { nullable: true }) roleLabel!: string | null;
  @Field(() => Boolean, { description: 'The legal clock is stopped.' }) suspended!: boolean;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'Effective deadline at asOf (suspensions so far included).' }) deadline!: Date | null;
  @Field(() => Timeliness, { nullable: true }) timeliness!: 'ON_TIME' | 'OVERDUE' | null;
  @Field(() => GraphQLDateTime, { nullable: true }) closedAt!: Date | null;
  @Field(() => Float, { nullable: true, description: 'Lead time in days (as the caseLeadTime KPI).' }) leadTimeDays!: number | null;
  @Field(() => GraphQLDateTime) asOf!: Date;
  @Field(() => String) timezone!: string;
}
