// Why: a process-specific KPI over a JSONB attribute. `kanaal` (how a request came in) is declared
// once, in src/processes/ooievaarspas.ts; that makes it a filter (`dimensions.attributes`) and a
// group (`groupByAttributes`) for every KPI. This KPI is inflow grouped by it by default.
import { Kpi, KpiMeasure, caseCreations } from '../../src/kpi';

@Kpi({
  name: 'aanvragenPerKanaal',
  title: 'Aanvragen per kanaal',
  description: 'Ooievaarspas requests received inside the bucket and period, grouped by the channel they came in through (attribute kanaal: digitaal, balie, post).',
  unit: 'count',
  kind: 'flow',
  caseTypes: ['ooievaarspas'],
  defaults: { groupByAttributes: ['kanaal'] },
})
export class AanvragenPerKanaal implements KpiMeasure {
  measure() {
    return caseCreations().count();
  }
}
