// Why: a team opens the same dashboard many times a morning. The answer cache
// (src/kpi/result-cache.ts) already spares the database, but a repeated request still resolves the
// dimensions of every widget, looks up every answer and executes GraphQL over the whole result:
// most of the ~3 ms a repeat costs. This Apollo plugin keeps whole results of queries and serves
// one again when the same caller sends the same document and variables and the data has not
// changed since, without executing anything.
//
// It is as fresh as the answer cache, or fresher:
// - an entry holds the data versions (table data_versions, bumped by every ingest in its own
//   transaction) read before the result was computed; it is served only while every version is
//   still the same, so any ingest, into any process, retires it, on every instance;
// - a result that read the clock (a KPI without asOf, a case without asOf) is never kept: the
//   request context's `now` is a getter that marks the request;
// - only queries without errors are kept, per caller (subject, roles, readable processes), so
//   nobody is served a result computed under other permissions.
//
// Checking a kept result needs the versions, one round trip. When this instance already knows the
// kept result is out of date (a newer read of the versions, or an ingest here since it was kept),
// or keeps none, execution starts at once: the resolvers resolve their dimensions and build their
// statements while the versions are on their way. Every read a kept result depends on still
// starts after them (the KPI loader and the case resolver wait for them), so an entry is never
// labelled with versions newer than its data. (Resolving dimensions may ask whether an
// unconfigured case type has cases before that; only to refuse the request, which is not kept,
// and a case type that has cases never stops having them.)
import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { RequestContext } from './context';
import type { Versions } from '../kpi/result-cache';
import type { Principal } from '../auth/principal';
import { MAX_JSON_DEPTH, nestingDepth } from '../input/storable-text';

interface Entry {
  data: Record<string, unknown>;
  versions: string;
  kpis: string[];
  size: number;
  /** ResponseCache.writes when the request that computed it began. */
  writes: number;
}

/** A whole-result LRU bounded by the total length of the results' JSON. */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private size = 0;
  hits = 0;
  /** Requests that did not wait for the versions, because no kept result could be current. */
  unchecked = 0;
  /** The versions of the most recent read on this instance. */
  private latestVersions: string | undefined;
  /** Mutations (ingests) answered by this instance. */
  writes = 0;

  constructor(private readonly maxChars = 32_000_000) {}

  /**
   * Whether a kept result for `key` could still be current, so the versions are worth waiting
   * for. False when none is kept, or when this instance has seen newer versions or an ingest since
   * it was kept. Only a hint: a result is served after its versions are compared (get).
   */
  mayHit(key: string): boolean {
    const e = this.entries.get(key);
    return e !== undefined && e.versions === this.latestVersions && e.writes === this.writes;
  }

  noteVersions(versions: string): void {
    this.latestVersions = versions;
  }

  get(key: string, versions: string): Entry | undefined {
    const e = this.entries.get(key);
    if (!e || e.versions !== versions) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    this.hits++;
    return e;
  }

  set(key: string, entry: Entry): void {
    if (entry.size > this.maxChars / 16) return; // one huge result must not push out everything else
    const old = this.entries.get(key);
    if (old) {
      this.size -= old.size;
      this.entries.delete(key);
    }
    this.entries.set(key, entry);
    this.size += entry.size;
    for (const [k, e] of this.entries) {
      if (this.size <= this.maxChars) break;
      this.entries.delete(k);
      this.size -= e.size;
    }
  }

  get count(): number {
    return this.entries.size;
  }
}

/**
 * About the length of `JSON.stringify(value)`, for the cache's bound: every string and key counted
 * with its quotes, every number as 8 characters (escapes and long numbers make the real text a
 * little longer). Walking the result costs a tenth of stringifying it, which was 0.5 ms of every
 * uncached 52-week series (416 points), once more after Apollo's own serialisation.
 */
export function approximateJsonLength(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (typeof value === 'number') return 8;
  if (typeof value === 'boolean') return 5;
  if (value === null || typeof value !== 'object') return 4;
  let n = 2;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) n += approximateJsonLength(value[i]) + 1;
    return n;
  }
  for (const k in value) n += k.length + 4 + approximateJsonLength((value as Record<string, unknown>)[k]);
  return n;
}

/** All versions as one string: an entry is served only while none of them changed. */
export function versionsKey(versions: Versions): string {
  return [...versions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([s, v]) => `${s}:${v}`).join(',');
}

function callerKey(p: Principal): unknown {
  return [p.subject, [...p.roles].sort(), p.readable === 'all' ? 'all' : [...p.readable].sort(), p.canIngest];
}

export function responseCachePlugin(cache: ResponseCache): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      let key: string | null = null;
      let versions: Promise<string | null> | null = null;
      let served = false;
      const writes = cache.writes;
      return {
        async responseForOperation({ operation, request, queryHash, contextValue }): Promise<GraphQLResponse | null> {
          // Other queries (the process catalog, introspection) cost less than the versions read.
          if (operation.operation !== 'query' || !contextValue.asksKpis) return null;
          // Variables nested deeper than any valid input are left to the resolvers, which refuse
          // them with a contract error; JSON.stringify of hostile nesting would overflow the stack.
          const variables = request.variables ?? {};
          if (nestingDepth(variables, MAX_JSON_DEPTH + 8) > MAX_JSON_DEPTH + 8) return null;
          key = JSON.stringify([queryHash, request.operationName ?? null, variables, callerKey(contextValue.principal)]);
          // A database that cannot be reached gives null: execution runs and reports it the usual way
          // (INTERNAL_SERVER_ERROR with reason DATABASE_UNAVAILABLE, src/graphql/format-error.ts).
          versions = contextValue.dataVersions().then((v) => {
            const text = versionsKey(v);
            cache.noteVersions(text);
            return text;
          }, () => null);
          if (!cache.mayHit(key)) {
            cache.unchecked++;
            return null;
          }
          const current = await versions;
          const hit = current === null ? undefined : cache.get(key, current);
          if (!hit) return null;
          served = true;
          for (const k of hit.kpis) contextValue.kpiNames.add(k);
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: hit.data } } };
        },
        async willSendResponse({ response, errors, contextValue, operation }) {
          // An ingest here retires every kept result: the next request need not wait to learn that.
          if (operation?.operation === 'mutation' && !errors?.length) cache.writes++;
          if (served || key === null || versions === null || errors?.length || contextValue.clock.used) return;
          if (response.body.kind !== 'single' || response.body.singleResult.errors?.length || !response.body.singleResult.data) return;
          const read = await versions;
          if (read === null) return;
          const data = response.body.singleResult.data;
          cache.set(key, { data, versions: read, kpis: [...contextValue.kpiNames], size: approximateJsonLength(data), writes });
        },
      };
    },
  };
}
