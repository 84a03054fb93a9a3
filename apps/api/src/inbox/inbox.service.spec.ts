import type { ConfigService } from '@nestjs/config';
import { Counter, Registry } from 'prom-client';
import type { InboxMessage } from '@prontogram/contracts';
import type { DeliveryHandler, InboxConsumer } from '../broker/inbox-consumer';
import type { InboxConsumers } from '../broker/inbox-consumers.service';
import type { InboxDelivery } from '../broker/inbox-delivery';
import { Environment } from '../config/environment';
import type { ReceiptsService } from '../receipts/receipts.service';
import type { InboxOutlet } from './inbox-outlet';
import type { MessageOrigin } from '../broker/message-origin';
import { InboxService } from './inbox.service';
import { Metrics } from '../metrics/metrics';

/** A delivery whose settlement is recorded instead of sent to a broker. */
class FakeDelivery {
  live = true;
  redelivered = false;
  requestId = 'request-1';
  origin: MessageOrigin = {};
  settledAs: 'ack' | 'requeue' | 'deadLetter' | undefined;

  constructor(
    private readonly log: string[] = [],
    private readonly id = '',
  ) {}

  ack = () => {
    this.log.push(`ack ${this.id}`);
    return this.settle('ack');
  };
  requeue = () => this.settle('requeue');
  deadLetter = () => this.settle('deadLetter');

  private settle(as: 'ack' | 'requeue' | 'deadLetter'): boolean {
    const wasLive = this.live;
    this.live = false;
    this.settledAs ??= as;
    return wasLive;
  }
}

/** A counter's value, as Prometheus would read it. */
async function count(counter: Counter): Promise<number> {
  return (await counter.get()).values.reduce((sum, { value }) => sum + value, 0);
}

/** One open page, as its socket would see what it is sent. */
class FakePage {
  readonly delivered: InboxMessage[][] = [];
  readonly viewedIds: string[] = [];
  readonly expiredIds: string[] = [];
  constructor(
    readonly id: string,
    readonly username: string,
  ) {}
  get ids(): string[] {
    return this.delivered.flat().map((message) => message.id);
  }
}

/** Socket.IO rooms in miniature: one per person, and each page reachable by its id. */
class FakeRooms implements InboxOutlet {
  private readonly pages = new Map<string, FakePage>();

  add(page: FakePage): FakePage {
    this.pages.set(page.id, page);
    return page;
  }
  remove(id: string): void {
    this.pages.delete(id);
  }
  pagesOf(username: string): FakePage[] {
    return [...this.pages.values()].filter((page) => page.username === username);
  }
  deliver(username: string, messages: InboxMessage[], sessionId?: string): void {
    const to = sessionId ? [this.pages.get(sessionId)] : this.pagesOf(username);
    to.forEach((page) => page?.delivered.push(messages));
  }
  viewed(username: string, ids: string[], exceptSessionId?: string): void {
    for (const page of this.pagesOf(username)) {
      if (page.id !== exceptSessionId) page.viewedIds.push(...ids);
    }
  }
  expired(username: string, ids: string[]): void {
    this.pagesOf(username).forEach((page) => page.expiredIds.push(...ids));
  }
}

const REPORT_TIMEOUT_SECONDS = 60;
let sequence = 0;

function message(receiver: string, lifetimeMs = 3_600_000): InboxMessage {
  sequence += 1;
  return {
    id: `id-${sequence}`,
    sender: 'ACMESky',
    receiver,
    body: `body ${sequence}`,
    sentAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + lifetimeMs).toISOString(),
  };
}

