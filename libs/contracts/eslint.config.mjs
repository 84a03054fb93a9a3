import { builtinModules } from 'node:module';
import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    files: ['**/*.ts'],
    // What crosses the wire runs in browsers too: no Node built-ins (Nx's boundary rule
    // does not see them as external imports).
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', ...builtinModules],
              message: 'libs/contracts runs in the browser too: no Node built-ins.',
            },
          ],
        },
      ],
    },
  },
];
