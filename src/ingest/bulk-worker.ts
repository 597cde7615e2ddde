// Why: the worker thread of a first import (see bulk-parse.ts). It parses the file it is given and
// posts each round to the importing thread, at most two rounds ahead of what that thread has
// stored (it answers every stored round with 'stored'), so memory stays flat whatever the file's
// size. Started by bulk-import.ts with the ParseJob as workerData.
import { parentPort, workerData } from 'node:worker_threads';
import { parseRounds, ParseJob, Round } from './bulk-parse';

/** Rounds posted but not yet stored, at most. */
const AHEAD = 2;

if (parentPort) {
  const port = parentPort;
  let ahead = 0;
  let wake: (() => void) | null = null;
  port.on('message', (m) => {
    if (m !== 'stored') return;
    ahead--;
    const w = wake;
    wake = null;
    w?.();
  });
  const send = async (round: Round) => {
    while (ahead >= AHEAD) await new Promise<void>((resolve) => (wake = resolve));
    ahead++;
    port.postMessage(round);
  };
  let lastTick = 0;
  parseRounds(workerData as ParseJob, send, (bytesRead) => {
    const now = Date.now();
    if (now - lastTick < 500) return;
    lastTick = now;
    port.postMessage({ kind: 'tick', bytesRead });
  }).then(
    (end) => port.postMessage(end),
    (e: unknown) => {
      // Errors other than the file's problems (unreadable file, a bug): the importing thread rethrows.
      port.postMessage({ kind: 'failed', message: e instanceof Error ? e.message : String(e), code: (e as { code?: unknown })?.code ?? null });
    },
  );
}
