// Why: the share of decisions made within the legal term, the figure a council asks about.
import { Kpi, KpiMeasure, caseClosings, closedOnTime } from '../../src/kpi';

@Kpi({
  name: 'onTimeRate',
  title: 'Tijdig afgehandeld (%)',
  description: 'Share (0–100) of the closings inside the bucket and period that were not past the effective deadline; closings of cases without a deadline are left out.',
  unit: 'percent',
  kind: 'flow',
})
export class OnTimeRate implements KpiMeasure {
  measure() {
    return caseClosings().rate(closedOnTime);
  }
}
