// Why: the files next to src/ (dashboards/, web/, schema/) must be found both from the sources
// (tsx, ts-jest: src/dashboards → ../..) and from the compiled build that `npm start` runs
// (dist/src/dashboards → ../../..). A fixed `../..` from __dirname pointed the compiled build at
// dist/dashboards, which does not exist: `npm start` served no dashboards at all.
import fs from 'node:fs';
import path from 'node:path';

/** The nearest directory at or above `from` that holds package.json (dist/ holds none). */
export function projectRoot(from = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json at or above ${from}`);
  }
}
