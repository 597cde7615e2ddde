// Why: the build step that reads what `@Kpi` recorded. It runs once at start-up, rejects duplicate
// names and invalid definitions with a message that names the class, and answers the `kpis`
// query so a front end can render a KPI picker without reading code.
import { getKpiOptions, KpiClass, KpiMeasure } from './decorator';
import { KpiOptions, ResolvedDimensions, GroupByKey } from './types';
import { unitOf } from './measure';

export interface RegisteredKpi {
  options: KpiOptions;
  instance: KpiMeasure;
  className: string;
}

const NAME = /^[a-z][A-Za-z0-9]*$/;

/** A probe request used to check that a KPI's measure can be built at start-up. */
const PROBE: ResolvedDimensions = {
  caseTypes: null, period: { from: null, to: null, relative: null }, granularity: null, statuses: null,
  roles: null, assignees: null, timeliness: null, steps: null, caseId: null, groupBy: [],
  attributes: [], groupByAttributes: [], asOf: 0, timezone: 'UTC',
};

export class KpiRegistry {
  private readonly byName = new Map<string, RegisteredKpi>();

  constructor(classes: KpiClass[], knownCaseTypes?: string[]) {
    const problems: string[] = [];
    for (const cls of classes) {
      const options = getKpiOptions(cls);
      const at = `KPI class ${cls.name}`;
      if (!options) {
        problems.push(`${at} has no @Kpi decorator`);
        continue;
      }
      const problem = (m: string) => problems.push(`${at} ("${options.name}"): ${m}`);
      if (!NAME.test(options.name)) problem(`name must be camelCase letters and digits (${NAME})`);
      if (this.byName.has(options.name)) problem(`name is already used by ${this.byName.get(options.name)!.className}`);
      if (!options.title?.trim()) problem('title is required');
      if (!options.description?.trim()) problem('description is required');
      if (!['snapshot', 'flow'].includes(options.kind)) problem(`kind must be snapshot or flow, not "${options.kind}"`);
      if (!['count', 'days', 'percent'].includes(options.unit)) problem(`unit must be count, days or percent, not "${options.unit}"`);
      if (knownCaseTypes && options.caseTypes) {
        for (const t of options.caseTypes) if (!knownCaseTypes.includes(t)) problem(`caseTypes names "${t}", which is not a configured process`);
      }
      for (const [key, p] of Object.entries(options.params ?? {})) {
        if (!['string', 'string[]', 'number', 'boolean'].includes(p.type)) problem(`param "${key}" has unknown type "${p.type}"`);
      }
      let instance: KpiMeasure;
      try {
        instance = new cls();
        const params = Object.fromEntries(Object.entries(options.params ?? {}).map(([k, p]) => [k, p.default]));
        const measure = instance.measure(params, { ...PROBE, caseId: options.caseId ? 'probe' : null });
        if (measure.source.kind !== options.kind) problem(`kind is ${options.kind} but it measures ${measure.source.key}, a ${measure.source.kind} source`);
        if (!unitOf(measure.aggregate).includes(options.unit)) problem(`unit is ${options.unit} but its aggregate (${measure.aggregate.kind}) gives ${unitOf(measure.aggregate).join('/')}`);
        const values = [...measure.conditions, ...('value' in measure.aggregate ? [measure.aggregate.value] : [])];
        for (const v of values) if (!v.sources.includes(measure.source.key)) problem(`${v.name} cannot be used on ${measure.source.key}`);
      } catch (e) {
        problem(`building its measure failed: ${(e as Error).message}`);
        continue;
      }
      if (!this.byName.has(options.name)) this.byName.set(options.name, { options, instance, className: cls.name });
    }
    if (problems.length) throw new Error(`Invalid KPI definitions:\n- ${problems.join('\n- ')}`);
  }

  get(name: string): RegisteredKpi | undefined {
    return this.byName.get(name);
  }
  names(): string[] {
    return [...this.byName.keys()];
  }
  all(): RegisteredKpi[] {
    return [...this.byName.values()];
  }
}

/** Dimensions every KPI accepts; `caseId` only where the KPI declares it. */
export function supportedDimensions(kpi: KpiOptions): string[] {
  const dims = ['caseTypes', 'period', 'granularity', 'statuses', 'roles', 'assignees', 'timeliness', 'steps', 'groupBy', 'asOf', 'timezone', 'attributes', 'groupByAttributes'];
  if (kpi.caseId) dims.push('caseId');
  return dims;
}

export const SUPPORTED_GROUP_BY: GroupByKey[] = ['CASE_TYPE', 'STATUS', 'ROLE', 'ASSIGNEE', 'TIMELINESS', 'STEP', 'ATTRIBUTE'];
