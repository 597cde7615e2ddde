// Why: schema/schema.graphql is the published contract for front-end teams; it must be exactly
// what the server serves. Run `npm run schema:emit` after changing a GraphQL type.
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { printApiSchema } from '../src/graphql/schema';

describe('schema/schema.graphql', () => {
  it('is up to date with the code (run npm run schema:emit)', async () => {
    const committed = fs.readFileSync(path.resolve(__dirname, '../schema/schema.graphql'), 'utf8');
    expect(committed).toBe(await printApiSchema());
  });

  it('has the names contract section 5 fixes', async () => {
    const sdl = await printApiSchema();
    expect(sdl).toContain('kpi(dimensions: DimensionsInput, name: String!, params: JSONObject): KpiResult!');
    expect(sdl).toContain('kpis(caseType: String): [KpiDefinition!]!');
    expect(sdl).toContain('caseTypes: [CaseType!]!');
    expect(sdl).toContain('ingestEvents(events: [CaseEventInput!]!): IngestResult!');
    for (const value of ['HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR']) expect(sdl).toMatch(new RegExp(`enum TimeGranularity \\{[^}]*\\b${value}\\b`));
    for (const value of ['CASE_TYPE', 'STATUS', 'ROLE', 'ASSIGNEE', 'TIMELINESS', 'STEP']) expect(sdl).toMatch(new RegExp(`enum GroupBy \\{[^}]*\\b${value}\\b`));
    for (const value of ['LAST_12_MONTHS', 'LAST_90_DAYS', 'THIS_QUARTER', 'YESTERDAY']) expect(sdl).toMatch(new RegExp(`enum RelativePeriod \\{[^}]*\\b${value}\\b`));
    expect(sdl).toMatch(/type KpiResult \{[^}]*name: String![^}]*period: ResolvedPeriod[^}]*points: \[KpiPoint!\]![^}]*unit: String![^}]*value: Float/);
    expect(sdl).toMatch(/type GroupValue \{[^}]*by: GroupBy![^}]*key: String[^}]*label: String/);
  });
});
