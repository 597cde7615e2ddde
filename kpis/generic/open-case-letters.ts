// Why: letters sent for the cases still open (e.g. how many deadline letters the stock has needed).
import { Kpi, KpiMeasure, lettersOfOpenCases } from '../../src/kpi';
import { PROCESSES } from '../../src/processes';

/**
 * The letter types of the case types in scope; null (any value) when one of them is not
 * configured: its events may carry any letter type (contract section 2), so none can be refused.
 */
export const letterTypesOf = (caseTypes: string[]): string[] | null => {
  const processes = caseTypes.map((t) => PROCESSES.find((p) => p.key === t));
  if (processes.some((p) => p === undefined)) return null;
  return [...new Set(processes.flatMap((p) => p!.letterTypes.map((l) => l.key)))];
};

@Kpi({
  name: 'openCaseLetters',
  title: 'Brieven bij openstaande zaken',
  description: 'Letters of the given types sent up to the snapshot instant for cases open at that instant.',
  unit: 'count',
  kind: 'snapshot',
  caseId: true,
  params: {
    letterTypes: {
      type: 'string[]',
      description: 'Letter types to count. Given values must be letter types of the chosen case types (any value when one of them is not configured); the default is never refused.',
      default: ['termijnbrief'],
      allowed: letterTypesOf,
    },
  },
})
export class OpenCaseLetters implements KpiMeasure {
  measure(params: Record<string, unknown>) {
    return lettersOfOpenCases(params.letterTypes as string[]).count();
  }
}
