import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { MessageAccepted, PushPublicKey } from '@prontogram/contracts';
import {
  inboxQueueOf,
  redisCommand,
  RunningApi,
  storedIds,
  testMessage,
  uniqueUsername,
  waitFor,
  waitForConsumers,
} from '@prontogram/e2e-support';
import { startInstancesForSuite } from '../scale/instances';
import { startApiForSuite } from '../support/api-suite';
import { InboxClient } from '../support/inbox-client';
import { pushesCounted, pushServiceForSuite, TestDevice, vapidClaims } from './push-service';

/**
 * Web Push against a push service on loopback, as the web-push library's own tests do: the
 * test plays the browser (its keys, its decryption) and the push service (HTTPS, VAPID).
 */
describe('Web Push while no page is open', () => {
  const push = pushServiceForSuite();
  const { vapid, subject, settings } = push;
  let directory: string;
  // The subscriptions file before the API: its settings name it.
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'prontogram-subscriptions-'));
    settings['PUSH_SUBSCRIPTIONS_FILE'] = path.join(directory, 'subscriptions.json');
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));
  const suite = startApiForSuite({ env: settings });

  const send = async (receiver: string, body: string): Promise<MessageAccepted> => {
    const answer = await suite.api.postJson(
      '/messages',
      testMessage({ receiver, body, ttlSeconds: 3600 }),
    );
    expect(answer.status).toBe(202);
    return (await answer.json()) as MessageAccepted;
  };
  /** Runs `work` with a page of `username` open; resolves once the page is gone again. */
  const withPageOpen = async (username: string, work: (page: InboxClient) => Promise<void>) => {
    const page = await InboxClient.connect(suite.api.baseUrl, { username });
    try {
      await work(page);
    } finally {
      page.close();
    }
    await waitForConsumers(inboxQueueOf(username), 0);
  };
  /** Signs `username` in on a page, subscribes `devices`, and closes the page. */
  const subscribe = (username: string, ...devices: TestDevice[]) =>
    withPageOpen(username, async (page) => {
      for (const device of devices) {
        expect(await page.subscribePush(device.subscription)).toEqual({ ok: true });
      }
    });

  it('gives pages the public key to subscribe with', async () => {
    const answer = await fetch(`${suite.api.baseUrl}/push/public-key`);
    expect(answer.status).toBe(200);
    expect((await answer.json()) as PushPublicKey).toEqual({ publicKey: vapid.publicKey });
  });

  it('pushes an encrypted, VAPID-signed notification that lives as long as the message', async () => {
    const username = suite.newUser('push-closed');
    const device = push.service.newDevice();
    await subscribe(username, device);

    const body = 'Il tuo codice offerta è: ABC123. Affrettati, sarà valido per sole 24 ore!';
    const message = await send(username, body);
    const [received] = await push.service.waitForPushes(device, 1);

    expect(device.read(received)).toEqual({
      notification: {
        title: 'ACMESky',
        body,
        tag: 'prontogram-inbox',
        renotify: true,
        icon: '/favicon.svg',
        data: {
          onActionClick: {
            default: { operation: 'navigateLastFocusedOrOpen', url: `/sign-in?as=${username}` },
          },
        },
      },
    });
    const claims = await vapidClaims(received.headers, vapid.publicKey);
    expect(claims.aud).toBe(push.service.origin);
    expect(claims.sub).toBe(subject);
    expect(claims.exp * 1000).toBeGreaterThan(Date.now());
    expect(received.headers['content-encoding']).toBe('aes128gcm');
    expect(received.headers['topic']).toBe('prontogram-inbox');
    const lifeLeft = (Date.parse(message.expiresAt) - Date.now()) / 1000;
    expect(Number(received.headers['ttl'])).toBeLessThanOrEqual(3600);
    expect(Number(received.headers['ttl'])).toBeGreaterThan(lifeLeft - 30);
    // The push deletes nothing: the message waits in its queue for the page.
    expect(await storedIds(inboxQueueOf(username))).toEqual([message.id]);
  });

  it('sends no push while a page of the person is open', async () => {
    const username = suite.newUser('push-open');
    const device = push.service.newDevice();
    await subscribe(username, device);

    const skippedBefore = await pushesCounted(suite.api, 'page_open');
    await withPageOpen(username, async (page) => {
      const whileOpen = await send(username, 'seen on the page');
      await page.waitForMessages(1);
      expect(page.ids).toEqual([whileOpen.id]);
      // The server decides after its 202: the page stays open until it has.
      await waitFor(
        () => pushesCounted(suite.api, 'page_open'),
        (skipped) => skipped === skippedBefore + 1,
        { what: 'the server to find the page open' },
      );
    });
    await send(username, 'sent once the page closed');

    // The first push to the device is the second message's.
    const [received] = await push.service.waitForPushes(device, 1);
    expect(device.read(received).notification.body).toBe('sent once the page closed');
  });

  it('removes a subscription the push service answers 410 for, and keeps the others', async () => {
    const username = suite.newUser('push-gone');
    const gone = push.service.newDevice();
    const kept = push.service.newDevice();
    push.service.answers.set(gone.subscription.endpoint.split('/').pop() as string, 410);
    await subscribe(username, gone, kept);
    const goneBefore = await pushesCounted(suite.api, 'gone');

    await send(username, 'first');
    await push.service.waitForPushes(gone, 1);
    await push.service.waitForPushes(kept, 1);
    await waitFor(
      () => pushesCounted(suite.api, 'gone'),
      (count) => count === goneBefore + 1,
      { what: 'the 410 subscription removed' },
    );

    await send(username, 'second');
    await push.service.waitForPushes(kept, 2);
    expect(push.service.pushesTo(gone)).toHaveLength(1);
  });

  it('forgets a subscription its page unsubscribes, as signing out does', async () => {
    const username = suite.newUser('push-out');
    const signedOut = push.service.newDevice();
    const other = push.service.newDevice();
    await subscribe(username, signedOut, other);
    await withPageOpen(username, async (page) => {
      expect(await page.unsubscribePush(signedOut.subscription.endpoint)).toEqual({ ok: true });
    });

    await send(username, 'after signing out on one device');
    await push.service.waitForPushes(other, 1);
    expect(push.service.pushesTo(signedOut)).toEqual([]);
  });

  it('refuses a subscription to a host that is not an allowed push service, or malformed', async () => {
    const username = suite.newUser('push-refused');
    const page = await InboxClient.connect(suite.api.baseUrl, { username });
    try {
      const device = push.service.newDevice();
      const elsewhere = {
        ...device.subscription,
        endpoint: 'https://internal.example/admin/delete-everything',
      };
      expect(await page.subscribePush(elsewhere)).toEqual({
        ok: false,
        error: 'internal.example is not a push service this server uses',
      });
      const plainHttp = { ...device.subscription, endpoint: 'http://127.0.0.1/push/x' };
      expect((await page.subscribePush(plainHttp)).error).toMatch(/endpoint/);
      const noKeys = { endpoint: device.subscription.endpoint } as typeof elsewhere;
      expect((await page.subscribePush(noKeys)).error).toMatch(/keys/);
    } finally {
      page.close();
    }
  });

  it('keeps subscriptions across a restart (on disk without Redis)', async () => {
    const username = suite.newUser('push-restart');
    const device = push.service.newDevice();
    await subscribe(username, device);

    await suite.restartApi();
    await send(username, 'after the restart');

    const [received] = await push.service.waitForPushes(device, 1);
    expect(device.read(received).notification.body).toBe('after the restart');
  });
});

