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
  now: number;
  kpiLoader: DataLoader<KpiRequest, KpiAnswer, string>;
  principal: Principal;
  requestId: string;
  /** KPI names this request asked, for the request log. */
  kpiNames: Set<string>;
}

export function createRequestContext(services: Services, principal: Principal, requestId: string): RequestContext {
  let versions: Promise<Versions> | undefined;
  const cache = services.resultCache
    ? { cache: services.resultCache, versions: () => (versions ??= readVersions(services.engine.options.knex)) }
    : undefined;
  return { ...services, now: Date.now(), kpiLoader: createKpiLoader(services.engine, cache), principal, requestId, kpiNames: new Set() };
}
