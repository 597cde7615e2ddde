// Why: the work in stock (werkvoorraad), the first question of every team: how many cases are open.
import { Kpi, KpiMeasure, openCases } from '../../src/kpi';

@Kpi({
  name: 'openCases',
  title: 'Openstaande zaken',
  description: 'Work in stock (werkvoorraad): cases open at the snapshot instant.',
  unit: 'count',
  kind: 'snapshot',
})
export class OpenCases implements KpiMeasure {
  measure() {
    return openCases().count();
  }
}
