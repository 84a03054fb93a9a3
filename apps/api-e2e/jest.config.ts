/** End-to-end tests of the API against the real RabbitMQ at RABBITMQ_URL. */
export default {
  displayName: 'api-e2e',
  preset: '../../jest.node-preset.js',
  setupFiles: ['reflect-metadata'],
  testTimeout: 30_000,
};
