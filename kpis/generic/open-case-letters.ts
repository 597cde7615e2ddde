// Why: letters sent for the cases still open (e.g. how many deadline letters the stock has needed).
import { Kpi, KpiMeasure, lettersOfOpenCases } from '../../src/kpi';
import { PROCESSES } from '../../src/processes';

export const letterTypesOf = (caseTypes: string[]): string[] => [
  ...new Set(PROCESSES.filter((p) => caseTypes.includes(p.key)).flatMap((p) => p.letterTypes.map((l) => l.key))),
];

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
      description: 'Letter types to count.',
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
