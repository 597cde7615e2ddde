// Why: the fault tests that stop and start the machine's PostgreSQL (test/faults/*.fault.ts) would
// break every other test using that server at the same moment. They are therefore not part of
// `npm test` (jest.config.js only matches *.test.ts) and run on their own, one file at a time,
// after the normal runs:  npx jest -c jest.faults.config.js
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/test/faults/**/*.fault.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  testTimeout: 180000,
  maxWorkers: 1,
};
