// Why: how much work goes out: closings per bucket (a case closed, reopened and closed again counts twice).
import { Kpi, KpiMeasure, caseClosings } from '../../src/kpi';

@Kpi({
  name: 'outflow',
  title: 'Uitstroom',
  description: 'Closings inside the bucket and period; a case closed, reopened and closed again counts twice.',
  unit: 'count',
  kind: 'flow',
})
export class Outflow implements KpiMeasure {
  measure() {
    return caseClosings().count();
  }
}
