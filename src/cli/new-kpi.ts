// Why: `npm run new:kpi -- <name> [--process <key>] [--kind snapshot|flow]` starts an
// implementation team from the right shape: a KPI class, its line in the barrel kpis/index.ts, and
// a test that fails until the team writes down the answer it worked out by hand.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../project-root';

export interface ScaffoldOptions {
  root: string;
  name: string;
  process?: string;
  kind?: 'snapshot' | 'flow';
}

const NAME = /^[a-z][A-Za-z0-9]*$/;

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
const pascal = (name: string) => name[0].toUpperCase() + name.slice(1);

export function scaffoldKpi(options: ScaffoldOptions): string[] {
  const { root, name } = options;
  const kind = options.kind ?? 'snapshot';
  if (!NAME.test(name)) throw new Error(`KPI name "${name}" must be camelCase letters and digits, e.g. openAanvragenPerKanaal`);
  if (!['snapshot', 'flow'].includes(kind)) throw new Error(`--kind must be snapshot or flow, not "${kind}"`);
  if (options.process !== undefined && !/^[a-z][a-z0-9_]*$/.test(options.process)) throw new Error(`--process "${options.process}" is not a process key`);
  const folder = options.process ?? 'generic';
  const className = pascal(name);
  const file = path.join(root, 'kpis', folder, `${kebab(name)}.ts`);
  const barrel = path.join(root, 'kpis', 'index.ts');
  const testFile = path.join(root, 'test', 'kpis-own', `${kebab(name)}.test.ts`);
  if (fs.existsSync(file)) throw new Error(`${path.relative(root, file)} exists already`);
  const barrelText = fs.readFileSync(barrel, 'utf8');
  if (new RegExp(`\\b${className}\\b`).test(barrelText)) throw new Error(`kpis/index.ts already lists ${className}`);

  const measure = kind === 'snapshot' ? 'openCases().count()' : 'caseCreations().count()';
  const source = kind === 'snapshot' ? 'openCases' : 'caseCreations';
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `// Why: <say which question of the team this KPI answers>.
import { Kpi, KpiMeasure, ${source} } from '../../src/kpi';

@Kpi({
  name: '${name}',
  title: '<Title shown on the dashboard, in Dutch>',
  description: '<What is counted or averaged, at which instant or in which bucket.>',
  unit: 'count',
  kind: '${kind}',${options.process ? `\n  caseTypes: ['${options.process}'],` : ''}
})
export class ${className} implements KpiMeasure {
  measure() {
    // See docs/writing-a-kpi.md: pick a source (openCases, caseStates, lettersOfOpenCases([...]),
    // openTasks, caseCreations, caseClosings, taskCompletions), optional .where(condition), then
    // .count(), .mean(value) or .rate(condition).
    return ${measure};
  }
}
`);

  const importLine = `import { ${className} } from './${folder}/${kebab(name)}';`;
  const lines = barrelText.split('\n');
  const lastImport = lines.map((l, i) => (l.startsWith('import ') ? i : -1)).filter((i) => i >= 0).pop() ?? 0;
  lines.splice(lastImport + 1, 0, importLine);
  const text = lines.join('\n').replace(/\n\];\s*$/, `\n  ${className},\n];\n`);
  if (!text.includes(`  ${className},\n];`)) throw new Error('could not find the end of the KPIS list in kpis/index.ts');
  fs.writeFileSync(barrel, text);

  fs.mkdirSync(path.dirname(testFile), { recursive: true });
  fs.writeFileSync(testFile, `// Why: proves ${name} answers what the team worked out by hand for a small history.
import { createHarness, Harness } from '../helpers/harness';

describe('${name}', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await h.ingest([
      // Write a few events of your process here (contract section 3), e.g.:
      { id: '${name}-1', type: 'case.created', caseId: '${name}-case-1', at: '2025-03-03T09:00:00+01:00', data: { caseType: '${options.process ?? 'ooievaarspas'}' } },
    ]);
  });
  afterAll(async () => { await h.close(); });

  it('answers the figure worked out by hand', async () => {
    const result = await h.kpi('${name}', { asOf: '2025-03-10T12:00:00Z' });
    // Work the answer out by hand from the events above and write it here, with the arithmetic in
    // a comment. The test fails until you do.
    const EXPECTED: number | null | undefined = undefined;
    if (EXPECTED === undefined) throw new Error('Fill in EXPECTED in ${path.relative(root, testFile)}');
    expect(result.value).toBe(EXPECTED);
  });
});
`);
  return [file, barrel, testFile].map((f) => path.relative(root, f));
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const flag = (f: string) => {
    const i = args.indexOf(f);
    if (i < 0) return undefined;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const processKey = flag('--process');
  const kind = flag('--kind') as ScaffoldOptions['kind'];
  const name = args[0];
  if (!name) {
    console.error('usage: npm run new:kpi -- <name> [--process <process key>] [--kind snapshot|flow]');
    process.exit(2);
  }
  try {
    const written = scaffoldKpi({ root: projectRoot(), name, process: processKey, kind });
    console.log(`wrote:\n  ${written.join('\n  ')}\nNext: fill in the class and the test, then npm test -- ${written[2]}`);
  } catch (e) {
    console.error(`new:kpi: ${(e as Error).message}`);
    process.exit(1);
  }
}
