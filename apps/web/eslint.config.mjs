import nx from '@nx/eslint-plugin';
import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  ...nx.configs['flat/angular'],
  ...nx.configs['flat/angular-template'],
  {
    files: ['**/*.ts'],
    rules: {
      '@angular-eslint/component-selector': [
        'error',
        { type: 'element', prefix: 'pg', style: 'kebab-case' },
      ],
      '@angular-eslint/directive-selector': [
        'error',
        { type: 'attribute', prefix: 'pg', style: 'camelCase' },
      ],
      // The page never validates with decorators: keep class-validator out of its bundle.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@prontogram/contracts',
              message: "Import '@prontogram/contracts/wire': the root brings class-validator.",
            },
            { name: 'class-validator', message: 'The page does not validate with decorators.' },
            { name: 'class-transformer', message: 'The page does not transform with decorators.' },
          ],
        },
      ],
    },
  },
  { files: ['**/*.html'], rules: {} },
];
