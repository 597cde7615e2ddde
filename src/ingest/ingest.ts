// Why: one path for every event that enters the system (the `ingestEvents` mutation, the NDJSON
// importer, the demo data): validate all, then in one transaction append the new events to the log
// and rebuild the read model of every case they touch. A refused batch writes nothing.
import type { Knex } from 'knex';
import { CaseEvent, EventProblem, validateEvent } from './events';
import { projectCase, CaseProjection } from './project-case';
import { ProcessCatalog } from '../processes';
import { EVENT_COLUMNS, insertRows, unnestInsert } from './write-rows';

export interface IngestSummary {
  received: number;
  inserted: number;
  duplicates: number;
  casesRebuilt: number;
}

export class IngestRefused extends Error {
  constructor(readonly problems: EventProblem[], readonly total = problems.length) {
    super(`${total} problem(s) in the batch; nothing was stored. ${problems.slice(0, 5).map(describeProblem).join('; ')}`);
  }
}

export function describeProblem(p: EventProblem): string {
  return `event ${p.position}${p.id ? ` (id ${JSON.stringify(p.id)})` : ''}: ${p.field} ${p.message}`;
}

export interface IngestContext {
  knex: Knex;
  catalog: ProcessCatalog;
  /** DEFAULT_TIMEZONE: where date deadlines end. */
  zone: string;
}

/** Validates raw events; positions are `firstPosition + index`. */
export function validateBatch(raw: unknown[], firstPosition = 0): { events: CaseEvent[]; problems: EventProblem[] } {
  const events: CaseEvent[] = [];
  const problems: EventProblem[] = [];
  const seen = new Map<string, number>();
  raw.forEach((r, i) => {
    const { event, problems: p } = validateEvent(r, firstPosition + i);
    problems.push(...p);
    if (!event) return;
    const earlier = seen.get(event.id);
    if (earlier !== undefined && !sameEvent(events[earlier], event)) {
      problems.push({ position: firstPosition + i, id: event.id, field: 'id', message: `is used by an earlier, different event in this batch (${firstPosition + earlier})` });
      return;
    }
    seen.set(event.id, events.length);
    events.push(event);
  });
  return { events, problems };
}

