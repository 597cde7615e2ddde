// Why: the registry is the build step that reads what @Kpi recorded. It must be buildable from any
// list of classes, and refuse bad definitions at start-up with a message naming the class.
import 'reflect-metadata';
import { KpiRegistry } from '../src/kpi/registry';
import { Kpi, KpiMeasure, openCases, caseClosings, closedOnTime, caseCreations, taskIsOverdue } from '../src/kpi';
import { KPIS } from '../kpis';

@Kpi({ name: 'alpha', title: 'Alpha', description: 'open cases', unit: 'count', kind: 'snapshot' })
class Alpha implements KpiMeasure { measure() { return openCases().count(); } }

@Kpi({ name: 'alpha', title: 'Alpha again', description: 'same name', unit: 'count', kind: 'snapshot' })
class AlphaAgain implements KpiMeasure { measure() { return openCases().count(); } }

@Kpi({ name: 'wrongKind', title: 'Wrong kind', description: 'a flow measure declared as snapshot', unit: 'count', kind: 'snapshot' })
class WrongKind implements KpiMeasure { measure() { return caseCreations().count(); } }

@Kpi({ name: 'wrongUnit', title: 'Wrong unit', description: 'a rate declared as days', unit: 'days', kind: 'flow' })
class WrongUnit implements KpiMeasure { measure() { return caseClosings().rate(closedOnTime); } }

@Kpi({ name: 'wrongValue', title: 'Wrong value', description: 'a task condition on cases', unit: 'count', kind: 'snapshot' })
class WrongValue implements KpiMeasure { measure() { return openCases().where(taskIsOverdue).count(); } }

@Kpi({ name: 'unknownProcess', title: 'Unknown process', description: 'scoped to a process that does not exist', unit: 'count', kind: 'snapshot', caseTypes: ['bestaat_niet'] })
class UnknownProcess implements KpiMeasure { measure() { return openCases().count(); } }

class NotDecorated implements KpiMeasure { measure() { return openCases().count(); } }

describe('KpiRegistry', () => {
  it('builds from any list of classes', () => {
    const registry = new KpiRegistry([Alpha]);
    expect(registry.names()).toEqual(['alpha']);
    expect(registry.get('alpha')?.options.title).toBe('Alpha');
    expect(registry.get('beta')).toBeUndefined();
  });

  it('registers every KPI of contract section 6 from the barrel', () => {
    const registry = new KpiRegistry(KPIS, ['ooievaarspas', 'parkeervergunning']);
    for (const name of ['openCases', 'overdueCases', 'openCaseLetters', 'caseLeadTime', 'inflow', 'outflow', 'closedLeadTime', 'onTimeRate', 'openTasks', 'overdueTasks', 'completedTasks', 'taskDuration']) {
      expect(registry.get(name)).toBeDefined();
    }
    const units = Object.fromEntries(registry.all().map((k) => [k.options.name, `${k.options.kind}/${k.options.unit}`]));
    expect(units).toMatchObject({
      openCases: 'snapshot/count', overdueCases: 'snapshot/count', openCaseLetters: 'snapshot/count', caseLeadTime: 'snapshot/days',
      inflow: 'flow/count', outflow: 'flow/count', closedLeadTime: 'flow/days', onTimeRate: 'flow/percent',
      openTasks: 'snapshot/count', overdueTasks: 'snapshot/count', completedTasks: 'flow/count', taskDuration: 'flow/days',
    });
  });

  it('rejects a duplicate name, naming both classes', () => {
    expect(() => new KpiRegistry([Alpha, AlphaAgain])).toThrow(/KPI class AlphaAgain \("alpha"\): name is already used by Alpha/);
  });

  it('rejects a kind that does not match the measured source', () => {
    expect(() => new KpiRegistry([WrongKind])).toThrow(/WrongKind \("wrongKind"\): kind is snapshot but it measures caseCreations, a flow source/);
  });

  it('rejects a unit that does not match the aggregate', () => {
    expect(() => new KpiRegistry([WrongUnit])).toThrow(/unit is days but its aggregate \(rate\) gives percent/);
  });

  it('rejects a condition that does not belong to the source', () => {
    expect(() => new KpiRegistry([WrongValue])).toThrow(/taskIsOverdue cannot be used on openCases/);
  });

  it('rejects a KPI scoped to a process that is not configured', () => {
    expect(() => new KpiRegistry([UnknownProcess], ['ooievaarspas'])).toThrow(/caseTypes names "bestaat_niet", which is not a configured process/);
  });

  it('rejects a class without @Kpi', () => {
    expect(() => new KpiRegistry([NotDecorated])).toThrow(/KPI class NotDecorated has no @Kpi decorator/);
  });

  it('reports every problem at once', () => {
    let message = '';
    try { new KpiRegistry([WrongKind, WrongUnit, NotDecorated]); } catch (e) { message = (e as Error).message; }
    expect(message.split('\n- ')).toHaveLength(4);
  });
});
