import { inboxQueueOf, queueCounts, send } from '@prontogram/e2e-support';
import { expect, expectServerCopiesDeleted, setPageVisible, test } from './fixtures';

test.describe('the inbox page', () => {
  test('shows what was sent while away after sign-in, then new messages without a reload', async ({
    page,
    api,
    username,
    signIn,
  }) => {
    await send(
      api,
      username,
      'Il tuo codice offerta è: ABC123. Affrettati, sarà valido per sole 24 ore!',
    );
    await send(api, username, 'Second offer: XYZ789');

    await signIn(page, username);
    const messages = page.getByRole('list', { name: 'Messages' }).getByRole('listitem');
    await expect(messages).toHaveCount(2);
    await expect(messages.first()).toContainText('Second offer: XYZ789');
    await expect(messages.nth(1)).toContainText('Il tuo codice offerta è: ABC123');
    await expect(messages.first()).toContainText('From ACMESky');

    await send(api, username, 'Live offer: LIVE42');

    await expect(messages).toHaveCount(3);
    await expect(messages.first()).toContainText('Live offer: LIVE42');
  });

  test('deletes the server copy once shown, but keeps it in this browser after a reload', async ({
    page,
    browser,
    api,
    username,
    signIn,
  }) => {
    await send(api, username, 'Seen once: CODE1');
    await signIn(page, username);
    const messages = page.getByRole('list', { name: 'Messages' }).getByRole('listitem');
    await expect(messages).toContainText(['Seen once: CODE1']);
    await expect(messages.first()).toContainText('Seen');
    await expectServerCopiesDeleted(username, 'the server copy to be deleted');

    const otherBrowser = await browser.newContext({ locale: 'en-GB' });
    try {
      const other = await otherBrowser.newPage();
      await signIn(other, username);
      await expect(other.getByText('No messages.')).toBeVisible();
    } finally {
      await otherBrowser.close();
    }

    await page.reload();
    await expect(page.getByRole('status')).toContainText('Connected');
    await expect(messages).toContainText(['Seen once: CODE1']);
  });

  test('takes a seen message off the screen within 5 s of its expiry', async ({
    page,
    api,
    username,
    signIn,
  }) => {
    const { expiresAt } = await send(api, username, 'Short-lived: SOON1', { ttlSeconds: 3 });
    await signIn(page, username);
    const messages = page.getByRole('list', { name: 'Messages' }).getByRole('listitem');
    await expect(messages.first()).toContainText('Short-lived: SOON1');
    await expect(messages.first()).toContainText('Seen');

    // The page's clock ticks every 5 s: the promise is "gone at most 5 s after expiresAt".
    const deadline = Date.parse(expiresAt) + 5_000;
    await expect(page.getByText('Short-lived: SOON1')).toHaveCount(0, {
      timeout: Math.max(deadline - Date.now(), 0) + 1_000,
    });
    expect(Date.now()).toBeLessThanOrEqual(deadline + 1_000);
  });

  test('tells a second tab of the same person that a message was viewed in the first', async ({
    page,
    context,
    api,
    username,
    signIn,
  }) => {
    const second = await context.newPage();
    await signIn(page, username);
    await signIn(second, username);
    await setPageVisible(second, false); // A background tab: it shows, but reports nothing.

    await send(api, username, 'Two tabs: TAB2');

    const inFirst = page.getByRole('list', { name: 'Messages' }).getByRole('listitem');
    const inSecond = second.getByRole('list', { name: 'Messages' }).getByRole('listitem');
    await expect(inFirst.first()).toContainText('Two tabs: TAB2');
    await expect(inFirst.first()).toContainText('Seen');
    // Marked seen because the first tab reported it, not by a report of its own.
    await expect(inSecond.first()).toContainText('Two tabs: TAB2');
    await expect(inSecond.first()).toContainText('Seen');
    await expectServerCopiesDeleted(username, 'the server copy to be deleted once');
  });

  test('does not report a message that arrives in a hidden page until the page is visible', async ({
    page,
    api,
    username,
    signIn,
  }) => {
    await signIn(page, username);
    await setPageVisible(page, false);

    await send(api, username, 'Arrived while away from the tab');
    const messages = page.getByRole('list', { name: 'Messages' }).getByRole('listitem');
    await expect(messages).toContainText(['Arrived while away from the tab']);
    await expect(page).toHaveTitle('(1) ProntoGram');
    const queue = inboxQueueOf(username);
    // Rendered, but the page is hidden: RabbitMQ still holds it, unacked.
    expect(await queueCounts(queue)).toMatchObject({ ready: 0, unacked: 1 });

    await setPageVisible(page, true);

    await expectServerCopiesDeleted(username, 'the report once visible');
    await expect(page).toHaveTitle('ProntoGram');
    await expect(messages.first()).toContainText('Seen');
  });

  test('shows a body full of markup as text and runs none of it', async ({
    page,
    api,
    username,
    signIn,
  }) => {
    const hostile =
      '<img src=x onerror="window.__pwned = 1"><script>window.__pwned = 2</script><b>bold</b>';
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await send(api, username, hostile);

    await signIn(page, username);

    const body = page.locator('.body');
    await expect(body).toHaveText(hostile);
    await expect(body.locator('img, script, b')).toHaveCount(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  test('lets a person dismiss one message and clear all', async ({
    page,
    api,
    username,
    signIn,
  }) => {
    await send(api, username, 'first');
    await send(api, username, 'second');
    await signIn(page, username);
    const messages = page.getByRole('list', { name: 'Messages' }).getByRole('listitem');
    await expect(messages).toHaveCount(2);

    await page.getByRole('button', { name: 'Dismiss the message from ACMESky' }).first().click();
    await expect(messages).toHaveCount(1);
    await page.getByRole('button', { name: 'Clear all' }).click();

    await expect(page.getByText('No messages.')).toBeVisible();
    await page.reload();
    await expect(page.getByText('No messages.')).toBeVisible();
  });

  test('checks the username as it is typed, and keeps it for the tab until sign-out', async ({
    page,
    username,
    signIn,
  }) => {
    await page.goto('/');
    const field = page.getByLabel('Username');
    await field.fill('mario rossi');
    await expect(page.getByText('Use only letters, digits and . _ - @ (no spaces).')).toBeVisible();
    await expect(field).toHaveAttribute('aria-invalid', 'true');

    await signIn(page, username.toUpperCase());
    await expect(page.getByText(`Signed in as ${username}`)).toBeVisible();
    await page.reload();
    await expect(page.getByText(`Signed in as ${username}`)).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign out and delete' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });

  test('speaks Italian when chosen, and remembers it', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Language').selectOption('it');

    await expect(page.getByRole('heading', { name: 'Accedi' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'it');
    await page.reload();
    await expect(page.getByLabel('Nome utente')).toBeVisible();
  });
});
