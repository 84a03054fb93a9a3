import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    files: ['**/*.ts'],
    rules: {
      // Playwright reads a fixture's dependencies from its first parameter: `async ({}, use)`.
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
      // Browser tests wait with Playwright's expect.poll, which keeps the test's deadline and
      // reports like any expect; the polling helpers of e2e-support are for the Jest suites.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@prontogram/e2e-support',
              importNames: ['waitFor', 'waitUntilEmpty'],
              message: 'Use expect.poll, or expect(...).toPass for a block of assertions.',
            },
          ],
        },
      ],
    },
  },
];
