// Why: "the lead time in days of one open request", asked with caseId, or the mean over open requests.
import { Kpi, KpiMeasure, ResolvedDimensions, openCases, caseStates, caseLeadTimeDays } from '../../src/kpi';

@Kpi({
  name: 'doorlooptijdAanvraag',
  title: 'Doorlooptijd aanvraag (dagen)',
  description: 'With caseId: the lead time in days of that Ooievaarspas request at the snapshot instant. Otherwise the mean over the open requests.',
  unit: 'days',
  kind: 'snapshot',
  caseTypes: ['ooievaarspas'],
  caseId: true,
})
export class DoorlooptijdAanvraag implements KpiMeasure {
  measure(_params: Record<string, unknown>, dims: ResolvedDimensions) {
    return (dims.caseId !== null ? caseStates() : openCases()).mean(caseLeadTimeDays);
  }
}
