/**
 * The preset of every Node project's Jest config (the API and its end-to-end tests, the
 * bench, the contracts): TypeScript through ts-jest with the project's tsconfig.spec.json.
 * The web app runs in jsdom with Angular's transform instead, on jest.preset.js alone.
 */
const preset = require('./jest.preset.js');

module.exports = {
  ...preset,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
    // Any other source (.js and the like) as the Nx preset transforms it.
    ...preset.transform,
  },
  moduleFileExtensions: ['ts', 'js'],
};
