// Why: `npm run import -- FILE.ndjson` runs the compiled importer (scripts/built.js says why);
// the compile message goes to stderr, so stdout holds only the import's own summary.
const { builtOrExit } = require('./built');

const toStderr = (m) => process.stderr.write(`${m}\n`);
const { runImport } = require(builtOrExit('src/cli/import.js', toStderr));
const { failureMessage } = require(builtOrExit('src/cli/migrate.js', toStderr));

runImport(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
  process.stderr.write(`import failed: ${failureMessage(e)}\n`);
  process.exit(1);
});
