// Why: integrators and testers want the demo data as a file (to read, edit, or feed to
// `npm run import` elsewhere). This writes the demo events as NDJSON, streaming with
// backpressure, so months of events never sit in memory at once.
//
//   npm run demo:ndjson -- [FILE] [--months N] [--seed N] [--now ISO] [--scale N] [--zone ZONE]
//
// Without FILE the events go to stdout; the summary always goes to stderr.
import fs from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { generateDemoEvents, DemoOptions, DEMO_MONTHS } from '../demo/generate';
import { isValidTimeZone } from '../time/zone';

const USAGE = 'usage: demo-ndjson [FILE] [--months N] [--seed N] [--now ISO-8601] [--scale N] [--zone IANA-ZONE]';

interface Args { file?: string; options: DemoOptions }

function parseArgs(argv: string[]): Args {
  const options: DemoOptions = { now: new Date() };
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const number = (name: string, v: string, integer: boolean) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new Error(`${name} must be a positive ${integer ? 'whole ' : ''}number, got "${v}"`);
      return n;
    };
    switch (flag) {
      case '--months': options.months = number('--months', value(), true); break;
      case '--seed': {
        const v = value();
        if (!/^-?\d+$/.test(v)) throw new Error(`--seed must be a whole number, got "${v}"`);
        options.seed = Number(v);
        break;
      }
      case '--scale': options.scale = number('--scale', value(), false); break;
      case '--now': {
        const v = value();
        const now = new Date(v);
        if (Number.isNaN(now.getTime())) throw new Error(`--now must be an ISO-8601 instant, got "${v}"`);
        options.now = now;
        break;
      }
      case '--zone': {
        const v = value();
        if (!isValidTimeZone(v)) throw new Error(`--zone must be an IANA time zone (for example Europe/Amsterdam), got "${v}"`);
        options.zone = v;
        break;
      }
      case '-h':
      case '--help':
        process.stderr.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new Error(`unknown option ${arg}`);
        if (file !== undefined) throw new Error(`one output file only (got "${file}" and "${arg}")`);
        file = arg;
    }
  }
  return { file: file === '-' ? undefined : file, options };
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const started = Date.now();
  const out: Writable = args.file ? fs.createWriteStream(args.file) : process.stdout;
  let failed: Error | null = null;
  out.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0); // the reader went away (| head)
    failed = e;
  });

  let events = 0;
  let cases = 0;
  let lastCase = '';
  let first: { ms: number; at: string } | null = null;
  let last: { ms: number; at: string } | null = null;
  const byType = new Map<string, number>();
  let chunk = '';
  const flush = async () => {
    if (failed) throw failed;
    if (!chunk) return;
    const ok = out.write(chunk);
    chunk = '';
    if (!ok) {
      await new Promise<void>((resolve) => {
        const done = () => {
          out.off('drain', done);
          out.off('error', done);
          resolve();
        };
        out.on('drain', done);
        out.on('error', done);
      });
    }
    if (failed) throw failed;
  };

  for (const event of generateDemoEvents(args.options)) {
    events++;
    if (event.caseId !== lastCase) {
      cases++;
      lastCase = event.caseId;
    }
    byType.set(event.type, (byType.get(event.type) ?? 0) + 1);
    const ms = Date.parse(event.at);
    if (!first || ms < first.ms) first = { ms, at: event.at };
    if (!last || ms > last.ms) last = { ms, at: event.at };
    chunk += `${JSON.stringify(event)}\n`;
    if (chunk.length >= 1 << 16) await flush();
  }
  await flush();
  if (args.file) {
    out.end();
    await once(out, 'finish');
  }

  const o = args.options;
  process.stderr.write([
    `demo events: ${events} events, ${cases} cases${args.file ? ` → ${args.file}` : ''}`,
    `  options: now=${o.now.toISOString()} months=${o.months ?? DEMO_MONTHS} seed=${o.seed ?? 42} scale=${o.scale ?? 1} zone=${o.zone ?? 'Europe/Amsterdam'}`,
    `  events from ${first?.at ?? '-'} to ${last?.at ?? '-'}`,
    ...[...byType].sort((a, b) => b[1] - a[1]).map(([type, n]) => `  ${type.padEnd(24)} ${n}`),
    `  ${((Date.now() - started) / 1000).toFixed(1)} s`,
  ].join('\n') + '\n');
}

main().catch((e: Error) => {
  process.stderr.write(`demo-ndjson failed: ${e.message}\n`);
  process.exit(1);
});
