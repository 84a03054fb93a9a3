import { inboxQueueOf, send, waitFor } from '@prontogram/e2e-support';
import { startApiForSuite } from '../support/api-suite';
import { InboxClient } from '../support/inbox-client';

describe('a message nobody reports in time', () => {
  const suite = startApiForSuite({
    // Both users share one consumer channel, so a timeout must not disturb the other.
    env: { REPORT_TIMEOUT_SECONDS: '1', INBOX_CONSUMERS_PER_CHANNEL: '10' },
    brokerProbe: true,
  });
  const stuck = suite.newUser('stuck');
  const neighbour = suite.newUser('neighbour');

  it('goes back to the queue and is delivered again, without disturbing other users', async () => {
    const stuckPage = await InboxClient.connect(suite.api.baseUrl, { username: stuck });
    const neighbourPage = await InboxClient.connect(suite.api.baseUrl, { username: neighbour });
    try {
      const unreported = await send(suite.api, stuck, 'never reported');
      await stuckPage.waitForDelivery(unreported.id, 1);

      await stuckPage.waitForDelivery(unreported.id, 3, 10_000);

      // Meanwhile the neighbour on the same channel is served and deletes as usual.
      const forNeighbour = await send(suite.api, neighbour, 'business as usual');
      await neighbourPage.waitForDelivery(forNeighbour.id);
      expect(await neighbourPage.report([forNeighbour.id])).toEqual({
        deleted: [forNeighbour.id],
        unknown: [],
      });
      expect(await suite.broker.queueStatus(inboxQueueOf(neighbour))).toEqual({
        messageCount: 0,
        consumerCount: 1,
      });

      // The redelivered message can still be reported and deleted.
      await stuckPage.waitForDelivery(unreported.id, 4, 10_000);
      const answer = await stuckPage.report([unreported.id]);
      expect(answer.deleted.length + answer.unknown.length).toBe(1);
      if (answer.unknown.length > 0) {
        // The report raced a timeout: the message came back once more; report that one.
        const deliveries = stuckPage.received.length;
        await stuckPage.waitForDelivery(unreported.id, deliveries + 1, 10_000);
        expect(await stuckPage.report([unreported.id])).toEqual({
          deleted: [unreported.id],
          unknown: [],
        });
      }
      await waitFor(
        () => suite.broker.queueStatus(inboxQueueOf(stuck)),
        (status) => status?.messageCount === 0,
        {
          what: 'the reported message to be gone',
        },
      );
    } finally {
      stuckPage.close();
      neighbourPage.close();
    }
  });
});