/** The same event twice (a client's retry): same type, case, instant and data (keys in any order). */
export function sameEvent(a: CaseEvent, b: CaseEvent): boolean {
  return a.type === b.type && a.caseId === b.caseId && a.at === b.at && stableJson(a.data) === stableJson(b.data);
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Validates and stores a batch; throws IngestRefused (nothing stored) when any event is bad. */
export async function ingestRaw(ctx: IngestContext, raw: unknown[], firstPosition = 0, options: IngestOptions = {}): Promise<IngestSummary> {
  const { events, problems } = validateBatch(raw, firstPosition);
  if (problems.length) throw new IngestRefused(problems);
  const positions = new Map<string, number>();
  raw.forEach((r, i) => {
    const id = (r as { id?: unknown })?.id;
    if (typeof id === 'string' && !positions.has(id)) positions.set(id, firstPosition + i);
  });
  return ingestEvents(ctx, events, positions, options);
}

export interface IngestOptions {
  /**
   * Bulk loads (the importer, the demo data): expect every event to be new and insert them with a
   * plain INSERT, which costs PostgreSQL far less than INSERT … ON CONFLICT (no speculative
   * insertion). When an id is stored already (a file imported again, a concurrent importer) the
   * unique index refuses it, the whole transaction rolls back, and the batch runs again the
   * ordinary way, so the result is the same either way.
   */
  expectNew?: boolean;
}

export async function ingestEvents(ctx: IngestContext, events: CaseEvent[], positions = new Map<string, number>(), options: IngestOptions = {}): Promise<IngestSummary> {
  if (options.expectNew) {
    try {
      return await storeBatch(ctx, events, positions, true);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
  }
  return storeBatch(ctx, events, positions, false);
}

/** PostgreSQL's unique_violation (pg and PGlite both carry the SQLSTATE as `code`). */
function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}

async function storeBatch(ctx: IngestContext, events: CaseEvent[], positions: Map<string, number>, allNew: boolean): Promise<IngestSummary> {
  const summary: IngestSummary = { received: events.length, inserted: 0, duplicates: 0, casesRebuilt: 0 };
  if (events.length === 0) return summary;
  // The same id twice in one batch: once if it is the same event, refused if it is not.
  const firstById = new Map<string, CaseEvent>();
  const conflictsInBatch: EventProblem[] = [];
  for (const e of events) {
    const first = firstById.get(e.id);
    if (!first) firstById.set(e.id, e);
    else if (!sameEvent(first, e)) conflictsInBatch.push({ position: positions.get(e.id) ?? -1, id: e.id, field: 'id', message: 'is used by another, different event in this batch' });
  }
  if (conflictsInBatch.length) throw new IngestRefused(conflictsInBatch);
  const unique = [...firstById.values()];
  await ctx.knex.transaction(async (trx) => {
    // Serialise writers per case, so two importers rebuilding the same case cannot interleave.
    const caseIds = [...new Set(unique.map((e) => e.caseId))].sort();
    await trx.raw('select pg_advisory_xact_lock(hashtext(c)) from unnest(?::text[]) as c order by c', [caseIds]);

    const inserted = new Set<string>();
    for (const chunk of chunks(unique, 20_000)) {
      // One statement, one bound array per column (src/ingest/write-rows.ts); a stored id is skipped.
      const { sql, bindings } = unnestInsert('events', EVENT_COLUMNS, chunk.map((e) => ({ id: e.id, case_id: e.caseId, type: e.type, at: e.at, data: JSON.stringify(e.data) })));
      if (allNew) {
        // A stored id fails the statement with unique_violation (ingestEvents then retries).
        await trx.raw(sql, bindings as Knex.RawBinding[]);
        for (const e of chunk) inserted.add(e.id);
        continue;
      }
      const rows = (await trx.raw(`${sql} on conflict (id) do nothing returning id`, bindings as Knex.RawBinding[])).rows as { id: string }[];
      for (const r of rows) inserted.add(r.id);
    }
    const repeated = unique.filter((e) => !inserted.has(e.id));
    if (repeated.length) {
      // The same event twice counts once; an id reused for a different event is refused.
      const stored = (await trx.raw('select id, type, case_id, at, data from events where id = any(?::text[])', [repeated.map((e) => e.id)])).rows as
        { id: string; type: string; case_id: string; at: Date; data: unknown }[];
      const byId = new Map(stored.map((s) => [s.id, s]));
      const conflicts: EventProblem[] = [];
      for (const e of repeated) {
        const s = byId.get(e.id);
        const storedData = typeof s?.data === 'string' ? JSON.parse(s.data) : s?.data;
        if (!s || !sameEvent(e, { id: s.id, type: s.type as CaseEvent['type'], caseId: s.case_id, at: new Date(s.at).getTime(), data: storedData as Record<string, unknown> })) {
          conflicts.push({ position: positions.get(e.id) ?? -1, id: e.id, field: 'id', message: 'is already stored for a different event; event ids must be unique' });
        }
      }
      if (conflicts.length) throw new IngestRefused(conflicts);
    }
    summary.inserted = inserted.size;
    summary.duplicates = events.length - inserted.size;
    const affected = [...new Set(unique.filter((e) => inserted.has(e.id)).map((e) => e.caseId))];
    summary.casesRebuilt = await rebuildCases(trx, ctx, affected, await newCases(trx, unique.filter((e) => inserted.has(e.id))));
    if (affected.length) await bumpVersions(trx, affected);
  });
  return summary;
}

/**
 * Marks the case types of these cases (and "*") as changed, so cached KPI answers over them are
 * recomputed (src/kpi/result-cache.ts). Runs in the ingest transaction: commit and bump are one.
 */
export async function bumpVersions(trx: Knex | Knex.Transaction, caseIds: string[]): Promise<void> {
  await trx.raw(
    `insert into data_versions (scope, version, changed_at)
       select scope, 1, now() from (
         select distinct case_type as scope from cases where case_id = any(?::text[])
         union select '*'
       ) s
     on conflict (scope) do update set version = data_versions.version + 1, changed_at = now()`,
    [caseIds],
  );
}

/** Marks every scope as changed (after a full rebuild). */
export async function bumpAllVersions(trx: Knex | Knex.Transaction): Promise<void> {
  await trx.raw(
    `insert into data_versions (scope, version, changed_at) select '*', 1, now()
     on conflict (scope) do update set version = data_versions.version + 1, changed_at = now()`,
  );
  await trx.raw('update data_versions set version = version + 1, changed_at = now() where scope <> ?', ['*']);
}

/**
 * The cases whose every stored event came in with this batch, with those events: their read model
 * can be built from the batch without reading the events back (the common case of a first import).
 */
async function newCases(trx: Knex.Transaction, insertedEvents: CaseEvent[]): Promise<Map<string, CaseEvent[]>> {
  const byCase = new Map<string, CaseEvent[]>();
  for (const e of insertedEvents) {
    const list = byCase.get(e.caseId);
    if (list) list.push(e);
    else byCase.set(e.caseId, [e]);
  }
  const counts = (await trx.raw('select case_id, count(*)::int as n from events where case_id = any(?::text[]) group by case_id', [[...byCase.keys()]])).rows as { case_id: string; n: number }[];
  for (const { case_id, n } of counts) if (byCase.get(case_id)?.length !== Number(n)) byCase.delete(case_id);
  return byCase;
}

/**
 * Replaces the read model of these cases with the projection of their stored events. `fresh`
 * holds cases whose events are all known to the caller (new cases): they are neither read back nor
 * deleted first, because they have no rows yet.
 */
export async function rebuildCases(
  trx: Knex | Knex.Transaction,
  ctx: Pick<IngestContext, 'catalog' | 'zone'>,
  caseIds: string[],
  fresh: Map<string, CaseEvent[]> = new Map(),
): Promise<number> {
  let rebuilt = 0;
  for (const chunk of chunks(caseIds, 2000)) {
    const ids = chunk.filter((id) => !fresh.has(id));
    const stored = ids.length ? (await trx.raw('select id, type, case_id, at, data from events where case_id = any(?::text[])', [ids])).rows : [];
    const byCase = new Map<string, CaseEvent[]>(chunk.filter((id) => fresh.has(id)).map((id) => [id, fresh.get(id)!]));
    for (const s of stored as { id: string; type: CaseEvent['type']; case_id: string; at: Date; data: unknown }[]) {
      const data = (typeof s.data === 'string' ? JSON.parse(s.data) : s.data) as Record<string, unknown>;
      const list = byCase.get(s.case_id) ?? [];
      list.push({ id: s.id, type: s.type, caseId: s.case_id, at: new Date(s.at).getTime(), data });
      byCase.set(s.case_id, list);
    }
    const projections: CaseProjection[] = [];
    for (const list of byCase.values()) {
      const p = projectCase(list, ctx.catalog, ctx.zone);
      if (p) projections.push(p);
    }
    if (ids.length) {
      for (const table of ['task_intervals', 'tasks', 'letters', 'case_closings', 'case_intervals', 'cases']) {
        await trx.raw(`delete from ${table} where case_id = any(?::text[])`, [ids]);
      }
    }
    await insertRows(trx, 'cases', projections.map((p) => p.case));
    await insertRows(trx, 'case_intervals', projections.flatMap((p) => p.intervals));
    await insertRows(trx, 'case_closings', projections.flatMap((p) => p.closings));
    await insertRows(trx, 'letters', projections.flatMap((p) => p.letters));
    await insertRows(trx, 'tasks', projections.flatMap((p) => p.tasks));
    await insertRows(trx, 'task_intervals', projections.flatMap((p) => p.taskIntervals));
    rebuilt += projections.length;
  }
  return rebuilt;
}

export function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
