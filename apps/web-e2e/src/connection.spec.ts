import { freePort, RunningApi, send } from '@prontogram/e2e-support';
import { expect, test } from './fixtures';

test('shows a lost connection, reconnects by itself, and delivers what was sent meanwhile', async ({
  page,
  username,
  signIn,
}) => {
  test.setTimeout(60_000);
  const port = String(await freePort());
  let reader = await RunningApi.start({ PORT: port });
  // Senders use another instance, which stays up throughout.
  const sender = await RunningApi.start();
  try {
    await reader.waitUntilReady();
    await sender.waitUntilReady();
    await signIn(page, username, reader.baseUrl);
    const status = page.getByRole('status');

    await reader.stop();
    await expect(status).toContainText('Reconnecting');
    await send(sender, username, 'Sent while you were disconnected');

    reader = await RunningApi.start({ PORT: port });

    await expect(status).toContainText('Connected', { timeout: 20_000 });
    await expect(page.getByRole('list', { name: 'Messages' })).toContainText(
      'Sent while you were disconnected',
    );
  } finally {
    await reader.stop();
    await sender.stop();
  }
});
