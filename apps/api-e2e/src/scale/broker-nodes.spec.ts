import { once } from 'node:events';
import { createServer } from 'node:net';
import { RABBITMQ_URL, RunningApi, send, uniqueUsername } from '@prontogram/e2e-support';
import { InboxClient } from '../support/inbox-client';

/** A port on loopback where nothing listens: a broker node that is down. */
async function deadPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

describe('RABBITMQ_URL listing several broker nodes', () => {
  let api: RunningApi | undefined;

  afterAll(async () => {
    await api?.kill();
  });

  it('starts on the first node that answers, then accepts and delivers', async () => {
    const down = `amqp://guest:guest@127.0.0.1:${await deadPort()}`;
    api = await RunningApi.start({ RABBITMQ_URL: `${down},${RABBITMQ_URL}` });
    await api.waitUntilReady();

    const username = uniqueUsername('nodes');
    const page = await InboxClient.connect(api.baseUrl, { username });
    try {
      const accepted = await send(api, username, 'through the second node');
      await page.waitForMessages(1);
      expect(page.ids).toEqual([accepted.id]);
      expect(await page.report([accepted.id])).toEqual({ deleted: [accepted.id], unknown: [] });
    } finally {
      page.close();
    }
  });
});
