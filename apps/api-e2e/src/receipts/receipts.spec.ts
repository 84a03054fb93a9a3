import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { MessageAccepted, Receipt } from '@prontogram/contracts';
import { verifyReceipt } from '@prontogram/sdk';
import {
  inboxQueueOf,
  RunningApi,
  testMessage,
  waitFor,
  waitUntilEmpty,
} from '@prontogram/e2e-support';
import { startApiForSuite } from '../support/api-suite';
import { InboxClient } from '../support/inbox-client';
import { senderKey, senderKeysSetting, TestSenderKey } from '../security/sender-keys';
import { verifiedAsTheReadmeShows, WebhookReceiver } from './webhook-receiver';

jest.setTimeout(90_000);

const run = promisify(execFile);
const RECEIPTS_SCRIPT = path.resolve(__dirname, '../../../../scripts/receipts.mjs');

/** An instance's count of receipts made durable for `event`, from its /metrics. */
async function recorded(api: { baseUrl: string }, event: string): Promise<number> {
  const metrics = await (await fetch(`${api.baseUrl}/metrics`)).text();
  const line = new RegExp(`^prontogram_receipts_recorded_total\\{event="${event}"\\} (\\d+)`, 'm');
  return Number(line.exec(metrics)?.[1] ?? NaN);
}

/**
 * A suite's API whose sender key `acmesky` has a webhook on loopback, and `yourbank` none.
 * The receiver starts first: the API's SENDER_KEYS name its URL.
 */
function receiptsSuite(env: Record<string, string>, retryDelays: string[]) {
  const settings: Record<string, string> = { ...env, RECEIPT_RETRY_DELAYS: retryDelays.join() };
  const keys: { acmeSky?: TestSenderKey; yourBank?: TestSenderKey; receiver?: WebhookReceiver } =
    {};
  beforeAll(async () => {
    keys.receiver = await WebhookReceiver.start();
    keys.acmeSky = senderKey('acmesky', ['ACMESky'], keys.receiver.url);
    keys.yourBank = senderKey('yourbank', ['YourBank']);
    settings['SENDER_KEYS'] = senderKeysSetting([keys.acmeSky, keys.yourBank]);
  });
  afterAll(() => keys.receiver?.stop());
  const suite = startApiForSuite({
    env: settings,
    brokerProbe: true,
    // The retry queues of this suite's waits: other runs use other waits.
    queuesToDelete: () => retryDelays.map((delay) => `prontogram.receipts.retry.${delay}`),
  });

  /** Sends as ACMESky (with receipts) or YourBank (without); the 202's message, or the answer. */
  const send = async (from: 'acmesky' | 'yourbank', receiver: string, fields = {}) => {
    const key = from === 'acmesky' ? keys.acmeSky : keys.yourBank;
    const sender = from === 'acmesky' ? 'ACMESky' : 'YourBank';
    return suite.api.postJson(
      '/messages',
      testMessage({ sender, receiver, ...fields }),
      key?.header ?? {},
    );
  };
  const accepted = async (response: Response): Promise<MessageAccepted> => {
    expect(response.status).toBe(202);
    return (await response.json()) as MessageAccepted;
  };
  /** A page of `username` that displays (reports) everything it gets. */
  const reader = async (username: string, api: { baseUrl: string } = suite.api) => {
    const page = await InboxClient.connect(api.baseUrl, { username });
    page.onMessages((messages) => void page.report(messages.map((message) => message.id)));
    return page;
  };
  /**
   * A second instance whose SENDER_KEYS drifted: the same keys, none with a webhook. Its
   * other settings (the retry queues' waits) are the suite's.
   */
  const startWithoutWebhooks = async () => {
    const keysHere = [keys.acmeSky, keys.yourBank].map((key) => ({
      ...(key as TestSenderKey),
      webhook: undefined,
    }));
    const api = await RunningApi.start({ ...settings, SENDER_KEYS: senderKeysSetting(keysHere) });
    await api.waitUntilReady();
    return api;
  };
  return {
    suite,
    send,
    accepted,
    reader,
    startWithoutWebhooks,
    get receiver(): WebhookReceiver {
      return keys.receiver as WebhookReceiver;
    },
    get secret(): string {
      return keys.acmeSky?.webhook?.secret as string;
    },
  };
}

