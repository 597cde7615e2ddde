// Why: an explicit list of migrations, so they run the same from TypeScript (tsx, ts-jest) and from
// the compiled build, without knex scanning a directory for files of the right extension.
import type { Knex } from 'knex';
import * as m001 from './20261204_001_event_log_and_read_model';
import * as m002 from './20261204_002_data_versions';
import * as m003 from './20261204_003_flow_window_indexes';
import * as m004 from './20261204_004_letters_type_index';
import * as m005 from './20261204_005_stock_deltas';
import * as m006 from './20261204_006_stock_lead_time';
import * as m007 from './20261204_007_letter_deltas';
import * as m008 from './20261205_008_pending_indexes';
import * as m009 from './20261205_009_open_interval_points';

const MIGRATIONS: Record<string, Knex.Migration> = {
  '20261204_001_event_log_and_read_model': m001,
  '20261204_002_data_versions': m002,
  '20261204_003_flow_window_indexes': m003,
  '20261204_004_letters_type_index': m004,
  '20261204_005_stock_deltas': m005,
  '20261204_006_stock_lead_time': m006,
  '20261204_007_letter_deltas': m007,
  '20261205_008_pending_indexes': m008,
  '20261205_009_open_interval_points': m009,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name],
};
