// Why: the Ooievaarspas team watches how much of its stock waits for the citizen (an information
// request is out and the legal clock has stopped). The worked example of docs/writing-a-kpi.md.
import { Kpi, KpiMeasure, openCases, caseIsSuspended } from '../../src/kpi';

@Kpi({
  name: 'opgeschorteAanvragen',
  title: 'Opgeschorte aanvragen',
  description: 'Open Ooievaarspas requests whose legal term is suspended (waiting for information) at the snapshot instant.',
  unit: 'count',
  kind: 'snapshot',
  caseTypes: ['ooievaarspas'],
})
export class OpgeschorteAanvragen implements KpiMeasure {
  measure() {
    return openCases().where(caseIsSuspended).count();
  }
}
