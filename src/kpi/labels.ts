// Why: group keys are stable machine keys (`in_behandeling`); people read labels
// ("In behandeling genomen"). Labels come from the process configuration of the case types in scope.
import { ProcessCatalog } from '../processes';
import { GroupByKey } from './types';
import { OTHER_KEY, OTHER_LABEL } from './privacy';

const TIMELINESS_LABELS: Record<string, string> = { ON_TIME: 'Binnen de termijn', OVERDUE: 'Over de termijn' };

export function labelFor(catalog: ProcessCatalog, scope: string[] | null, by: GroupByKey, key: string | null, attribute?: string): string | null {
  if (key === null) return null;
  if (by === 'TIMELINESS') return TIMELINESS_LABELS[key] ?? key;
  if (by === 'ASSIGNEE') return key === OTHER_KEY ? OTHER_LABEL : key;
  if (by === 'CASE_TYPE') return catalog.get(key)?.label ?? key;
  const processes = (scope ?? catalog.keys()).map((k) => catalog.get(k)).filter((p) => p !== undefined);
  for (const p of processes) {
    const found =
      by === 'STATUS' ? p.statuses.find((s) => s.key === key)
        : by === 'ROLE' ? p.roles.find((r) => r.key === key)
          : by === 'STEP' ? p.steps.find((s) => s.key === key)
            : by === 'ATTRIBUTE' ? p.attributes?.find((a) => a.key === attribute)?.values?.find((v) => v.key === key)
              : undefined;
    if (found) return found.label;
  }
  return key;
}
