/** Unit specs of the bench's own arithmetic; the smoke run has a config of its own. */
export default {
  displayName: 'bench',
  preset: '../../jest.node-preset.js',
  testPathIgnorePatterns: ['/node_modules/', '\\.smoke\\.spec\\.ts$'],
};
