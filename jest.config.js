// Why: Jest runs the TypeScript tests through ts-jest (type-checking is `npm run typecheck`'s job,
// so tests transpile only). PGlite is loaded with a dynamic import, which needs
// NODE_OPTIONS=--experimental-vm-modules (set by `npm test`).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  testTimeout: 120000,
  maxWorkers: 2,
};
