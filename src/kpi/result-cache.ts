// Why: dashboards are opened by every team member every morning, with the same questions. An
// answer is cached until an ingest changes the read model of one of its processes: each ingest
// bumps per-process versions (table data_versions, in its transaction), and a cached answer is
// only served when the versions it was computed at are still the current ones. So a repeated
// dashboard costs one tiny query, and an ingest invalidates exactly the answers over the processes
// it touched, on every API instance.
//
// Answers for "now" (no asOf in the request) move with the clock even without new events (a
// deadline passes); they are served from the cache for at most NOW_TOLERANCE_MS.
import type { Knex } from 'knex';
import type { KpiRequest } from './engine';
import type { KpiAnswer } from './types';
import { requestKey } from './loader';

export const NOW_TOLERANCE_MS = 10_000;

interface Entry { answer: KpiAnswer; versions: string; computedAt: number; size: number }

export type Versions = Map<string, string>;

/** The current versions of every scope; one small query per GraphQL request. */
export async function readVersions(knex: Knex): Promise<Versions> {
  const rows = (await knex('data_versions').select('scope', knex.raw('version::text as version'))) as { scope: string; version: string }[];
  return new Map(rows.map((r) => [r.scope, r.version]));
}

/** The part of the versions an answer depends on: its processes, or everything ("*"). */
export function versionsFor(req: KpiRequest, versions: Versions): string {
  const scopes = req.dims.caseTypes ?? ['*'];
  return scopes.map((s) => `${s}:${versions.get(s) ?? '0'}`).join(',');
}

export class ResultCache {
  private readonly entries = new Map<string, Entry>();
  private size = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxPoints = 500_000, private readonly now: () => number = Date.now) {}

  /** The cache key: the request, with "now" standing for a defaulted asOf. */
  static keyOf(req: KpiRequest): string {
    if (!req.asOfDefaulted) return requestKey(req);
    return requestKey({ ...req, dims: { ...req.dims, asOf: -1 } });
  }

  get(req: KpiRequest, versions: Versions): KpiAnswer | undefined {
    const key = ResultCache.keyOf(req);
    const e = this.entries.get(key);
    const fresh = e && e.versions === versionsFor(req, versions) && (!req.asOfDefaulted || this.now() - e.computedAt <= NOW_TOLERANCE_MS);
    if (!e || !fresh) {
      this.misses++;
      return undefined;
    }
    // Least recently used goes first: re-insert on a hit.
    this.entries.delete(key);
    this.entries.set(key, e);
    this.hits++;
    // Served for "now": its period.asOf says which instant it was computed at.
    return e.answer;
  }

  set(req: KpiRequest, versions: Versions, answer: KpiAnswer): void {
    const size = answer.points.length + 1;
    if (size > this.maxPoints / 10) return; // one huge answer should not evict everything
    const key = ResultCache.keyOf(req);
    const old = this.entries.get(key);
    if (old) {
      this.size -= old.size;
      this.entries.delete(key);
    }
    this.entries.set(key, { answer, versions: versionsFor(req, versions), computedAt: this.now(), size });
    this.size += size;
    for (const [k, e] of this.entries) {
      if (this.size <= this.maxPoints) break;
      this.entries.delete(k);
      this.size -= e.size;
    }
  }

  clear(): void {
    this.entries.clear();
    this.size = 0;
  }
}
