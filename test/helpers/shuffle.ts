// Why: tests that prove order does not matter (out-of-order events, overlapping importers, a
// crash mid-import) need the same reproducible shuffle; one copy here instead of one per file.
import { mulberry32 } from '../../src/demo/random';

/** A copy of `list` in a Fisher–Yates order drawn from `seed` (mulberry32): the same seed, the same order. */
export function shuffled<T>(list: T[], seed: number): T[] {
  const rng = mulberry32(seed);
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
