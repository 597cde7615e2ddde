// Why: a widget's display `options` (docs/dashboards.md, "Display types and their options") are read
// by the web components; a misspelt or mistyped option used to be ignored silently, so a dashboard
// looked right in review and showed no colours in production. They are checked at start-up with
// the other dashboard rules, each problem naming the option, what it must be and where it applies.
import type { DisplayType } from './types';

const SEVERITIES = ['ok', 'warning', 'critical'];
const ALL: readonly DisplayType[] = ['number', 'gauge', 'meter', 'donut', 'line', 'area', 'bar', 'table'];

type Check = (value: unknown) => string | null;

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const number: Check = (v) => (isNumber(v) ? null : 'must be a number');
const boolean: Check = (v) => (typeof v === 'boolean' ? null : 'must be true or false');
const integer = (min: number, max: number): Check => (v) => (Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? null : `must be a whole number from ${min} to ${max}`);

/** A list of `{ <edge>: number, severity }`, edges ascending: thresholds (`from`) and bands (`to`). */
const steps = (edge: 'from' | 'to'): Check => (v) => {
  const shape = `must be a list of { "${edge}": number, "severity": ${SEVERITIES.map((s) => `"${s}"`).join(' | ')} } in ascending order of ${edge}`;
  if (!Array.isArray(v) || v.length === 0) return shape;
  let previous = -Infinity;
  for (const step of v) {
    if (typeof step !== 'object' || step === null || Array.isArray(step)) return shape;
    const s = step as Record<string, unknown>;
    if (!isNumber(s[edge]) || !SEVERITIES.includes(s.severity as string) || Object.keys(s).some((k) => k !== edge && k !== 'severity')) return shape;
    if ((s[edge] as number) <= previous) return shape;
    previous = s[edge] as number;
  }
  return null;
};

/** Every option the web components read, where it applies and what it must be. */
export const WIDGET_OPTIONS: Record<string, { displays: readonly DisplayType[]; check: Check }> = {
  thresholds: { displays: ['number', 'meter', 'gauge'], check: steps('from') },
  bands: { displays: ['gauge'], check: steps('to') },
  min: { displays: ['gauge', 'meter'], check: number },
  max: { displays: ['gauge', 'meter'], check: number },
  target: { displays: ['meter', 'line', 'area', 'bar'], check: number },
  higherIsBetter: { displays: ['meter'], check: boolean },
  warningMargin: { displays: ['meter'], check: (v) => (isNumber(v) && v >= 0 ? null : 'must be a number of 0 or more') },
  stacked: { displays: ['area', 'bar'], check: boolean },
  horizontal: { displays: ['bar'], check: boolean },
  unit: { displays: ALL, check: (v) => (typeof v === 'string' && v.length <= 40 ? null : 'must be a text of at most 40 characters') },
  decimals: { displays: ALL, check: integer(0, 6) },
  span: { displays: ALL, check: integer(1, 4) },
};

/** The problems of one widget's options (empty when they are fine), each starting with `options.<name>`. */
export function checkWidgetOptions(display: DisplayType, options: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(options)) {
    const rule = WIDGET_OPTIONS[name];
    const applicable = Object.keys(WIDGET_OPTIONS).filter((k) => WIDGET_OPTIONS[k].displays.includes(display));
    if (!rule) {
      problems.push(`options.${name} is not an option; a ${display} widget takes ${applicable.join(', ')}`);
      continue;
    }
    if (!rule.displays.includes(display)) {
      problems.push(`options.${name} does not apply to a ${display} widget (only to ${rule.displays.join(', ')}); it takes ${applicable.join(', ')}`);
      continue;
    }
    const wrong = rule.check(value);
    if (wrong) problems.push(`options.${name} ${wrong}`);
  }
  if (isNumber(options.min) && isNumber(options.max) && options.max <= options.min) problems.push('options.max must be greater than options.min');
  return problems;
}
