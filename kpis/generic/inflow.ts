// Why: how much work comes in: cases created per bucket.
import { Kpi, KpiMeasure, caseCreations } from '../../src/kpi';

@Kpi({
  name: 'inflow',
  title: 'Instroom',
  description: 'Cases created inside the bucket and period.',
  unit: 'count',
  kind: 'flow',
})
export class Inflow implements KpiMeasure {
  measure() {
    return caseCreations().count();
  }
}
