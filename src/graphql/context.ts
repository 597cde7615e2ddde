// Why: what every resolver of one HTTP request shares: the services, the request's "now" (so all
// KPIs of a request see the same asOf) and the request's DataLoader.
import type DataLoader from 'dataloader';
import type { KpiEngine, KpiRequest } from '../kpi/engine';
import type { KpiAnswer } from '../kpi/types';
import type { IngestContext } from '../ingest/ingest';
import type { ProcessCatalog } from '../processes';
import { createKpiLoader } from '../kpi/loader';
import { readVersions, ResultCache, Versions } from '../kpi/result-cache';
import type { DashboardService } from '../dashboards/service';
import type { Principal } from '../auth/principal';

export interface Services {
  engine: KpiEngine;
  catalog: ProcessCatalog;
  ingest: IngestContext;
  dashboards: DashboardService;
  /** Shared by all requests; undefined: no caching. */
  resultCache?: ResultCache;
}

export interface RequestContext extends Services {
  /** The request's "now": all KPIs of a request see the same; reading it marks the result as moving with the clock. */
  clock: RequestClock;
  /** The data versions, read once per request (also for the response cache). */
  dataVersions: () => Promise<Versions>;
  /** The document asks for kpi, dashboard or case fields (asksForKpis). */
  asksKpis: boolean;
  kpiLoader: DataLoader<KpiRequest, KpiAnswer, string>;
  principal: Principal;
  requestId: string;
  /** KPI names this request asked, for the request log. */
  kpiNames: Set<string>;
}

/**
 * The request's "now". A class, not a getter on the context: Apollo copies the context object
 * (Object.assign) before executing, which would read a getter once and keep a plain value; the copy
 * shares this object. `used` tells the response cache that a result moves with the clock.
 */
export class RequestClock {
  used = false;
  constructor(private readonly at: number) {}
  get now(): number {
    this.used = true;
    return this.at;
  }
}

/** Whether a GraphQL document asks for KPI answers (kpi, dashboard or case fields). */
export function asksForKpis(query: unknown): boolean {
  return typeof query === 'string' && /\b(kpi|dashboard|case)\s*\(/.test(query);
}

/**
 * `prefetchVersions`: start reading the data versions now, while Apollo parses and validates
 * the document and the resolvers resolve their dimensions, instead of when the first KPI batch
 * needs them; that hides the round trip. It is still read before any KPI statement starts (the
 * loader waits for it), so an answer is never labelled with versions newer than its data.
 */
export function createRequestContext(services: Services, principal: Principal, requestId: string, prefetchVersions = false): RequestContext {
  let versions: Promise<Versions> | undefined;
  const read = () => {
    if (!versions) {
      versions = readVersions(services.engine.options.knex);
      // A prefetch that fails (database down) is reported by the loader that awaits it, if any.
      versions.catch(() => undefined);
    }
    return versions;
  };
  const cache = services.resultCache ? { cache: services.resultCache, versions: read } : undefined;
  if (cache && prefetchVersions) void read();
  return {
    ...services, kpiLoader: createKpiLoader(services.engine, cache), principal, requestId, kpiNames: new Set<string>(),
    clock: new RequestClock(Date.now()), dataVersions: read, asksKpis: prefetchVersions,
  };
}
