import type { ConfigService } from '@nestjs/config';
import type { InboxMessage, PushPayload, WebPushSubscription } from '@prontogram/contracts';
import { Registry } from 'prom-client';
import { sendNotification, WebPushError } from 'web-push';
import { Environment } from '../config/environment';
import type { InboxPresence } from '../inbox/inbox-presence';
import { Metrics } from '../metrics/metrics';
import { PushCooldown } from './push-cooldown';
import { PushNotifier } from './push-notifier.service';
import { PushSubscriptionStore } from './push-subscription-store';

jest.mock('web-push', () => ({
  ...jest.requireActual('web-push'),
  sendNotification: jest.fn(),
}));
const send = sendNotification as jest.MockedFunction<typeof sendNotification>;

class MemoryStore extends PushSubscriptionStore {
  readonly kept = new Map<string, WebPushSubscription[]>();
  async list(username: string) {
    return this.kept.get(username) ?? [];
  }
  async add(username: string, subscription: WebPushSubscription) {
    this.kept.set(username, [...(await this.list(username)), subscription]);
  }
  async remove(username: string, endpoint: string) {
    const before = await this.list(username);
    this.kept.set(
      username,
      before.filter((each) => each.endpoint !== endpoint),
    );
    return before.length !== this.kept.get(username)?.length;
  }
}

const subscription = (name: string): WebPushSubscription => ({
  endpoint: `https://fcm.googleapis.com/fcm/send/${name}`,
  keys: { p256dh: 'p', auth: 'a' },
});

const message = (body: string): InboxMessage => ({
  id: 'id-1',
  sender: 'ACMESky',
  receiver: 'mario',
  body,
  sentAt: new Date().toISOString(),
  expiresAt: new Date(Date.now() + 60_000).toISOString(),
});

function notifier(settings: Partial<Environment>, pagesOpen = 0) {
  const store = new MemoryStore(10, 90);
  const environment = Object.assign(new Environment(), {
    VAPID_PUBLIC_KEY: 'B'.repeat(87),
    VAPID_PRIVATE_KEY: 'k'.repeat(43),
    ...settings,
  });
  const config = {
    get: (key: keyof Environment) => environment[key],
  } as unknown as ConfigService<Environment, true>;
  const presence = { pagesOpen: async () => pagesOpen } as unknown as InboxPresence;
  const cooldown = new PushCooldown(environment.PUSH_MIN_INTERVAL_SECONDS * 1000, undefined);
  const metrics = new Metrics(new Registry());
  return { store, metrics, push: new PushNotifier(store, presence, cooldown, metrics, config) };
}

async function pushCount(metrics: Metrics, outcome: string): Promise<number> {
  const { values } = await metrics.pushes.get();
  return values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
}

const sentPayload = (): PushPayload => JSON.parse(send.mock.calls[0][1] as string) as PushPayload;

