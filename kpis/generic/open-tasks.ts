// Why: work in stock per process step: tasks open at the snapshot instant.
import { Kpi, KpiMeasure, openTasks } from '../../src/kpi';

@Kpi({
  name: 'openTasks',
  title: 'Openstaande taken',
  description: 'Tasks open at the snapshot instant; a task\'s role and assignee are its own, else its case\'s.',
  unit: 'count',
  kind: 'snapshot',
  caseId: true,
})
export class OpenTasks implements KpiMeasure {
  measure() {
    return openTasks().count();
  }
}
