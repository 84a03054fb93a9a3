import { builtinModules } from 'node:module';
import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    files: ['**/*.ts'],
    ignores: ['**/*.spec.ts'],
    // The SDK runs wherever fetch and WebSocket do (Node 20, Deno, Bun, a browser): no Node
    // built-ins, and only the decorator-free half of the contracts, so that installing it
    // pulls in no class-validator. Its tests may use node:http.
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@prontogram/contracts',
              message: 'Import from @prontogram/contracts/wire: no decorators in the SDK.',
            },
          ],
          patterns: [
            {
              group: ['node:*', ...builtinModules],
              message: 'The SDK runs outside Node too: no Node built-ins.',
            },
          ],
        },
      ],
    },
  },
];
