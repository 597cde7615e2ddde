// Why: how long a step takes: mean elapsed time from task.created to task.completed.
import { Kpi, KpiMeasure, taskCompletions, taskDurationDays } from '../../src/kpi';

@Kpi({
  name: 'taskDuration',
  title: 'Doorlooptijd taken (dagen)',
  description: 'Mean elapsed time from task.created to task.completed of the tasks completed inside the bucket and period, in days (hours / 24).',
  unit: 'days',
  kind: 'flow',
  caseId: true,
})
export class TaskDuration implements KpiMeasure {
  measure() {
    return taskCompletions().mean(taskDurationDays);
  }
}
