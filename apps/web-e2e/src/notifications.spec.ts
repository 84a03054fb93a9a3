import type { Worker } from '@playwright/test';
import { inboxPushPayload } from '@prontogram/contracts/wire';
import { RunningApi } from '@prontogram/e2e-support';
import { generateVAPIDKeys } from 'web-push';
import { expect, test } from './fixtures';

// What the test uses of the service worker's global scope (these specs are typed for pages).
declare const registration: { getNotifications(): Promise<Notification[]> };
declare const PushEvent: new (type: 'push', init: { data: string }) => Event;
declare const NotificationEvent: new (
  type: 'notificationclick',
  init: { notification: Notification },
) => Event;

/**
 * Notifications with the tab closed (Web Push). Headless Chromium reaches no real push
 * service, so what is checked here is the page's side: the service worker, the offer, and
 * what the page says when the browser refuses, and what the worker does with a push (an event
 * the test dispatches in the worker). The subscription flow itself is unit-tested
 * with a fake SwPush (push-notifications.service.spec.ts), and the server's pushes against a
 * push service on loopback (api-e2e push/web-push.spec.ts).
 */
test.describe('notifications while the tab is closed', () => {
  let pushApi: RunningApi;

  test.beforeAll(async () => {
    const vapid = generateVAPIDKeys();
    pushApi = await RunningApi.start({
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
    });
    await pushApi.waitUntilReady();
  });

  test.afterAll(async () => {
    await pushApi?.stop();
  });

  test('registers the service worker, which runs normally under the page CSP', async ({
    page,
    username,
    signIn,
  }) => {
    await signIn(page, username, pushApi.baseUrl);
    await expect
      .poll(() =>
        page.evaluate(async () => {
          const registration = await navigator.serviceWorker.getRegistration();
          return registration?.active?.scriptURL ?? null;
        }),
      )
      .toBe(`${pushApi.baseUrl}/ngsw-worker.js`);
    // Angular's worker serves its own state page once it controls the page: "NORMAL" means
    // it installed this version (no hash mismatch, nothing refused by the CSP).
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Inbox' })).toBeVisible();
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(
      `${pushApi.baseUrl}/ngsw-worker.js`,
    );
    const state = await page.evaluate(async () => (await fetch('/ngsw/state')).text());
    expect(state).toContain('Driver state: NORMAL');
  });

  test('offers to notify, and says how to undo a refusal when the browser refuses', async ({
    page,
    username,
    signIn,
  }) => {
    await signIn(page, username, pushApi.baseUrl);
    const offer = page.getByRole('button', { name: 'Notify me when this tab is closed' });
    await expect(offer).toBeVisible();

    // Playwright's Chromium refuses the permission prompt: as a person clicking "Block".
    await offer.click();

    await expect(page.getByText('Notifications are blocked for this site.')).toBeVisible();
    await expect(page.getByText("allow them in your browser's site settings")).toBeVisible();
    await expect(offer).toBeHidden();
    expect(await page.evaluate(() => Notification.permission)).toBe('denied');
  });

  test('shows a push as a notification, whose click takes a window still signed in to the inbox', async ({
    page,
    context,
    username,
    signIn,
  }) => {
    await context.grantPermissions(['notifications'], { origin: pushApi.baseUrl });
    await signIn(page, username, pushApi.baseUrl);
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.ready.then(() => true)))
      .toBe(true);
    // Controlled by the worker from here: a click can take this window somewhere.
    await page.reload();
    await expect(page.getByRole('status')).toContainText('Connected');
    const isAngulars = (worker: Worker) => worker.url().endsWith('/ngsw-worker.js');
    const worker =
      context.serviceWorkers().find(isAngulars) ??
      (await context.waitForEvent('serviceworker', { predicate: isAngulars }));

    // As the server sends it (api-e2e push/web-push.spec.ts decrypts and checks a real one).
    const payload = inboxPushPayload(username, 'ACMESky', 'Il tuo codice offerta è: ABC123');
    await worker.evaluate((data) => {
      // Untrusted, the event's waitUntil throws; Angular's handler has started by then.
      dispatchEvent(new PushEvent('push', { data }));
    }, JSON.stringify(payload));
    await expect
      .poll(() =>
        worker.evaluate(async () =>
          (await registration.getNotifications()).map(({ title, body, tag }) => ({
            title,
            body,
            tag,
          })),
        ),
      )
      .toEqual([
        { title: 'ACMESky', body: 'Il tuo codice offerta è: ABC123', tag: 'prontogram-inbox' },
      ]);

    const visited: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame())
        visited.push(new URL(frame.url()).pathname + new URL(frame.url()).search);
    });
    await worker.evaluate(async () => {
      const [notification] = await registration.getNotifications();
      dispatchEvent(new NotificationEvent('notificationclick', { notification }));
    });

    // The worker takes the window to the notification's URL; signed in, it goes on to the inbox.
    await expect.poll(() => visited).toContain(`/sign-in?as=${encodeURIComponent(username)}`);
    await expect(page).toHaveURL(`${pushApi.baseUrl}/`);
    await expect(page.getByRole('heading', { name: 'Inbox' })).toBeVisible();
    expect(await worker.evaluate(async () => (await registration.getNotifications()).length)).toBe(
      0,
    );
  });

  test('opens, from a notification in a closed tab, the sign-in with the name filled in', async ({
    page,
    username,
  }) => {
    // The URL a push carries (api-e2e push/web-push.spec.ts checks it): the tab that signed
    // in is gone, so the new window offers the name instead of asking for it.
    await page.goto(`${pushApi.baseUrl}/sign-in?as=${username}`);
    await expect(page.getByLabel('Username')).toHaveValue(username);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Inbox' })).toBeVisible();
  });

  test("keeps the page's own notifications where the server sends no pushes", async ({
    page,
    username,
    signIn,
  }) => {
    await signIn(page, username);
    await expect(page.getByRole('button', { name: 'Notify me', exact: true })).toBeVisible();
    await expect(
      page.getByRole('button', { name: 'Notify me when this tab is closed' }),
    ).toHaveCount(0);
  });
});
