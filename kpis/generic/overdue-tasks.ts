// Why: which steps run late: open tasks past their dueAt.
import { Kpi, KpiMeasure, openTasks, taskIsOverdue } from '../../src/kpi';

@Kpi({
  name: 'overdueTasks',
  title: 'Taken over de termijn',
  description: 'Tasks open and past their dueAt at the snapshot instant.',
  unit: 'count',
  kind: 'snapshot',
  caseId: true,
})
export class OverdueTasks implements KpiMeasure {
  measure() {
    return openTasks().where(taskIsOverdue).count();
  }
}