describe('InboxService', () => {
  let service: InboxService;
  let metrics: Metrics;
  let rooms: FakeRooms;
  let handlers: Map<string, DeliveryHandler>;
  let unsubscribed: string[];
  /** What happened, in order: receipts made and messages acked. */
  let events: string[];
  let receiptFails: boolean;
  const flush = () => new Promise((resolve) => setImmediate(resolve));
  const deliver = (username: string, content: InboxMessage): FakeDelivery => {
    const delivery = new FakeDelivery(events, content.id);
    handlers.get(username)?.(content, delivery as unknown as InboxDelivery);
    return delivery;
  };
  /** A page opens as the gateway opens it: in its person's room first, then the inbox. */
  const open = async (username: string, id: string): Promise<FakePage> => {
    const page = rooms.add(new FakePage(id, username));
    await service.open(username, id);
    return page;
  };
  /** A page closes as the gateway closes it: the last one of its person closes the inbox. */
  const close = async (username: string, id: string): Promise<void> => {
    rooms.remove(id);
    if (rooms.pagesOf(username).length === 0) await service.close(username);
  };

  beforeEach(() => {
    handlers = new Map();
    unsubscribed = [];
    const consumers = {
      subscribe: (username: string, onDelivery: DeliveryHandler) => {
        handlers.set(username, onDelivery);
        return { username } as InboxConsumer;
      },
      unsubscribe: async (consumer: InboxConsumer) => {
        handlers.delete(consumer.username);
        unsubscribed.push(consumer.username);
      },
    } as unknown as InboxConsumers;
    const config = {
      get: (key: keyof Environment) =>
        key === 'REPORT_TIMEOUT_SECONDS' ? REPORT_TIMEOUT_SECONDS : new Environment()[key],
    } as unknown as ConfigService<Environment, true>;
    metrics = new Metrics(new Registry());
    events = [];
    receiptFails = false;
    const receipts = {
      displayed: async ({ id }: InboxMessage, { senderKey, receipts }: MessageOrigin) => {
        if (!receipts) return;
        await flush();
        if (receiptFails) throw new Error('RabbitMQ is away');
        events.push(`receipt ${id} for ${senderKey}`);
      },
    } as unknown as ReceiptsService;
    service = new InboxService(consumers, metrics, receipts, config);
    rooms = new FakeRooms();
    service.attach(rooms);
  });

  afterEach(async () => {
    jest.useRealTimers();
    await service.onModuleDestroy();
  });

  it('sends each message to every page of the person, batched per turn of the event loop', async () => {
    const phone = await open('mario', 'phone');
    const laptop = await open('mario', 'laptop');

    const [first, second] = [message('mario'), message('mario')];
    deliver('mario', first);
    deliver('mario', second);
    await flush();

    expect(phone.delivered).toEqual([[first, second]]);
    expect(laptop.delivered).toEqual([[first, second]]);
  });

  it('acks only on a report, and tells the other pages, not the reporter', async () => {
    const phone = await open('mario', 'phone');
    const laptop = await open('mario', 'laptop');
    const shown = message('mario');
    const delivery = deliver('mario', shown);
    await flush();
    expect(delivery.settledAs).toBeUndefined();

    expect(await service.displayed('mario', [shown.id, 'other'], 'phone')).toEqual({
      deleted: [shown.id],
      unknown: ['other'],
    });

    expect(delivery.settledAs).toBe('ack');
    expect(laptop.viewedIds).toEqual([shown.id]);
    expect(phone.viewedIds).toEqual([]);
    expect(await count(metrics.delivered)).toBe(1);
    expect(await count(metrics.displayed)).toBe(1);
    expect(await service.displayed('mario', [shown.id], 'laptop')).toEqual({
      deleted: [],
      unknown: [shown.id],
    });
  });

  it('deletes a message whose sender wants receipts only once its receipt is durable', async () => {
    await open('mario', 'phone');
    const withReceipts = message('mario');
    const without = message('mario');
    deliver('mario', withReceipts).origin = { senderKey: 'acmesky', receipts: true };
    deliver('mario', without);
    await flush();

    expect(await service.displayed('mario', [withReceipts.id, without.id], 'phone')).toEqual({
      deleted: [withReceipts.id, without.id],
      unknown: [],
    });
    expect(events).toEqual([
      `receipt ${withReceipts.id} for acmesky`,
      `ack ${withReceipts.id}`,
      `ack ${without.id}`,
    ]);
  });

  it('keeps a message whose receipt cannot be made, and asks the page to report it later', async () => {
    await open('mario', 'phone');
    const shown = message('mario');
    const delivery = deliver('mario', shown);
    delivery.origin = { senderKey: 'acmesky', receipts: true };
    await flush();
    receiptFails = true;

    expect(await service.displayed('mario', [shown.id], 'phone')).toEqual({
      deleted: [],
      unknown: [shown.id],
      retryAfterSeconds: new Environment().RETRY_AFTER_SECONDS,
    });
    expect(delivery.settledAs).toBeUndefined();

    // The page reports it again, once the receipt can be made: now it is deleted.
    receiptFails = false;
    const { deleted } = await service.displayed('mario', [shown.id], 'phone');
    expect([deleted, delivery.settledAs]).toEqual([[shown.id], 'ack']);
  });

  it("does not let one user's report settle another user's message", async () => {
    await open('mario', 'm');
    await open('luigi', 'l');
    const forMario = message('mario');
    const delivery = deliver('mario', forMario);

    expect(await service.displayed('luigi', [forMario.id], 'l')).toEqual({
      deleted: [],
      unknown: [forMario.id],
    });
    expect(delivery.settledAs).toBeUndefined();
  });

  it('gives a page that opens later the messages still pending, in order', async () => {
    await open('mario', 'first');
    const pending = [message('mario'), message('mario')];
    pending.forEach((each) => deliver('mario', each));
    await flush();

    const late = await open('mario', 'late');

    expect(late.delivered).toEqual([pending]);
  });

  it('drops a second live copy of a message already pending, without showing it twice', async () => {
    const session = await open('mario', 's');
    const original = message('mario');
    const first = deliver('mario', original);
    const copy = deliver('mario', original);
    await flush();

    expect(copy.settledAs).toBe('ack');
    expect(first.settledAs).toBeUndefined();
    expect(session.ids).toEqual([original.id]);
  });

  it('replaces a delivery voided by a reconnect with its redelivery', async () => {
    await open('mario', 's');
    const original = message('mario');
    const voided = deliver('mario', original);
    voided.live = false;
    const redelivered = deliver('mario', original);
    await flush();

    expect(await service.displayed('mario', [original.id], 's')).toEqual({
      deleted: [original.id],
      unknown: [],
    });
    expect(redelivered.settledAs).toBe('ack');
  });

  it('acks on arrival the redelivery of a message reported while its delivery was void', async () => {
    await open('mario', 'phone');
    const laptop = await open('mario', 'laptop');
    const original = message('mario');
    deliver('mario', original).live = false;

    expect(await service.displayed('mario', [original.id], 'phone')).toEqual({
      deleted: [],
      unknown: [original.id],
    });
    const redelivered = deliver('mario', original);
    await flush();

    expect(redelivered.settledAs).toBe('ack');
    expect(laptop.viewedIds).toEqual([original.id]);
    expect(laptop.delivered.flat()).toEqual([original]);
  });

  it('acks unseen a copy of a displayed message that comes later, even after a new sign-in', async () => {
    await open('mario', 'phone');
    const original = message('mario');
    deliver('mario', original);
    await flush();
    expect((await service.displayed('mario', [original.id], 'phone')).deleted).toEqual([
      original.id,
    ]);
    await close('mario', 'phone');

    // A sender's retry with its Idempotency-Key put a second copy in the queue.
    const laptop = await open('mario', 'laptop');
    const copy = deliver('mario', { ...original });
    await flush();

    expect(copy.settledAs).toBe('ack');
    expect(laptop.delivered.flat()).toEqual([]);
  });

  it('remembers displayed ids per user: the same id in another queue is shown', async () => {
    await open('mario', 'phone');
    const shown = message('mario');
    deliver('mario', shown);
    await flush();
    await service.displayed('mario', [shown.id], 'phone');

    const luigi = await open('luigi', 'luigi-phone');
    deliver('luigi', { ...shown, receiver: 'luigi' });
    await flush();

    expect(luigi.ids).toEqual([shown.id]);
  });

  it('gives a page that opens mid-batch each message once', async () => {
    await open('mario', 'first');
    const queued = message('mario');
    deliver('mario', queued);
    const joiner = await open('mario', 'joiner');
    await flush();

    expect(joiner.ids).toEqual([queued.id]);
  });

  it('never shows an expired message and dead-letters it', async () => {
    const session = await open('mario', 's');
    const expired = deliver('mario', message('mario', -1));
    await flush();

    expect(expired.settledAs).toBe('deadLetter');
    expect(session.delivered).toEqual([]);
    expect(await count(metrics.expired)).toBe(1);
    expect(await count(metrics.delivered)).toBe(0);
  });

  it('returns a message nobody reports in time to the queue', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    await open('mario', 's');
    const delivery = deliver('mario', message('mario'));

    jest.advanceTimersByTime(REPORT_TIMEOUT_SECONDS * 1000 - 1);
    expect(delivery.settledAs).toBeUndefined();
    jest.advanceTimersByTime(1);

    expect(delivery.settledAs).toBe('requeue');
  });

  it('announces a message that expires on screen and dead-letters it', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const session = await open('mario', 's');
    const shortLived = message('mario', 5_000);
    const delivery = deliver('mario', shortLived);

    jest.advanceTimersByTime(5_000);

    expect(delivery.settledAs).toBe('deadLetter');
    expect(session.expiredIds).toEqual([shortLived.id]);
    expect(await count(metrics.expired)).toBe(1);
  });

  it('keeps the consumer while a page remains and stops it with the last one', async () => {
    await open('mario', 'a');
    await open('mario', 'b');

    await close('mario', 'a');
    expect(unsubscribed).toEqual([]);
    await close('mario', 'b');

    expect(unsubscribed).toEqual(['mario']);
  });

  it('ignores a close for a person it holds nothing for', async () => {
    await open('mario', 'a');
    await service.close('nobody');

    expect(unsubscribed).toEqual([]);
  });

  it('requeues what is pending when the last page here closes, after the consumer stops', async () => {
    await open('mario', 'a');
    const deliveries = [deliver('mario', message('mario')), deliver('mario', message('mario'))];
    await close('mario', 'a');

    expect(unsubscribed).toEqual(['mario']);
    expect(deliveries.map((delivery) => delivery.settledAs)).toEqual(['requeue', 'requeue']);
  });

  it('sends a page opened on another instance what this one holds, and only to that page', async () => {
    const here = await open('mario', 'here');
    const held = message('mario');
    deliver('mario', held);
    await flush();
    const elsewhere = rooms.add(new FakePage('elsewhere', 'mario'));

    service.replay('mario', 'elsewhere');

    expect(elsewhere.delivered).toEqual([[held]]);
    expect(here.delivered).toEqual([[held]]);
  });

  it('sends every page again what it holds after fan-out between instances was lost', async () => {
    const page = await open('mario', 'page');
    const held = message('mario');
    deliver('mario', held);
    await flush();

    service.replayAll();

    expect(page.delivered).toEqual([[held], [held]]);
  });
});
