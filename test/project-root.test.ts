// Why: `npm start` runs the compiled build in dist/; the dashboards and the schema file live next to
// src/, not in dist/. Both the sources and the build must find the same directory.
import path from 'node:path';
import { projectRoot } from '../src/project-root';
import { DASHBOARD_DIR, readDashboardFiles } from '../src/dashboards/load';

const ROOT = path.resolve(__dirname, '..');

describe('projectRoot', () => {
  it('is the directory of package.json from the sources and from the compiled build', () => {
    expect(projectRoot(path.join(ROOT, 'src', 'dashboards'))).toBe(ROOT);
    expect(projectRoot(path.join(ROOT, 'dist', 'src', 'dashboards'))).toBe(ROOT);
  });

  it('gives the dashboards directory that holds the Ooievaarspas dashboard', () => {
    expect(DASHBOARD_DIR).toBe(path.join(ROOT, 'dashboards'));
    expect(readDashboardFiles().map((d) => d.key)).toContain('ooievaarspas');
  });
});
