// Why: how long cases have been under way: for one case (caseId) its lead time, otherwise the
// mean over the open cases. Whole calendar days in the request's time zone.
import { Kpi, KpiMeasure, ResolvedDimensions, openCases, caseStates, caseLeadTimeDays } from '../../src/kpi';

@Kpi({
  name: 'caseLeadTime',
  title: 'Doorlooptijd (dagen)',
  description: 'With caseId: that case\'s lead time at the snapshot instant (to its closing when closed). Otherwise the mean lead time of the cases open at that instant. Whole calendar days from the local date of creation.',
  unit: 'days',
  kind: 'snapshot',
  caseId: true,
})
export class CaseLeadTime implements KpiMeasure {
  measure(_params: Record<string, unknown>, dims: ResolvedDimensions) {
    return (dims.caseId !== null ? caseStates() : openCases()).mean(caseLeadTimeDays);
  }
}
