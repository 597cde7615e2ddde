// Why: the scaffold must produce a KPI that the registry accepts, a barrel entry, and a test that
// fails until the team fills in its hand-worked answer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scaffoldKpi } from '../src/cli/new-kpi';

describe('npm run new:kpi', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'stuurinfo-scaffold-'));
    fs.mkdirSync(path.join(root, 'kpis'), { recursive: true });
    fs.copyFileSync(path.resolve(__dirname, '../kpis/index.ts'), path.join(root, 'kpis/index.ts'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes the class, the barrel entry and a failing test stub', () => {
    const written = scaffoldKpi({ root, name: 'aanvragenInBehandeling', process: 'ooievaarspas', kind: 'snapshot' });
    expect(written).toEqual([
      'kpis/ooievaarspas/aanvragen-in-behandeling.ts',
      'kpis/index.ts',
      'test/kpis-own/aanvragen-in-behandeling.test.ts',
    ]);
    const cls = fs.readFileSync(path.join(root, written[0]), 'utf8');
    expect(cls).toContain("name: 'aanvragenInBehandeling'");
    expect(cls).toContain("caseTypes: ['ooievaarspas']");
    expect(cls).toContain('export class AanvragenInBehandeling implements KpiMeasure');
    const barrel = fs.readFileSync(path.join(root, 'kpis/index.ts'), 'utf8');
    expect(barrel).toContain("import { AanvragenInBehandeling } from './ooievaarspas/aanvragen-in-behandeling';");
    expect(barrel).toMatch(/ {2}AanvragenInBehandeling,\n\];\n$/);
    const stub = fs.readFileSync(path.join(root, written[2]), 'utf8');
    expect(stub).toContain("throw new Error('Fill in EXPECTED");
  });

  it('refuses a bad name and a name that exists', () => {
    expect(() => scaffoldKpi({ root, name: 'Bad-Name' })).toThrow(/must be camelCase/);
    expect(() => scaffoldKpi({ root, name: 'openCases' })).toThrow(/already lists OpenCases/);
  });
});
