// Why: the lead time of finished work: the mean, over the closings in a bucket, of the days from creation.
import { Kpi, KpiMeasure, caseClosings, closingLeadTimeDays } from '../../src/kpi';

@Kpi({
  name: 'closedLeadTime',
  title: 'Doorlooptijd afgehandelde zaken (dagen)',
  description: 'Mean lead time at each closing inside the bucket and period: whole calendar days from the local date of creation to the local date of closing.',
  unit: 'days',
  kind: 'flow',
})
export class ClosedLeadTime implements KpiMeasure {
  measure() {
    return caseClosings().mean(closingLeadTimeDays);
  }
}
