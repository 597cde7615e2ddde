// Why: dashboards are files in the repo (dashboards/*.dashboard.json), validated at start-up with
// errors that name the file and the widget, so a broken dashboard never reaches a viewer.
import fs from 'node:fs';
import path from 'node:path';
import { ProcessCatalog } from '../processes';
import type { KpiEngine } from '../kpi/engine';
import { DashboardDefinition, DISPLAY_TYPES, SERIES_DISPLAYS, VIEWER_FILTERS, WidgetDefinition } from './types';
import { dimensionsFromJson, mergeDimensions } from './dimensions-json';
import { checkWidgetOptions } from './widget-options';
import { projectRoot } from '../project-root';

export const DASHBOARD_DIR = path.join(projectRoot(), 'dashboards');
const KEY = /^[a-z][A-Za-z0-9_-]*$/;

export function readDashboardFiles(dir = DASHBOARD_DIR): DashboardDefinition[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir)
    .filter((f) => f.endsWith('.dashboard.json'))
    .sort()
    .map((f) => {
      const file = path.join('dashboards', f);
      let json: unknown;
      try {
        json = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      } catch (e) {
        throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
      }
      return { ...(json as object), file } as DashboardDefinition;
    });
}

/** Checks every dashboard; throws one error listing every problem, each with file and widget. */
export async function validateDashboards(dashboards: DashboardDefinition[], catalog: ProcessCatalog, engine: KpiEngine): Promise<void> {
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const d of dashboards) {
    const at = d.file;
    if (typeof d.key !== 'string' || !KEY.test(d.key)) problems.push(`${at}: key must match ${KEY}`);
    else if (keys.has(d.key)) problems.push(`${at}: key "${d.key}" is used by another dashboard`);
    keys.add(d.key);
    if (typeof d.title !== 'string' || !d.title.trim()) problems.push(`${at}: title is required`);
    if (!Array.isArray(d.caseTypes) || d.caseTypes.length === 0) problems.push(`${at}: caseTypes must list at least one process`);
    else for (const t of d.caseTypes) if (!catalog.get(t)) problems.push(`${at}: caseTypes names "${t}", which is not a configured process (${catalog.keys().join(', ')})`);
    for (const f of d.filters ?? []) if (!VIEWER_FILTERS.includes(f)) problems.push(`${at}: filters names "${f}"; allowed are ${VIEWER_FILTERS.join(', ')}`);
    let defaults = {};
    try {
      defaults = dimensionsFromJson(d.defaults, `${at}: defaults`);
    } catch (e) {
      problems.push((e as Error).message);
    }
    if (!Array.isArray(d.widgets) || d.widgets.length === 0) {
      problems.push(`${at}: widgets must list at least one widget`);
      continue;
    }
    const widgetKeys = new Set<string>();
    for (const [i, w] of d.widgets.entries()) {
      const wat = `${at}: widget ${typeof w.key === 'string' ? `"${w.key}"` : `#${i + 1}`}`;
      if (typeof w.key !== 'string' || !KEY.test(w.key)) problems.push(`${wat}: key must match ${KEY}`);
      else if (widgetKeys.has(w.key)) problems.push(`${wat}: key is used twice in this dashboard`);
      widgetKeys.add(w.key);
      if (typeof w.title !== 'string' || !w.title.trim()) problems.push(`${wat}: title is required`);
      if (!DISPLAY_TYPES.includes(w.display)) problems.push(`${wat}: display "${w.display}" is not one of ${DISPLAY_TYPES.join(', ')}`);
      if (w.options !== undefined && (typeof w.options !== 'object' || w.options === null || Array.isArray(w.options))) problems.push(`${wat}: options must be an object`);
      else if (w.options && DISPLAY_TYPES.includes(w.display)) for (const p of checkWidgetOptions(w.display, w.options)) problems.push(`${wat}: ${p}`);
      if (!engine.registry.get(w.kpi)) {
        problems.push(`${wat}: kpi "${w.kpi}" does not exist (${engine.registry.names().join(', ')})`);
        continue;
      }
      try {
        const dims = mergeDimensions({ caseTypes: d.caseTypes }, defaults, dimensionsFromJson(w.dimensions, `${wat}: dimensions`));
        await engine.resolve(w.kpi, dims, w.params ?? null, Date.now());
      } catch (e) {
        problems.push(`${wat}: ${(e as Error).message}`);
      }
    }
  }
  if (problems.length) throw new Error(`Invalid dashboard definitions:\n- ${problems.join('\n- ')}`);
}

export function widgetUsesSeries(w: WidgetDefinition): boolean {
  return SERIES_DISPLAYS.includes(w.display) && !(w.dimensions && w.dimensions.granularity === null);
}
