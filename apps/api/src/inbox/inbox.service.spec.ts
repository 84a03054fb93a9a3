import { Logger } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import type { InboxMessage } from '@prontogram/contracts';
import type { InboxConsumers } from '../broker/inbox-consumers.service';
import type { InboxDelivery } from '../broker/inbox-delivery';
import type { DeliveryHandler, InboxSubscription } from '../broker/inbox-subscription';
import { Environment } from '../config/environment';
import { InboxService } from './inbox.service';
import type { InboxSession } from './inbox-session';

/** A delivery whose settlement is recorded instead of sent to a broker. */
class FakeDelivery {
  live = true;
  settledAs: 'ack' | 'requeue' | 'deadLetter' | undefined;
  readonly raw: { content: Buffer };

  constructor(content: object | string) {
    this.raw = {
      content: Buffer.from(typeof content === 'string' ? content : JSON.stringify(content)),
    };
  }

  ack = () => this.settle('ack');
  requeue = () => this.settle('requeue');
  deadLetter = () => this.settle('deadLetter');

  private settle(as: 'ack' | 'requeue' | 'deadLetter'): boolean {
    const wasLive = this.live;
    this.live = false;
    this.settledAs ??= as;
    return wasLive;
  }
}

class FakeSession implements InboxSession {
  readonly delivered: InboxMessage[][] = [];
  readonly viewedIds: string[] = [];
  readonly expiredIds: string[] = [];
  constructor(readonly id: string) {}
  deliver(messages: InboxMessage[]): void {
    this.delivered.push(messages);
  }
  viewed(ids: string[]): void {
    this.viewedIds.push(...ids);
  }
  expired(ids: string[]): void {
    this.expiredIds.push(...ids);
  }
  get ids(): string[] {
    return this.delivered.flat().map((message) => message.id);
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
  let handlers: Map<string, DeliveryHandler>;
  let unsubscribed: string[];
  const flush = () => new Promise((resolve) => setImmediate(resolve));
  const deliver = (username: string, content: object | string): FakeDelivery => {
    const delivery = new FakeDelivery(content);
    handlers.get(username)?.(delivery as unknown as InboxDelivery);
    return delivery;
  };

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    handlers = new Map();
    unsubscribed = [];
    const consumers = {
      subscribe: (username: string, onDelivery: DeliveryHandler) => {
        handlers.set(username, onDelivery);
        return { username } as InboxSubscription;
      },
      unsubscribe: async (subscription: InboxSubscription) => {
        handlers.delete(subscription.username);
        unsubscribed.push(subscription.username);
      },
    } as unknown as InboxConsumers;
    const config = {
      get: (key: keyof Environment) =>
        key === 'REPORT_TIMEOUT_SECONDS' ? REPORT_TIMEOUT_SECONDS : new Environment()[key],
    } as unknown as ConfigService<Environment, true>;
    service = new InboxService(consumers, config);
  });

  afterEach(async () => {
    jest.useRealTimers();
    await service.onModuleDestroy();
  });

  it('sends each message to every session of the user, batched per turn of the event loop', async () => {
    const phone = new FakeSession('phone');
    const laptop = new FakeSession('laptop');
    await service.join('mario', phone);
    await service.join('mario', laptop);

    const [first, second] = [message('mario'), message('mario')];
    deliver('mario', first);
    deliver('mario', second);
    await flush();

    expect(phone.delivered).toEqual([[first, second]]);
    expect(laptop.delivered).toEqual([[first, second]]);
  });

  it('acks only on a report, and tells the other sessions, not the reporter', async () => {
    const phone = new FakeSession('phone');
    const laptop = new FakeSession('laptop');
    await service.join('mario', phone);
    await service.join('mario', laptop);
    const shown = message('mario');
    const delivery = deliver('mario', shown);
    await flush();
    expect(delivery.settledAs).toBeUndefined();

    expect(service.displayed('mario', [shown.id, 'other'], 'phone')).toEqual({
      deleted: [shown.id],
      unknown: ['other'],
    });

    expect(delivery.settledAs).toBe('ack');
    expect(laptop.viewedIds).toEqual([shown.id]);
    expect(phone.viewedIds).toEqual([]);
    expect(service.displayed('mario', [shown.id], 'laptop')).toEqual({
      deleted: [],
      unknown: [shown.id],
    });
  });

  it("does not let one user's report settle another user's message", async () => {
    await service.join('mario', new FakeSession('m'));
    await service.join('luigi', new FakeSession('l'));
    const forMario = message('mario');
    const delivery = deliver('mario', forMario);

    expect(service.displayed('luigi', [forMario.id], 'l')).toEqual({
      deleted: [],
      unknown: [forMario.id],
    });
    expect(delivery.settledAs).toBeUndefined();
  });

  it('gives a session that joins later the messages still pending, in order', async () => {
    await service.join('mario', new FakeSession('first'));
    const pending = [message('mario'), message('mario')];
    pending.forEach((each) => deliver('mario', each));
    await flush();

    const late = new FakeSession('late');
    await service.join('mario', late);

    expect(late.delivered).toEqual([pending]);
  });

  it('drops a second live copy of a message already pending, without showing it twice', async () => {
    const session = new FakeSession('s');
    await service.join('mario', session);
    const original = message('mario');
    const first = deliver('mario', original);
    const copy = deliver('mario', original);
    await flush();

    expect(copy.settledAs).toBe('ack');
    expect(first.settledAs).toBeUndefined();
    expect(session.ids).toEqual([original.id]);
  });

  it('replaces a delivery voided by a reconnect with its redelivery', async () => {
    const session = new FakeSession('s');
    await service.join('mario', session);
    const original = message('mario');
    const voided = deliver('mario', original);
    voided.live = false;
    const redelivered = deliver('mario', original);
    await flush();

    expect(service.displayed('mario', [original.id], 's')).toEqual({
      deleted: [original.id],
      unknown: [],
    });
    expect(redelivered.settledAs).toBe('ack');
  });

  it('acks on arrival the redelivery of a message reported while its delivery was void', async () => {
    const phone = new FakeSession('phone');
    const laptop = new FakeSession('laptop');
    await service.join('mario', phone);
    await service.join('mario', laptop);
    const original = message('mario');
    deliver('mario', original).live = false;

    expect(service.displayed('mario', [original.id], 'phone')).toEqual({
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
    const phone = new FakeSession('phone');
    await service.join('mario', phone);
    const original = message('mario');
    deliver('mario', original);
    await flush();
    expect(service.displayed('mario', [original.id], 'phone').deleted).toEqual([original.id]);
    await service.leave('mario', 'phone');

    // A sender's retry with its Idempotency-Key put a second copy in the queue.
    const laptop = new FakeSession('laptop');
    await service.join('mario', laptop);
    const copy = deliver('mario', { ...original });
    await flush();

    expect(copy.settledAs).toBe('ack');
    expect(laptop.delivered.flat()).toEqual([]);
  });

  it('remembers displayed ids per user: the same id in another queue is shown', async () => {
    await service.join('mario', new FakeSession('phone'));
    const shown = message('mario');
    deliver('mario', shown);
    await flush();
    service.displayed('mario', [shown.id], 'phone');

    const luigi = new FakeSession('luigi-phone');
    await service.join('luigi', luigi);
    deliver('luigi', { ...shown, receiver: 'luigi' });
    await flush();

    expect(luigi.ids).toEqual([shown.id]);
  });

  it('gives a session that joins mid-batch each message once', async () => {
    await service.join('mario', new FakeSession('first'));
    const queued = message('mario');
    deliver('mario', queued);
    const joiner = new FakeSession('joiner');
    await service.join('mario', joiner);
    await flush();

    expect(joiner.ids).toEqual([queued.id]);
  });

  it('never shows an expired message and dead-letters it', async () => {
    const session = new FakeSession('s');
    await service.join('mario', session);
    const expired = deliver('mario', message('mario', -1));
    await flush();

    expect(expired.settledAs).toBe('deadLetter');
    expect(session.delivered).toEqual([]);
  });

  it.each([
    ['not JSON', 'not json at all'],
    ['for someone else', message('luigi')],
    ['without a body', { ...message('mario'), body: undefined }],
  ])('dead-letters a message that is %s', async (_what, content) => {
    const session = new FakeSession('s');
    await service.join('mario', session);
    const unreadable = deliver('mario', content);
    await flush();

    expect(unreadable.settledAs).toBe('deadLetter');
    expect(session.delivered).toEqual([]);
  });

  it('returns a message nobody reports in time to the queue', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    await service.join('mario', new FakeSession('s'));
    const delivery = deliver('mario', message('mario'));

    jest.advanceTimersByTime(REPORT_TIMEOUT_SECONDS * 1000 - 1);
    expect(delivery.settledAs).toBeUndefined();
    jest.advanceTimersByTime(1);

    expect(delivery.settledAs).toBe('requeue');
  });

  it('announces a message that expires on screen and dead-letters it', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const session = new FakeSession('s');
    await service.join('mario', session);
    const shortLived = message('mario', 5_000);
    const delivery = deliver('mario', shortLived);

    jest.advanceTimersByTime(5_000);

    expect(delivery.settledAs).toBe('deadLetter');
    expect(session.expiredIds).toEqual([shortLived.id]);
  });

  it('keeps the consumer while a session remains and stops it with the last one', async () => {
    await service.join('mario', new FakeSession('a'));
    await service.join('mario', new FakeSession('b'));

    await service.leave('mario', 'a');
    expect(unsubscribed).toEqual([]);
    await service.leave('mario', 'b');

    expect(unsubscribed).toEqual(['mario']);
    expect(service.activeUsers).toBe(0);
  });

  it('ignores a leave for a session it never saw', async () => {
    await service.join('mario', new FakeSession('a'));
    await service.leave('mario', 'unknown');
    await service.leave('nobody', 'a');

    expect(unsubscribed).toEqual([]);
  });
});
