// Why: contract section 2: processes are configured in code and synced to the database at
// start-up, so SQL tools (and a reporting team) see the same configuration as the API.
import type { Knex } from 'knex';
import { ProcessDefinition } from './types';

export async function syncProcesses(knex: Knex, processes: ProcessDefinition[]): Promise<void> {
  await knex.transaction(async (trx) => {
    for (const p of processes) {
      await trx('case_types')
        .insert({ key: p.key, label: p.label, legal_term: p.legalTerm, extension_term: p.extensionTerm ?? null, definition: JSON.stringify(p), synced_at: trx.fn.now() })
        .onConflict('key')
        .merge();
    }
    await trx('case_types').whereNotIn('key', processes.map((p) => p.key)).delete();
  });
}
