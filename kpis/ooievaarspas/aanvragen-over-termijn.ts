// Why: "requests past the legal decision term of 8 weeks", in the team's own words.
import { Kpi, KpiMeasure, openCases, caseIsOverdue } from '../../src/kpi';

@Kpi({
  name: 'aanvragenOverTermijn',
  title: 'Aanvragen over de wettelijke termijn',
  description: 'Open Ooievaarspas requests past the legal decision term (8 weeks, moved by suspensions and extensions) at the snapshot instant.',
  unit: 'count',
  kind: 'snapshot',
  caseTypes: ['ooievaarspas'],
})
export class AanvragenOverTermijn implements KpiMeasure {
  measure() {
    return openCases().where(caseIsOverdue).count();
  }
}
