// Why: deadline letters (termijnbrieven) sent for the requests that are still open.
import { Kpi, KpiMeasure, lettersOfOpenCases } from '../../src/kpi';

@Kpi({
  name: 'termijnbrieven',
  title: 'Termijnbrieven bij openstaande aanvragen',
  description: 'Termijnbrieven sent up to the snapshot instant for Ooievaarspas requests open at that instant.',
  unit: 'count',
  kind: 'snapshot',
  caseTypes: ['ooievaarspas'],
  caseId: true,
})
export class Termijnbrieven implements KpiMeasure {
  measure() {
    return lettersOfOpenCases(['termijnbrief']).count();
  }
}
