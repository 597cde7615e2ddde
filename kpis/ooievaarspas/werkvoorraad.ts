// Why: the Ooievaarspas team asks for its "werkvoorraad" by that name: the open requests.
import { Kpi, KpiMeasure, openCases } from '../../src/kpi';

@Kpi({
  name: 'werkvoorraad',
  title: 'Werkvoorraad Ooievaarspas',
  description: 'Open Ooievaarspas requests at the snapshot instant (openCases for the Ooievaarspas).',
  unit: 'count',
  kind: 'snapshot',
  caseTypes: ['ooievaarspas'],
})
export class Werkvoorraad implements KpiMeasure {
  measure() {
    return openCases().count();
  }
}
