// Why: `caseTypes` lists the configured processes with their statuses, roles and steps, so a front
// end can fill a status multiselect or a step filter without hard-coding a process.
import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType()
export class KeyLabel {
  @Field(() => String) key!: string;
  @Field(() => String) label!: string;
}

@ObjectType()
export class CaseStatus {
  @Field(() => String) key!: string;
  @Field(() => String) label!: string;
  @Field(() => Int) order!: number;
  @Field(() => Boolean) final!: boolean;
}

@ObjectType()
export class ProcessStep {
  @Field(() => String) key!: string;
  @Field(() => String) label!: string;
  @Field(() => String, { nullable: true, description: 'ISO-8601 duration: a task in this step is due at start + term.' }) term?: string | null;
}

@ObjectType({ description: 'A process-specific field of case.created data.attributes, usable as filter and group.' })
export class ProcessAttribute {
  @Field(() => String) key!: string;
  @Field(() => String) label!: string;
  @Field(() => [KeyLabel]) values!: KeyLabel[];
}

@ObjectType({ description: 'A configured process (case type).' })
export class CaseType {
  @Field(() => String) key!: string;
  @Field(() => String) label!: string;
  @Field(() => String, { description: 'ISO-8601 duration, e.g. P8W.' }) legalTerm!: string;
  @Field(() => String, { nullable: true }) extensionTerm?: string | null;
  @Field(() => [CaseStatus]) statuses!: CaseStatus[];
  @Field(() => [KeyLabel]) roles!: KeyLabel[];
  @Field(() => [ProcessStep]) steps!: ProcessStep[];
  @Field(() => [KeyLabel]) letterTypes!: KeyLabel[];
  @Field(() => [KeyLabel]) results!: KeyLabel[];
  @Field(() => [ProcessAttribute]) attributes!: ProcessAttribute[];
}
