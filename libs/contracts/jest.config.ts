export default {
  displayName: 'contracts',
  preset: '../../jest.node-preset.js',
  coverageDirectory: '../../coverage/libs/contracts',
};
