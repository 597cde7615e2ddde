// Why: the public API for KPI authors in one import: the decorator, the measures, the values.
// A KPI file in kpis/ imports from here and nothing else of the engine.
export { Kpi } from './decorator';
export type { KpiMeasure, KpiClass } from './decorator';
export {
  openCases, caseStates, lettersOfOpenCases, openTasks, caseCreations, caseClosings, taskCompletions,
  caseIsOverdue, caseIsSuspended, taskIsOverdue, caseLeadTimeDays, closingLeadTimeDays, closedOnTime, taskDurationDays,
} from './measure';
export type { Measure, ValueExpression } from './measure';
export type { KpiOptions, ParamDefinition, ResolvedDimensions, KpiAnswer, DimensionsRequest } from './types';
