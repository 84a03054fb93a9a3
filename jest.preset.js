const path = require('node:path');
const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  // Tests read the contracts and the SDK from source, so they need no build first.
  moduleNameMapper: {
    '^@prontogram/contracts$': path.join(__dirname, 'libs/contracts/src/index.ts'),
    '^@prontogram/contracts/wire$': path.join(__dirname, 'libs/contracts/src/wire.ts'),
    '^@prontogram/e2e-support$': path.join(__dirname, 'libs/e2e-support/src/index.ts'),
    '^@prontogram/sdk$': path.join(__dirname, 'libs/sdk/src/index.ts'),
  },
};
