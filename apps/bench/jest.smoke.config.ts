/** A short run of the built bench against the built API and the real RabbitMQ. */
export default {
  displayName: 'bench-smoke',
  preset: '../../jest.node-preset.js',
  testMatch: ['<rootDir>/src/**/*.smoke.spec.ts'],
  testTimeout: 240_000,
};
