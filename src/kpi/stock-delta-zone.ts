// Why: the delta tables keep Σ local creation dates for the lead-time series (migration 006), and a
// local date belongs to a zone. The service's DEFAULT_TIMEZONE is that zone: set here at start-up,
// which refills the tables once when it changed (every instance of one database must share
// DEFAULT_TIMEZONE; deadlines in the read model depend on it as well). The stock-series statement
// checks the zone itself, so a request in another zone is answered by the query builder.
import type { Knex } from 'knex';

/** Makes `zone` the zone of the lead-time deltas; true when the tables were refilled for it. */
export async function syncStockDeltaZone(knex: Knex, zone: string): Promise<boolean> {
  const [{ zone: current }] = (await knex.raw('select zone from stock_delta_zone')).rows as { zone: string | null }[];
  if (current === zone) return false;
  return knex.transaction(async (trx) => Boolean((await trx.raw('select stock_deltas_set_zone(?) as changed', [zone])).rows[0].changed));
}
