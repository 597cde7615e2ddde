// Why: `npm start` and `npm run import` run the compiled build, not the TypeScript sources through
// tsx. Besides starting faster, compiled code is cheaper in the hot loops: tsx compiles with
// esbuild's keepNames, which wraps every function a loop creates in a call that sets its name; in a
// first import that was 4-5 of ~25 CPU-seconds of the parse worker at 100,000 cases
// (docs/perf-notes-ingest.md, session 5). Compile when the build is missing or older than the
// sources (tsc is incremental, so an up-to-date build costs a second).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function newestSource(dir) {
  let newest = 0;
  for (const name of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, name.name);
    if (name.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (name.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Whether dist/ is missing or older than a source file. */
function buildIsStale() {
  const entry = path.join(root, 'dist/src/index.js');
  const built = fs.existsSync(entry) ? fs.statSync(entry).mtimeMs : 0;
  const sources = Math.max(...['src', 'kpis', 'migrations'].map((d) => newestSource(path.join(root, d))));
  return built < sources;
}

/**
 * Compiles when needed; returns the path of a compiled file, e.g. built('src/index.js'). `log` gets
 * the one line saying so; the compiler's own messages go to stderr. A failed compile throws an
 * Error with a one-line message (the compiler has printed the details).
 */
function built(file, log = (m) => console.log(m)) {
  if (buildIsStale()) {
    log('stuurinfo: compiling…');
    try {
      execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: ['ignore', 2, 2], cwd: root });
    } catch {
      throw new Error('stuurinfo: compiling failed (the messages above say where)');
    }
    const entry = path.join(root, 'dist/src/index.js');
    fs.utimesSync(entry, new Date(), new Date());
  }
  return path.join(root, 'dist', file);
}

/** For the scripts: the compiled file, or the compile error as one line on stderr and exit code 1. */
function builtOrExit(file, log) {
  try {
    return built(file, log);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}

module.exports = { built, builtOrExit, buildIsStale, root };
