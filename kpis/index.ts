// Why: the explicit list of KPIs the service registers at start-up (the barrel). A KPI that is not
// listed here does not exist; `npm run new:kpi -- <name>` adds its line for you.
import type { KpiClass } from '../src/kpi';
import { OpenCases } from './generic/open-cases';
import { OverdueCases } from './generic/overdue-cases';
import { OpenCaseLetters } from './generic/open-case-letters';
import { CaseLeadTime } from './generic/case-lead-time';
import { Inflow } from './generic/inflow';
import { Outflow } from './generic/outflow';
import { ClosedLeadTime } from './generic/closed-lead-time';
import { OnTimeRate } from './generic/on-time-rate';
import { OpenTasks } from './generic/open-tasks';
import { OverdueTasks } from './generic/overdue-tasks';
import { CompletedTasks } from './generic/completed-tasks';
import { TaskDuration } from './generic/task-duration';
import { Werkvoorraad } from './ooievaarspas/werkvoorraad';
import { AanvragenOverTermijn } from './ooievaarspas/aanvragen-over-termijn';
import { Termijnbrieven } from './ooievaarspas/termijnbrieven';
import { DoorlooptijdAanvraag } from './ooievaarspas/doorlooptijd-aanvraag';
import { AanvragenPerKanaal } from './ooievaarspas/aanvragen-per-kanaal';
import { OpgeschorteAanvragen } from './ooievaarspas/opgeschorte-aanvragen';

export const KPIS: KpiClass[] = [
  // generic: every process
  OpenCases,
  OverdueCases,
  OpenCaseLetters,
  CaseLeadTime,
  Inflow,
  Outflow,
  ClosedLeadTime,
  OnTimeRate,
  OpenTasks,
  OverdueTasks,
  CompletedTasks,
  TaskDuration,
  // ooievaarspas
  Werkvoorraad,
  AanvragenOverTermijn,
  Termijnbrieven,
  DoorlooptijdAanvraag,
  AanvragenPerKanaal,
  OpgeschorteAanvragen,
];