describe('PushNotifier', () => {
  beforeEach(() => send.mockReset().mockResolvedValue({ statusCode: 201, body: '', headers: {} }));

  it.each<[Environment['PUSH_PREVIEW'], string, string]>([
    ['text', 'ACMESky', 'Il tuo codice: ABC123. Affrettati!'],
    ['sender', 'ACMESky', 'New message'],
    ['none', 'ProntoGram', 'New message'],
  ])('with PUSH_PREVIEW=%s shows "%s" / "%s"', async (preview, title, body) => {
    const { store, push } = notifier({ PUSH_PREVIEW: preview });
    await store.add('mario', subscription('a'));
    await push.messageArrived(message('Il tuo codice:\n  ABC123. Affrettati!'));
    expect(sentPayload().notification).toMatchObject({ title, body });
  });

  it('cuts a long preview at 120 characters, whole characters', async () => {
    const { store, push } = notifier({});
    await store.add('mario', subscription('a'));
    await push.messageArrived(message('é'.repeat(300)));
    expect([...sentPayload().notification.body]).toHaveLength(120);
    expect(sentPayload().notification.body.endsWith('é…')).toBe(true);
  });

  it('pushes nothing while a page is open, and nothing when push is off', async () => {
    const open = notifier({}, 1);
    await open.store.add('mario', subscription('a'));
    await open.push.messageArrived(message('hi'));
    const off = notifier({ VAPID_PUBLIC_KEY: '', VAPID_PRIVATE_KEY: '' });
    await off.store.add('mario', subscription('a'));
    await off.push.messageArrived(message('hi'));
    expect(send).not.toHaveBeenCalled();
    expect(await off.push.subscribe('mario', subscription('b'))).toEqual({
      ok: false,
      error: 'notifications are off on this server',
    });
  });

  it('pushes once per PUSH_MIN_INTERVAL_SECONDS to a person, and counts the rest', async () => {
    const { store, metrics, push } = notifier({ PUSH_MIN_INTERVAL_SECONDS: 3600 });
    await store.add('mario', subscription('phone'));
    await store.add('mario', subscription('laptop'));
    await store.add('luigi', subscription('phone'));
    for (const body of ['first', 'second', 'third']) await push.messageArrived(message(body));
    await push.messageArrived({ ...message('for luigi'), receiver: 'luigi' });

    // The first message reaches both of mario's devices; luigi has an interval of his own.
    expect(send.mock.calls.map(([target]) => target.endpoint)).toEqual([
      subscription('phone').endpoint,
      subscription('laptop').endpoint,
      subscription('phone').endpoint,
    ]);
    expect(await pushCount(metrics, 'sent')).toBe(3);
    expect(await pushCount(metrics, 'coalesced')).toBe(4);
  });

  it('posts at most PUSH_CONCURRENCY pushes at once', async () => {
    const { store, push } = notifier({ PUSH_CONCURRENCY: 2 });
    for (const device of ['a', 'b', 'c', 'd', 'e']) await store.add('mario', subscription(device));
    let inFlight = 0;
    let most = 0;
    const answers: (() => void)[] = [];
    send.mockImplementation(() => {
      most = Math.max(most, ++inFlight);
      return new Promise((resolve) =>
        answers.push(() => {
          inFlight--;
          resolve({ statusCode: 201, body: '', headers: {} });
        }),
      );
    });
    const arrived = push.messageArrived(message('hi'));
    while (send.mock.calls.length < 5) {
      await new Promise((resolve) => setImmediate(resolve));
      answers.shift()?.();
    }
    answers.forEach((answer) => answer());
    await arrived;
    expect(most).toBe(2);
  });

  it('removes a subscription answered 404, keeps one that failed otherwise', async () => {
    const { store, push } = notifier({});
    await store.add('mario', subscription('gone'));
    await store.add('mario', subscription('flaky'));
    send.mockImplementation(async (target) => {
      const gone = target.endpoint.endsWith('gone');
      throw new WebPushError('refused', gone ? 404 : 500, {}, '', target.endpoint);
    });
    await push.messageArrived(message('hi'));
    expect((await store.list('mario')).map((each) => each.endpoint)).toEqual([
      subscription('flaky').endpoint,
    ]);
  });

  it('takes subscriptions on the allowed push services only, subdomains by *.', async () => {
    const { push } = notifier({ PUSH_SERVICE_HOSTS: 'fcm.googleapis.com,*.push.apple.com' });
    const at = (endpoint: string) => ({ ...subscription('x'), endpoint });
    expect(await push.subscribe('mario', at('https://web.push.apple.com/x'))).toEqual({ ok: true });
    expect(await push.subscribe('mario', at('https://fcm.googleapis.com/x'))).toEqual({ ok: true });
    for (const elsewhere of [
      'https://push.apple.com.evil.example/x',
      'https://evilpush.apple.com/x',
    ]) {
      expect((await push.subscribe('mario', at(elsewhere))).ok).toBe(false);
    }
  });
});
