// Why: production per step: tasks completed per bucket.
import { Kpi, KpiMeasure, taskCompletions } from '../../src/kpi';

@Kpi({
  name: 'completedTasks',
  title: 'Afgeronde taken',
  description: 'Tasks completed inside the bucket and period.',
  unit: 'count',
  kind: 'flow',
  caseId: true,
})
export class CompletedTasks implements KpiMeasure {
  measure() {
    return taskCompletions().count();
  }
}