describe('receipts for senders', () => {
  const receipts = receiptsSuite({ INBOX_MAX_MESSAGES: '2' }, ['300ms', '1000ms']);
  const { suite, send, accepted, reader } = receipts;

  /** Checks each receipt's signature both ways: as the README shows, and with the SDK. */
  const expectSigned = (receipt: Receipt) => {
    const requests = receipts.receiver.requests.filter(
      (request) => request.headers['webhook-id'] === receipt.id,
    );
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) {
      expect(verifiedAsTheReadmeShows(request, receipts.secret)).toBe(true);
      expect(verifyReceipt(request.body, request.headers, receipts.secret)).toEqual(
        JSON.parse(request.body),
      );
      expect(request.headers['content-type']).toBe('application/json');
    }
  };

  it('describes the webhook in the OpenAPI document, with its signature headers', async () => {
    const document = (await (await fetch(`${suite.api.baseUrl}/api-json`)).json()) as {
      openapi: string;
      webhooks: Record<
        string,
        Record<
          string,
          {
            parameters: { name: string; in: string }[];
            requestBody: { content: Record<string, { schema: { $ref: string } }> };
          }
        >
      >;
      components: { schemas: Record<string, { required: string[] }> };
    };
    expect(document.openapi).toMatch(/^3\.1\./);
    const post = document.webhooks['receipt']['post'];
    expect(post.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/ReceiptDto',
    );
    expect(post.parameters.map((parameter) => `${parameter.in} ${parameter.name}`)).toEqual([
      'header webhook-id',
      'header webhook-timestamp',
      'header webhook-signature',
    ]);
    expect(document.components.schemas['ReceiptDto'].required).toEqual(
      expect.arrayContaining(['id', 'event', 'messageId', 'sender', 'receiver', 'at']),
    );
  });

  it('tells the webhook "displayed" once a page reports a message, signed', async () => {
    const username = suite.newUser('receipts-shown');
    const page = await reader(username);
    try {
      const message = await accepted(await send('acmesky', username));
      const [receipt] = (
        await receipts.receiver.waitForReceipts([{ messageId: message.id, event: 'displayed' }])
      ).filter((got) => got.messageId === message.id);
      expect(receipt).toEqual({
        id: `${message.id}.displayed`,
        event: 'displayed',
        messageId: message.id,
        sender: 'ACMESky',
        receiver: username,
        at: expect.any(String),
      });
      expect(Date.parse(receipt.at)).toBeGreaterThanOrEqual(Date.parse(message.sentAt));
      expectSigned(receipt);
    } finally {
      page.close();
    }
  });

  it('tells it "expired" for a 1-second message nobody saw', async () => {
    const username = suite.newUser('receipts-unseen');
    const message = await accepted(await send('acmesky', username, { ttlSeconds: 1 }));
    const receipt = (
      await receipts.receiver.waitForReceipts([{ messageId: message.id, event: 'expired' }])
    ).find((got) => got.messageId === message.id) as Receipt;
    expect(receipt).toMatchObject({ event: 'expired', receiver: username, sender: 'ACMESky' });
    expect(receipt.at).toBe(message.expiresAt);
    expectSigned(receipt);
  });

  it('tells it "rejected" when the inbox was full, and the sender got 409', async () => {
    const username = suite.newUser('receipts-full');
    await accepted(await send('acmesky', username));
    await accepted(await send('acmesky', username));
    const refused = await send('acmesky', username);
    expect(refused.status).toBe(409);
    const receipt = await waitFor(
      async () =>
        receipts.receiver.accepted.find(
          (got) => got.receiver === username && got.event === 'rejected',
        ),
      (found) => found !== undefined,
      { what: 'a rejected receipt' },
    );
    expect(receipt).toMatchObject({ sender: 'ACMESky', reason: 'inbox-full' });
    expectSigned(receipt as Receipt);
  });

  it('makes the receipts a message was accepted with, on an instance that lacks the webhook', async () => {
    const username = suite.newUser('receipts-drift');
    const drifted = await receipts.startWithoutWebhooks();
    // The page is on the drifted instance, which displays the message and so makes its receipt.
    const page = await reader(username, drifted);
    try {
      const message = await accepted(await send('acmesky', username));
      const [receipt] = (
        await receipts.receiver.waitForReceipts([{ messageId: message.id, event: 'displayed' }])
      ).filter((got) => got.messageId === message.id);
      expect(receipt).toMatchObject({ event: 'displayed', sender: 'ACMESky', receiver: username });
      await waitUntilEmpty(inboxQueueOf(username));
    } finally {
      page.close();
      await drifted.stop();
    }
  });

  it('loses no receipt whose retry queue was deleted behind the API', async () => {
    const username = suite.newUser('receipts-requeue');
    await suite.broker.deleteQueue('prontogram.receipts.retry.300ms');
    receipts.receiver.status = 500;
    const page = await reader(username);
    try {
      const message = await accepted(await send('acmesky', username));
      // The first failure's copy to the missing queue comes back: the API declares the
      // queues again and tries once more, and again, until the webhook works.
      await waitFor(
        async () => receipts.receiver.requests.filter((got) => got.body.includes(message.id)),
        (tries) => tries.length >= 2,
        { what: 'the receipt tried again after its retry queue was gone' },
      );
      receipts.receiver.status = 200;
      await receipts.receiver.waitForReceipts([{ messageId: message.id, event: 'displayed' }]);
    } finally {
      receipts.receiver.status = 200;
      page.close();
    }
  });

  it('sends none for a key without a webhook', async () => {
    const username = suite.newUser('receipts-none');
    const page = await reader(username);
    try {
      const recordedBefore = await recorded(suite.api, 'displayed');
      const quiet = await accepted(await send('yourbank', username));
      const loud = await accepted(await send('acmesky', username));
      await receipts.receiver.waitForReceipts([{ messageId: loud.id, event: 'displayed' }]);
      await page.waitForMessages(2);
      // Both deleted, so both past the point where a receipt is made: one was.
      await waitUntilEmpty(inboxQueueOf(username));
      expect(await recorded(suite.api, 'displayed')).toBe(recordedBefore + 1);
      expect(receipts.receiver.requests.map((request) => request.body)).not.toEqual(
        expect.arrayContaining([expect.stringContaining(quiet.id)]),
      );
    } finally {
      page.close();
    }
  });

  it('keeps receipts while the webhook is down and across an API restart, and loses none', async () => {
    const username = suite.newUser('receipts-down');
    await receipts.receiver.goAway();
    const page = await reader(username);
    const ids: string[] = [];
    try {
      for (let i = 0; i < 2; i++) ids.push((await accepted(await send('acmesky', username))).id);
      await page.waitForMessages(2);
      // Displayed, and so deleted: only RabbitMQ's receipt queues hold what happened.
      await waitUntilEmpty(inboxQueueOf(username));
    } finally {
      page.close();
    }
    await suite.restartApi();
    await receipts.receiver.comeBack();

    const wanted = ids.map((messageId) => ({ messageId, event: 'displayed' as const }));
    const got = (await receipts.receiver.waitForReceipts(wanted)).filter((receipt) =>
      ids.includes(receipt.messageId),
    );
    // Each at least once; any second copy has the same id, for the sender to drop.
    expect(new Set(got.map((receipt) => receipt.id))).toEqual(
      new Set(ids.map((id) => `${id}.displayed`)),
    );
  });
});

