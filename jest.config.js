/** Jest runs TypeScript through swc (CommonJS); type-checking is `npm run typecheck`. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/bot', '<rootDir>/content', '<rootDir>/adapters', '<rootDir>/app'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  // jose (ESM only) is loaded by jwks-rsa inside @microsoft/agents-hosting.
  transformIgnorePatterns: ['/node_modules/(?!(lowdb|steno|jose)/)'],
  testTimeout: 30000,
};
