export default {
  displayName: 'sdk',
  preset: '../../jest.node-preset.js',
  coverageDirectory: '../../coverage/libs/sdk',
};
