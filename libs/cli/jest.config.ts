export default {
  displayName: 'cli',
  preset: '../../jest.node-preset.js',
  coverageDirectory: '../../coverage/libs/cli',
};
