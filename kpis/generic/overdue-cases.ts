// Why: open cases past their legal term, with suspension (the clock stopped) taken into account.
import { Kpi, KpiMeasure, openCases, caseIsOverdue } from '../../src/kpi';

@Kpi({
  name: 'overdueCases',
  title: 'Zaken over de termijn',
  description: 'Open cases past their effective deadline (the last deadline set, moved later by the time spent suspended) at the snapshot instant.',
  unit: 'count',
  kind: 'snapshot',
})
export class OverdueCases implements KpiMeasure {
  measure() {
    return openCases().where(caseIsOverdue).count();
  }
}
