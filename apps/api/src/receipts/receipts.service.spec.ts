import { Registry } from 'prom-client';
import type { MessageOrigin } from '../broker/message-origin';
import type { ReceiptJob, ReceiptQueue } from '../broker/receipt-queue.service';
import { Metrics } from '../metrics/metrics';
import type { SenderKeys } from '../senders/sender-keys.service';
import { ReceiptsService } from './receipts.service';
import type { WebhookClient } from './webhook-client';

const MESSAGE = {
  id: '01931f5e-0000-7000-8000-000000000001',
  sender: 'ACMESky',
  receiver: 'mario',
  expiresAt: '2026-12-02T10:00:00.000Z',
};

describe('ReceiptsService', () => {
  let published: ReceiptJob[];
  let service: ReceiptsService;

  beforeEach(() => {
    published = [];
    const queue = {
      handle: () => undefined,
      publish: async (job: ReceiptJob) => void published.push(job),
    } as unknown as ReceiptQueue;
    // This instance's SENDER_KEYS: acmesky has a webhook, yourbank none.
    const keys = {
      webhookOf: (name: string | undefined) =>
        name === 'acmesky' ? { url: 'https://acmesky.example/receipts' } : undefined,
    } as unknown as SenderKeys;
    service = new ReceiptsService(queue, keys, {} as WebhookClient, new Metrics(new Registry()));
  });

  it('wants receipts, at acceptance, for a key with a webhook only', () => {
    expect(service.wanted('acmesky')).toBe(true);
    expect(service.wanted('yourbank')).toBe(false);
    expect(service.wanted(undefined)).toBe(false);
  });

  it.each<[string, MessageOrigin, boolean]>([
    [
      'wanted when accepted, though this instance knows no webhook',
      { senderKey: 'yourbank', receipts: true },
      true,
    ],
    [
      'not wanted when accepted, though this instance knows a webhook',
      { senderKey: 'acmesky', receipts: false },
      false,
    ],
    [
      'from before the headers said so: by this instance keys, with a webhook',
      { senderKey: 'acmesky' },
      true,
    ],
    [
      'from before the headers said so: by this instance keys, without',
      { senderKey: 'yourbank' },
      false,
    ],
    ['sent without a key', {}, false],
  ])('a message %s', async (_, origin, made) => {
    await service.displayed(MESSAGE, origin);
    await service.expired({
      message: { ...MESSAGE, body: 'x', sentAt: MESSAGE.expiresAt },
      origin,
      requestId: undefined,
    });
    await service.rejected(MESSAGE, origin, 'inbox-full');

    expect(published.map(({ receipt }) => receipt.id)).toEqual(
      made ? [`${MESSAGE.id}.displayed`, `${MESSAGE.id}.expired`, `${MESSAGE.id}.rejected`] : [],
    );
    for (const job of published) expect(job.senderKey).toBe(origin.senderKey);
  });

  it('dates an expired receipt at the message expiry', async () => {
    const message = { ...MESSAGE, body: 'x', sentAt: '2026-12-02T09:00:00.000Z' };
    await service.expired({
      message,
      origin: { senderKey: 'acmesky', receipts: true },
      requestId: undefined,
    });
    expect(published[0].receipt).toEqual({
      id: `${MESSAGE.id}.expired`,
      event: 'expired',
      messageId: MESSAGE.id,
      sender: 'ACMESky',
      receiver: 'mario',
      at: MESSAGE.expiresAt,
    });
  });
});
