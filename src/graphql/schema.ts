// Why: builds the executable schema from the type-graphql classes; the SDL it prints is committed
// as schema/schema.graphql (a test fails when it is stale).
import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { KpiResolver } from './resolvers/kpi-resolver';
import { CaseTypeResolver } from './resolvers/case-type-resolver';
import { IngestResolver } from './resolvers/ingest-resolver';
import { DashboardResolver } from './resolvers/dashboard-resolver';
import { CaseResolver } from './resolvers/case-resolver';

let cached: Promise<GraphQLSchema> | undefined;

export function buildApiSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({ resolvers: [KpiResolver, CaseTypeResolver, IngestResolver, DashboardResolver, CaseResolver], validate: false });
  return cached;
}

export async function printApiSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildApiSchema()))}\n`;
}
