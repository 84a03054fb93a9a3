import {
  inboxQueueOf,
  queueCounts,
  RunningApi,
  testMessage,
  uniqueUsername,
  waitFor,
} from '@prontogram/e2e-support';
import { startInstancesForSuite } from '../scale/instances';
import { pushesCounted, pushServiceForSuite } from './push-service';

jest.setTimeout(60_000);

/**
 * Web Push with two instances sharing Redis: a subscription made on one is known to the
 * other, and a page open on either counts as open for both.
 */
describe('Web Push with two instances', () => {
  const push = pushServiceForSuite();
  const suite = startInstancesForSuite(2, { env: push.settings });

  const send = async (via: RunningApi, receiver: string, body: string) => {
    const answer = await via.postJson('/messages', testMessage({ receiver, body }));
    expect(answer.status).toBe(202);
  };
  const consumers = (username: string, count: number) =>
    waitFor(
      async () => (await queueCounts(inboxQueueOf(username)))?.consumers ?? 0,
      (found) => found === count,
      { what: `${count} consumer(s) of ${username}'s queue` },
    );

  it('pushes from B to a device subscribed on A, and not while a page is open on A', async () => {
    const username = uniqueUsername('push-two');
    const device = push.service.newDevice();
    const onA = await suite.page(suite.a, username);
    expect(await onA.subscribePush(device.subscription)).toEqual({ ok: true });

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
    await consumers(username, 0);

    await send(suite.b, username, 'once every page is closed');
    const [first] = await push.service.waitForPushes(device, 1);
    expect(device.read(first).notification.body).toBe('once every page is closed');
  });
});
