// Why: one GraphQL request often asks several KPIs (aliases, a dashboard). The DataLoader made per
// request (1) answers identical requests once, (2) turns many per-case questions that differ
// only in `caseId` (the lead time of 100 cases) into one statement, and (3) answers KPIs over the
// same facts with other aggregates (a dashboard's outflow, on-time rate and lead time of closed
// cases) in one pass (KpiEngine.mergeKey), also a KPI's value alone with another KPI's buckets or
// groups over the same facts (KpiEngine.factsKey). Everything else in a batch runs concurrently on
// the connection pool.
import DataLoader from 'dataloader';
import { KpiEngine, KpiRequest } from './engine';
import { KpiAnswer } from './types';
import type { ResultCache, Versions } from './result-cache';

const keys = new WeakMap<object, { key: string; batch: string }>();

/**
 * The request without its caseId, and the caseId after it: one JSON.stringify gives both the cache
 * key and the key of the per-case batch (its prefix). Remembered per request object: the
 * DataLoader, the batching and the answer cache ask for it up to four times per `kpi` field.
 */
function keysOf(req: Pick<KpiRequest, 'kpi' | 'dims' | 'params'>): { key: string; batch: string } {
  let k = keys.get(req);
  if (k === undefined) {
    const batch = JSON.stringify([req.kpi.options.name, { ...req.dims, caseId: null }, req.params]);
    k = { batch, key: `${batch}${JSON.stringify(req.dims.caseId ?? null)}` };
    keys.set(req, k);
  }
  return k;
}

/** Cache key: KPI name plus the resolved dimensions and params (key order is fixed by construction). */
export function requestKey(req: Pick<KpiRequest, 'kpi' | 'dims' | 'params'>): string {
  return keysOf(req).key;
}

export interface LoaderCache {
  cache: ResultCache;
  /** The data versions, read once per request. */
  versions: () => Promise<Versions>;
}

function batchKey(req: KpiRequest): string | null {
  if (!req.kpi.options.caseId || req.dims.caseId === null) return null;
  return keysOf(req).batch;
}

/**
 * Which of `indexes` (requests that are not per-case batches) are answered by one statement: those
 * of one KpiEngine.mergeKey, and a group asking for the period's value alone joins a group of the
 * same facts that asks for buckets or groups too (KpiEngine.factsKey): that statement computes the
 * same total row. The first request of a group decides the statement's buckets and groups
 * (KpiEngine.runMerged). Exported for the benchmark, which times the statements the server runs.
 */
export function statementGroups(engine: KpiEngine, reqs: readonly KpiRequest[], indexes: readonly number[]): number[][] {
  const groups: number[][] = [];
  const merged = new Map<string, number[]>();
  for (const i of indexes) {
    const key = engine.mergeKey(reqs[i]);
    if (key === null) groups.push([i]);
    else merged.set(key, [...(merged.get(key) ?? []), i]);
  }
  const hosts = new Map<string, number[]>();
  for (const group of merged.values()) {
    const r = reqs[group[0]];
    const facts = engine.factsKey(r)!;
    if (!engine.valueOnly(r) && !hosts.has(facts)) hosts.set(facts, group);
  }
  for (const [key, group] of merged) {
    const host = engine.valueOnly(reqs[group[0]]) ? hosts.get(key) : undefined;
    if (host === undefined) continue;
    host.push(...group);
    merged.delete(key);
  }
  return [...groups, ...merged.values()];
}

export function createKpiLoader(engine: KpiEngine, shared?: LoaderCache): DataLoader<KpiRequest, KpiAnswer, string> {
  return new DataLoader<KpiRequest, KpiAnswer, string>(
    async (reqs) => {
      const answers: (KpiAnswer | Error)[] = new Array(reqs.length);
      const perCase = new Map<string, number[]>();
      const single: number[] = [];
      const versions = shared ? await shared.versions() : undefined;
      reqs.forEach((r, i) => {
        const cached = versions && shared!.cache.get(r, versions);
        if (cached) {
          answers[i] = cached;
          return;
        }
        const key = batchKey(r);
        if (key === null) single.push(i);
        else perCase.set(key, [...(perCase.get(key) ?? []), i]);
      });
      const jobs: Promise<void>[] = [];
      for (const indexes of perCase.values()) {
        if (indexes.length === 1) {
          single.push(indexes[0]);
          continue;
        }
        jobs.push(
          engine.runForCases(indexes.map((i) => reqs[i])).then(
            (list) => list.forEach((a, k) => (answers[indexes[k]] = a)),
            (e: Error) => indexes.forEach((i) => (answers[i] = e)),
          ),
        );
      }
      for (const indexes of statementGroups(engine, reqs, single)) {
        if (indexes.length === 1) {
          const i = indexes[0];
          jobs.push(engine.run(reqs[i]).then((a) => void (answers[i] = a), (e: Error) => void (answers[i] = e)));
          continue;
        }
        const own = engine.mergeKey(reqs[indexes[0]]);
        jobs.push(
          engine.runMerged(indexes.map((i) => reqs[i])).then(
            (list) => list.forEach((a, k) => (answers[indexes[k]] = a)),
            // The statement failed (a timeout, say): requests with the first one's dimensions share
            // its fate; a value alone that rode along is asked on its own, as it would have been.
            (e: Error) => Promise.all(indexes.map(async (i) => {
              answers[i] = engine.mergeKey(reqs[i]) === own ? e : await engine.run(reqs[i]).catch((err: Error) => err);
            })).then(() => undefined),
          ),
        );
      }
      await Promise.all(jobs);
      if (versions) {
        reqs.forEach((r, i) => {
          const a = answers[i];
          if (a && !(a instanceof Error)) shared!.cache.set(r, versions, a);
        });
      }
      return answers;
    },
    { cacheKeyFn: requestKey },
  );
}
