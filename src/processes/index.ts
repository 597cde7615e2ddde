// Why: the list of configured processes and the checks that keep a definition sound. Adding a
// process is one file next to this one and one line in `PROCESSES`.
import { ProcessDefinition } from './types';
import { ooievaarspas } from './ooievaarspas';
import { parkeervergunning } from './parkeervergunning';
import { parseDuration } from '../time/duration';

export * from './types';

export const PROCESSES: ProcessDefinition[] = [ooievaarspas, parkeervergunning];

const KEY = /^[a-z][a-z0-9_]*$/;

/** Throws with every problem of every definition named, so a bad config never starts. */
export function validateProcesses(defs: ProcessDefinition[]): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const p of defs) {
    const at = `process "${p.key}"`;
    if (!KEY.test(p.key)) problems.push(`${at}: key must match ${KEY}`);
    if (seen.has(p.key)) problems.push(`${at}: defined twice`);
    seen.add(p.key);
    if (!parseDuration(p.legalTerm)) problems.push(`${at}: legalTerm "${p.legalTerm}" is not an ISO-8601 duration`);
    if (p.extensionTerm && !parseDuration(p.extensionTerm)) problems.push(`${at}: extensionTerm "${p.extensionTerm}" is not an ISO-8601 duration`);
    if (p.statuses.length === 0) problems.push(`${at}: needs at least one status`);
    const lists: [string, { key: string }[]][] = [
      ['statuses', p.statuses], ['roles', p.roles], ['steps', p.steps],
      ['letterTypes', p.letterTypes], ['results', p.results], ['attributes', p.attributes ?? []],
    ];
    for (const [name, list] of lists) {
      const keys = new Set<string>();
      for (const item of list) {
        if (!KEY.test(item.key)) problems.push(`${at}: ${name} key "${item.key}" must match ${KEY}`);
        if (keys.has(item.key)) problems.push(`${at}: ${name} key "${item.key}" appears twice`);
        keys.add(item.key);
      }
    }
    for (const s of p.steps) {
      if (s.term && !parseDuration(s.term)) problems.push(`${at}: step "${s.key}" term "${s.term}" is not an ISO-8601 duration`);
    }
  }
  if (problems.length) throw new Error(`Invalid process configuration:\n- ${problems.join('\n- ')}`);
}

export class ProcessCatalog {
  private readonly byKey: Map<string, ProcessDefinition>;
  constructor(readonly all: ProcessDefinition[]) {
    validateProcesses(all);
    this.byKey = new Map(all.map((p) => [p.key, p]));
  }
  get(key: string): ProcessDefinition | undefined { return this.byKey.get(key); }
  keys(): string[] { return this.all.map((p) => p.key); }
  initialStatus(key: string): string | null {
    const p = this.byKey.get(key);
    if (!p) return null;
    return [...p.statuses].sort((a, b) => a.order - b.order)[0]?.key ?? null;
  }
}
