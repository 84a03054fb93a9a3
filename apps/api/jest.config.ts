export default {
  displayName: 'api',
  preset: '../../jest.node-preset.js',
  setupFiles: ['reflect-metadata'],
  coverageDirectory: '../../coverage/apps/api',
};
