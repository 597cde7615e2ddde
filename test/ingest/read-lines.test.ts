// readLines (src/ingest/ndjson-reader.ts) splits the import file itself instead of through
// node:readline's async iterator. Line numbers in problem reports depend on where lines end, so it
// is held to readline's own splitting (crlfDelay: Infinity) on texts full of \r, \n and multi-byte
// characters, read in chunks small enough to cut through every line break and character.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import fc from 'fast-check';
import { Batcher, readBatches, readLines } from '../../src/ingest/ndjson-reader';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-lines-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The reference: readline's lines, numbered from 1, the first without a byte order mark, blank ones counted. */
async function viaReadline(file: string): Promise<{ lines: [number, string][]; count: number; blank: number }> {
  const rl = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  const lines: [number, string][] = [];
  let count = 0;
  let blank = 0;
  for await (let line of rl) {
    count++;
    if (count === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.trim() === '') blank++;
    else lines.push([count, line]);
  }
  return { lines, count, blank };
}

async function viaReadLines(file: string, chunkBytes: number) {
  const lines: [number, string][] = [];
  const r = await readLines(file, (line, n) => void lines.push([n, line]), () => undefined, chunkBytes);
  return { lines, count: r.lines, blank: r.blank };
}

let n = 0;
const write = (text: string) => {
  const file = path.join(dir, `f${n++}.ndjson`);
  fs.writeFileSync(file, text);
  return file;
};

describe('readLines', () => {
  it('ends lines where readline does, for the hand-made texts', async () => {
    const texts = ['', 'a', 'a\n', 'a\r\nb', 'a\rb\r\n\rc\n\n', '\uFEFF{"x":1}\r\n\r\n   \n{"y":2}', '\r', '\n\r', 'é€😀\r\n😀'];
    for (const text of texts) {
      const file = write(text);
      for (const chunk of [1, 2, 3, 1 << 20]) expect([text, chunk, await viaReadLines(file, chunk)]).toEqual([text, chunk, await viaReadline(file)]);
    }
  });

  it('ends lines where readline does, for random texts read in random chunk sizes', async () => {
    const text = fc.array(fc.constantFrom('a', '{', ' ', 'é', '€', '😀', '\r', '\n', '\r\n', '\uFEFF'), { maxLength: 60 }).map((parts) => parts.join(''));
    await fc.assert(fc.asyncProperty(text, fc.integer({ min: 1, max: 9 }), async (t, chunk) => {
      const file = write(t);
      expect(await viaReadLines(file, chunk)).toEqual(await viaReadline(file));
    }), { numRuns: 400 });
  });

  it('waits for a line whose handler returns a promise before the next', async () => {
    const file = write('1\n2\n3\n');
    const seen: string[] = [];
    await readLines(file, (line) => {
      seen.push(`start ${line}`);
      if (line === '2') return new Promise<void>((resolve) => setTimeout(() => { seen.push('done 2'); resolve(); }, 20));
    }, () => undefined, 1);
    expect(seen).toEqual(['start 1', 'start 2', 'done 2', 'start 3']);
  });

  it('reports progress every 1,000 lines, after that line is done', async () => {
    const file = write(Array.from({ length: 2500 }, (_, i) => `line ${i + 1}`).join('\r'));
    const seen: string[] = [];
    const r = await readLines(file, (line, n) => {
      if (n === 1000) return new Promise<void>((resolve) => setTimeout(() => { seen.push('done 1000'); resolve(); }, 10));
    }, (lines, bytes) => void seen.push(`tick ${lines} ${bytes > 0}`), 4096);
    expect(seen).toEqual(['done 1000', 'tick 1000 true', 'tick 2000 true']);
    expect(r).toEqual({ lines: 2500, blank: 0 });
  });

  it('reads no further while a batch is being stored', async () => {
    const event = (i: number) => JSON.stringify({ id: `e${i}`, type: 'case.created', caseId: `c${i}`, at: '2025-01-06T09:00:00+01:00', data: { caseType: 'ooievaarspas' } });
    const file = write(Array.from({ length: 6 }, (_, i) => event(i + 1)).join('\n'));
    const seen: string[] = [];
    const read = await readBatches(file, new Batcher(2, 10), {
      batch: (b) => {
        seen.push(`store ${b.events.map((e) => e.id).join(',')}`);
        return new Promise<void>((resolve) => setTimeout(() => { seen.push('stored'); resolve(); }, 10));
      },
      problems: (found) => void seen.push(`problem ${found[0].message}`),
      tick: () => undefined,
    });
    expect(seen).toEqual(['store e1,e2', 'stored', 'store e3,e4', 'stored', 'store e5,e6', 'stored']);
    expect(read).toEqual({ lines: 6, blank: 0, events: 6 });
  });
});