describe('parked receipts', () => {
  const receipts = receiptsSuite({ RECEIPT_RETRY_FOR_SECONDS: '1' }, ['200ms']);
  const { suite, send, accepted, reader } = receipts;

  it('are parked for an operator once tried long enough, listed and replayed by the script', async () => {
    const username = suite.newUser('receipts-parked');
    receipts.receiver.status = 500;
    const page = await reader(username);
    let message: MessageAccepted;
    try {
      message = await accepted(await send('acmesky', username));
      const sent = message;
      // The parked queue may hold others' receipts: this one's id is what is waited for.
      await waitFor(
        async () => (await run(process.execPath, [RECEIPTS_SCRIPT, 'list'])).stdout,
        (listed) => listed.includes(`${sent.id}.displayed`),
        { what: 'the receipt parked' },
      );
    } finally {
      page.close();
    }
    const tries = receipts.receiver.requests.filter((request) => request.body.includes(message.id));
    expect(tries.length).toBeGreaterThan(1);

    const listed = await run(process.execPath, [RECEIPTS_SCRIPT, 'list']);
    const line = listed.stdout.split('\n').find((each) => each.startsWith(`${message.id}.`));
    expect(line).toMatch(/key acmesky {2}\d+ tries .*the webhook answered 500$/);

    receipts.receiver.status = 200;
    await run(process.execPath, [RECEIPTS_SCRIPT, 'replay']);
    await receipts.receiver.waitForReceipts([{ messageId: message.id, event: 'displayed' }]);

    const metrics = await (await fetch(`${suite.api.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^prontogram_receipts_parked_total [1-9]/m);
  });
});