/**
 * Web Push with two instances sharing Redis: a subscription made on one is known to the
 * other, and a page open on either counts as open for both.
 */
describe('Web Push with two instances', () => {
  const push = pushServiceForSuite();
  // One push a person per hour, claimed in Redis by either instance.
  push.settings['PUSH_MIN_INTERVAL_SECONDS'] = '3600';
  const suite = startInstancesForSuite(2, { env: push.settings });

  const send = async (via: RunningApi, receiver: string, body: string) => {
    const answer = await via.postJson('/messages', testMessage({ receiver, body }));
    expect(answer.status).toBe(202);
  };
  it('pushes from B to a device subscribed on A, and not while a page is open on A', async () => {
    const username = uniqueUsername('push-two');
    const device = push.service.newDevice();
    const onA = await suite.page(suite.a, username);
    expect(await onA.subscribePush(device.subscription)).toEqual({ ok: true });
    // Kept in Redis for PUSH_SUBSCRIPTION_DAYS (90) from this hand-over, then forgotten.
    const hashed = createHash('sha256').update(username).digest('base64url');
    const ttl = Number(await redisCommand('TTL', `prontogram:push:${hashed}`));
    expect(ttl).toBeGreaterThan(89 * 86_400);
    expect(ttl).toBeLessThanOrEqual(90 * 86_400);

    // The page on A is open: B, which holds no page of theirs, finds it through Redis. The
    // page stays until B has decided, which it does after its 202.
    await send(suite.b, username, 'while a page is open on A');
    await onA.waitForMessages(1);
    await waitFor(
      () => pushesCounted(suite.b, 'page_open'),
      (skipped) => skipped === 1,
      { what: 'B to find the page open on A' },
    );
    onA.close();
    await waitForConsumers(inboxQueueOf(username), 0);

    await send(suite.b, username, 'once every page is closed');
    const [first] = await push.service.waitForPushes(device, 1);
    expect(device.read(first).notification.body).toBe('once every page is closed');
  });

  it('pushes once per PUSH_MIN_INTERVAL_SECONDS to a person, whichever instance accepts', async () => {
    const username = uniqueUsername('push-burst');
    const device = push.service.newDevice();
    const page = await suite.page(suite.a, username);
    expect(await page.subscribePush(device.subscription)).toEqual({ ok: true });
    page.close();
    await waitForConsumers(inboxQueueOf(username), 0);
    const coalescedBefore = await pushesCounted(suite.b, 'coalesced');

    await send(suite.a, username, 'the first offer');
    await push.service.waitForPushes(device, 1);
    await send(suite.b, username, 'a second offer, a moment later');
    await waitFor(
      () => pushesCounted(suite.b, 'coalesced'),
      (coalesced) => coalesced === coalescedBefore + 1,
      { what: 'B to find that A notified them already' },
    );
    const pushes = push.service.pushesTo(device).map((each) => device.read(each).notification);
    expect(pushes.map((notification) => notification.body)).toEqual(['the first offer']);
  });
});
