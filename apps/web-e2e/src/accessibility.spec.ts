import * as path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { send } from '@prontogram/e2e-support';
import { expect, test } from './fixtures';

/** Screenshots outlive the run here (Playwright empties a passed test's output folder). */
const screenshotPath = (name: string): string =>
  path.resolve(__dirname, '../../../dist/screenshots', name);

async function seriousViolations(page: import('@playwright/test').Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`accessibility, ${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('the sign-in page has no serious or critical violation', async ({ page }) => {
      await page.goto('/');
      await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
      await page.getByLabel('Username').fill('not valid!');
      await expect(page.getByText('Use only letters')).toBeVisible();

      expect(await seriousViolations(page)).toEqual([]);
    });

    test('the inbox page has no serious or critical violation', async ({
      page,
      api,
      username,
      signIn,
    }, testInfo) => {
      await send(
        api,
        username,
        'Il tuo codice offerta è: ABC123. Affrettati, sarà valido per sole 24 ore!',
      );
      await send(
        api,
        username,
        'Last-minute Rome, see https://acmesky.example/offers/ROM42 (code ROM42).',
      );
      await signIn(page, username);
      await expect(page.getByRole('list', { name: 'Messages' }).getByRole('listitem')).toHaveCount(
        2,
      );

      expect(await seriousViolations(page)).toEqual([]);

      // Kept as an artifact of every run, and in the HTML report.
      const file = screenshotPath(`inbox-${colorScheme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      await testInfo.attach(`inbox-${colorScheme}`, { path: file, contentType: 'image/png' });
    });
  });
}

test('works on a phone-sized screen', async ({ page, api, username, signIn }, testInfo) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await send(
    api,
    username,
    'A rather long offer text that must wrap nicely on a small screen: CODE-PHONE-1234567890',
  );
  await signIn(page, username);
  const card = page.getByRole('list', { name: 'Messages' }).getByRole('listitem').first();
  await expect(card).toBeVisible();

  const box = await card.boundingBox();
  expect(box?.width).toBeLessThanOrEqual(375);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  const file = screenshotPath('inbox-phone.png');
  await page.screenshot({ path: file });
  await testInfo.attach('inbox-phone', { path: file, contentType: 'image/png' });
});

test('can be used with the keyboard alone', async ({ page, api, username }) => {
  await send(api, username, 'Keyboard offer');
  await page.goto('/');
  await page.getByLabel('Username').focus();
  await page.keyboard.type(username);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Messages' })).toContainText('Keyboard offer');

  const dismiss = page.getByRole('button', { name: 'Dismiss the message from ACMESky' });
  for (
    let presses = 0;
    presses < 10 && !(await dismiss.evaluate((element) => element === document.activeElement));
    presses++
  ) {
    await page.keyboard.press('Tab');
  }
  await expect(dismiss).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('No messages.')).toBeVisible();
});
