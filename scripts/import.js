// Why: `npm run import -- FILE.ndjson` runs the compiled importer (scripts/built.js says why);
// the compile message goes to stderr, so stdout holds only the import's own summary.
const { built } = require('./built');

const { runImport } = require(built('src/cli/import.js', (m) => process.stderr.write(`${m}\n`)));
const { failureMessage } = require(built('src/cli/migrate.js'));

runImport(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
  process.stderr.write(`import failed: ${failureMessage(e)}\n`);
  process.exit(1);
});
