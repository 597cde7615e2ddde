// Why: the GraphQL face of contract section 3: the same event objects as the NDJSON import.
// `at` is a String (not DateTime) so a bad instant is reported with its index like every other
// field, instead of failing the whole request in variable coercion.
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

@InputType({ description: 'One event (contract section 3).' })
export class CaseEventInput {
  @Field(() => String, { description: 'Unique: the idempotency key.' }) id!: string;
  @Field(() => String, { description: 'case.created, case.status_changed, … (contract section 3)' }) type!: string;
  @Field(() => String) caseId!: string;
  @Field(() => String, { description: 'ISO-8601 instant with offset.' }) at!: string;
  @Field(() => GraphQLJSONObject, { nullable: true }) data?: Record<string, unknown> | null;
}

@ObjectType()
export class IngestResult {
  @Field(() => Int, { description: 'Events in the batch.' }) received!: number;
  @Field(() => Int, { description: 'Events stored now.' }) inserted!: number;
  @Field(() => Int, { description: 'Events already stored (sent before): counted once.' }) duplicates!: number;
  @Field(() => Int, { description: 'Cases whose read model was rebuilt.' }) casesRebuilt!: number;
}
