// Why: `npm start` on a fresh clone must just work: compile when the build is missing or older
// than the sources (scripts/built.js), then run it.
require(require('./built').builtOrExit('src/index.js'));
