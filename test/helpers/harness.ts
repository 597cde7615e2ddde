// Why: integration tests talk to the service the way a front end does: real HTTP to a real server
// on a free port, backed by a real (embedded or PostgreSQL) database. One harness per test file.
import { createApp, App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createTestDatabase, TestDatabase } from './database';
import type { KpiClass } from '../../src/kpi/decorator';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

export interface Harness {
  url: string;
  app: App;
  db: TestDatabase;
  /** POST /graphql */
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** Stores events through the ingestEvents mutation; throws when the batch is refused. */
  ingest(events: object[]): Promise<{ received: number; inserted: number; duplicates: number; casesRebuilt: number }>;
  /** kpi(name, dimensions, params) → the KpiResult; throws on errors. */
  kpi(name: string, dimensions?: Record<string, unknown>, params?: Record<string, unknown>): Promise<KpiResultJson>;
  close(): Promise<void>;
}

export interface KpiResultJson {
  name: string;
  unit: string;
  value: number | null;
  points: { bucket: string | null; groups: { by: string; key: string | null; label: string | null; attribute?: string | null }[]; value: number | null }[];
}

export async function createHarness(options: { env?: Record<string, string>; kpis?: KpiClass[] } = {}): Promise<Harness> {
  const db = await createTestDatabase();
  const config = { ...loadConfig({ DEFAULT_TIMEZONE: 'Europe/Amsterdam', LOG_LEVEL: 'silent', ...options.env }), port: 0 };
  const logged: unknown[] = [];
  const app = await createApp(config, { db, kpis: options.kpis, log: (e) => logged.push(e) });
  const url = await app.listen();
  const gql = async (query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GraphQLResponse;
  };
  return {
    url, app, db, gql,
    async ingest(events) {
      const r = await gql('mutation Ingest($events: [CaseEventInput!]!) { ingestEvents(events: $events) { received inserted duplicates casesRebuilt } }', { events });
      if (r.errors) throw new Error(`ingest refused: ${r.errors.map((e) => e.message).join('; ')}`);
      return r.data.ingestEvents;
    },
    async kpi(name, dimensions, params) {
      const r = await gql(
        `query K($name: String!, $dimensions: DimensionsInput, $params: JSONObject) {
          kpi(name: $name, dimensions: $dimensions, params: $params) {
            name unit value points { bucket groups { by key label attribute } value }
          }
        }`,
        { name, dimensions, params },
      );
      if (r.errors) throw new Error(`kpi ${name} failed: ${r.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; ')}`);
      return r.data.kpi;
    },
    async close() {
      await app.close();
      await db.dispose();
      if (logged.length) throw new Error(`the server logged internal errors: ${logged.map(String).join('; ')}`);
    },
  };
}
