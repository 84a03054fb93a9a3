import { defineConfig } from '@playwright/test';

/**
 * Browser tests: Debian's Chromium drives the built page, served by the built API, against
 * the real RabbitMQ. Each test file starts the API processes it needs (see fixtures.ts).
 */
export default defineConfig({
  testDir: './src',
  outputDir: '../../dist/test-results/web-e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env['CI'],
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: '../../dist/playwright-report/web-e2e' }],
    // Read by scripts/sum-test-results.mjs for the closing line of `npm test`.
    ['json', { outputFile: '../../dist/test-results/reports/web-e2e.e2e.json' }],
  ],
  use: {
    browserName: 'chromium',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
      ],
    },
  },
});
