// Why: PostgreSQL text and JSONB cannot hold U+0000 or half a UTF-16 surrogate pair, and a value
// nested thousands of levels deep overflows the stack of any recursive code that walks it. Every
// entry point (events, KPI dimensions and params, the case lookup) refuses such input with these
// checks before it reaches SQL, so the client gets BAD_USER_INPUT naming the field, not a 500.

// eslint-disable-next-line no-control-regex -- U+0000 is exactly what this looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A cheap first look: text without U+0000 or any surrogate cannot match UNSTORABLE (import speed). */
// eslint-disable-next-line no-control-regex -- as above
const MAYBE_UNSTORABLE = /[\u0000\ud800-\udfff]/;
const unstorable = (s: string) => MAYBE_UNSTORABLE.test(s) && UNSTORABLE.test(s);

export const UNSTORABLE_MESSAGE = 'contains U+0000 or an unpaired UTF-16 surrogate (\\ud800-\\udfff), which cannot be stored';

/** Deepest nesting of objects and arrays we accept inside one JSON value (events' `data`). */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether JSON text could give, once parsed, a string or key that PostgreSQL cannot store: only
 * through a `\u` escape, or U+0000 or a surrogate in the text itself. False lets a caller skip
 * walking the parsed value (firstUnstorable) for a line of a file (import speed).
 */
export function jsonMayHoldUnstorable(text: string): boolean {
  return text.includes('\\u') || MAYBE_UNSTORABLE.test(text);
}

export function isStorableText(value: string): boolean {
  return !unstorable(value);
}

/**
 * How deep `value` nests (a scalar is 0, `{}` is 1), counted without recursion; stops counting at
 * `limit + 1` so a hostile value costs no more than that.
 */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest > limit) return deepest;
    for (const child of Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, here]);
  }
  return deepest;
}

/**
 * The path of the first string or key under `value` that PostgreSQL cannot store, or null.
 * Walks without recursion; callers check the depth first (nestingDepth).
 */
export function firstUnstorable(value: unknown, path: string): string | null {
  const stack: Array<[unknown, string]> = [[value, path]];
  while (stack.length) {
    const [v, p] = stack.pop()!;
    if (typeof v === 'string') {
      if (unstorable(v)) return p;
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    const entries = Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, child] = entries[i];
      if (!Array.isArray(v) && unstorable(k)) return `${p}[${JSON.stringify(k)}]`;
      stack.push([child, Array.isArray(v) ? `${p}[${k}]` : `${p}.${k}`]);
    }
  }
  return null;
}
