import nx from '@nx/eslint-plugin';

// The apps' frameworks and broker clients, which libraries and tools outside the apps must not import.
const APP_FRAMEWORKS = [
  '@nestjs/*',
  '@angular/*',
  '@golevelup/*',
  'amqplib',
  'amqp-connection-manager',
  'socket.io',
  'express',
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/.angular',
      '**/test-results',
      '**/playwright-report',
      '**/jest.config.ts',
    ],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            {
              // What crosses the wire: plain TypeScript and the validation decorators only.
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: [],
              bannedExternalImports: [...APP_FRAMEWORKS, 'rxjs'],
            },
            {
              sourceTag: 'scope:api',
              onlyDependOnLibsWithTags: ['scope:shared'],
              bannedExternalImports: ['@angular/*'],
            },
            {
              sourceTag: 'scope:web',
              onlyDependOnLibsWithTags: ['scope:shared'],
              bannedExternalImports: [
                '@nestjs/*',
                '@golevelup/*',
                'amqplib',
                'amqp-connection-manager',
                'socket.io',
                'express',
              ],
            },
            {
              // The bench measures the API from outside, as a sender and readers do.
              sourceTag: 'scope:bench',
              onlyDependOnLibsWithTags: ['scope:shared'],
              bannedExternalImports: ['@nestjs/*', '@angular/*', '@golevelup/*'],
            },
            {
              // A sending service's client: it talks to the API over HTTP and Socket.IO only.
              sourceTag: 'scope:sdk',
              onlyDependOnLibsWithTags: ['scope:shared'],
              bannedExternalImports: [
                '@nestjs/*',
                '@angular/*',
                '@golevelup/*',
                'amqplib',
                'amqp-connection-manager',
                'class-validator',
                'class-transformer',
                'express',
                'commander',
              ],
            },
            {
              sourceTag: 'scope:cli',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:sdk'],
              bannedExternalImports: APP_FRAMEWORKS,
            },
            {
              sourceTag: 'scope:e2e',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:e2e-support', 'scope:sdk'],
            },
            {
              sourceTag: 'scope:e2e-support',
              onlyDependOnLibsWithTags: ['scope:shared'],
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
];
