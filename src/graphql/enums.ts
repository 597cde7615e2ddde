// Why: the enums of contract section 5, registered once with type-graphql from the same constant
// lists the engine validates against, so the schema and the engine cannot drift apart.
import { registerEnumType } from 'type-graphql';
import { GRANULARITIES, GROUP_BY, RELATIVE_PERIODS } from '../kpi/types';

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const TimeGranularity = asEnum(GRANULARITIES);
export const RelativePeriod = asEnum(RELATIVE_PERIODS);
export const GroupBy = asEnum(GROUP_BY);
export const Timeliness = asEnum(['ON_TIME', 'OVERDUE'] as const);
export const KpiKind = asEnum(['snapshot', 'flow'] as const);

registerEnumType(TimeGranularity, { name: 'TimeGranularity', description: 'Calendar unit of a time bucket in the request\'s time zone; WEEK is the ISO week (Monday first).' });
registerEnumType(RelativePeriod, { name: 'RelativePeriod', description: 'A period relative to asOf in the request\'s time zone. THIS_* run to asOf; LAST_* are whole units.' });
registerEnumType(GroupBy, {
  name: 'GroupBy',
  description: 'A dimension to group by. ATTRIBUTE groups by the process attributes named in groupByAttributes.',
});
registerEnumType(Timeliness, { name: 'Timeliness', description: 'Within (ON_TIME) or past (OVERDUE) the effective deadline; per step when steps are given.' });
registerEnumType(KpiKind, { name: 'KpiKind', description: 'snapshot: measured at an instant (stock); flow: counted inside a bucket.' });
