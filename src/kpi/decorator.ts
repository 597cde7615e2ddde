// Why: `@Kpi` only records metadata, the way type-graphql's decorators fill one metadata storage;
// nothing happens at import time. The registry (registry.ts) is built from an explicit list of
// classes, so a test can build one from any classes it likes and production from kpis/index.ts.
import { KpiOptions, ResolvedDimensions } from './types';
import { Measure } from './measure';

/** What a KPI class implements: the measure for a request's params and dimensions. */
export interface KpiMeasure {
  measure(params: Record<string, unknown>, dimensions: ResolvedDimensions): Measure;
}

export type KpiClass = new () => KpiMeasure;

const storage = new Map<KpiClass, KpiOptions>();

export function Kpi(options: KpiOptions) {
  return (target: KpiClass): void => {
    storage.set(target, options);
  };
}

/** The options `@Kpi` recorded for a class, or undefined when it is not decorated. */
export function getKpiOptions(target: KpiClass): KpiOptions | undefined {
  return storage.get(target);
}
