import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { WebPushSubscription } from '@prontogram/contracts';
import { FilePushSubscriptionStore } from './push-subscription-store';

const device = (name: string): WebPushSubscription => ({
  endpoint: `https://fcm.googleapis.com/fcm/send/${name}`,
  keys: { p256dh: `p-${name}`, auth: `a-${name}` },
});
const endpoints = (subscriptions: WebPushSubscription[]) => subscriptions.map((s) => s.endpoint);

describe('FilePushSubscriptionStore', () => {
  let directory: string;
  let file: string;

  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'push-store-'));
    file = path.join(directory, 'data', 'subscriptions.json');
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('keeps several devices per person, in a file another process reads back', async () => {
    const store = new FilePushSubscriptionStore(file, 10, 90);
    await store.add('mario', device('phone'));
    await store.add('mario', device('laptop'));
    await store.add('mario', { ...device('phone'), keys: { p256dh: 'new', auth: 'new' } });

    const again = new FilePushSubscriptionStore(file, 10, 90);
    expect(endpoints(await again.list('mario'))).toEqual(
      endpoints([device('laptop'), device('phone')]),
    );
    expect((await again.list('mario'))[1].keys.p256dh).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('lets a device notify only the person who last subscribed it', async () => {
    const store = new FilePushSubscriptionStore(file, 10, 90);
    await store.add('mario', device('shared-laptop'));
    await store.add('luigi', device('shared-laptop'));

    expect(await store.list('mario')).toEqual([]);
    expect(endpoints(await store.list('luigi'))).toEqual(endpoints([device('shared-laptop')]));
  });

  it('forgets a device whose page has not handed it over for PUSH_SUBSCRIPTION_DAYS', async () => {
    const day = 86_400_000;
    const now = jest.spyOn(Date, 'now');
    try {
      now.mockReturnValue(0);
      const store = new FilePushSubscriptionStore(file, 10, 90);
      await store.add('mario', device('phone'));
      await store.add('mario', device('laptop'));
      await store.add('luigi', device('tablet'));
      now.mockReturnValue(80 * day);
      await store.add('mario', device('phone')); // A visit renews it.

      now.mockReturnValue(100 * day);
      expect(endpoints(await store.list('mario'))).toEqual(endpoints([device('phone')]));
      expect(await store.list('luigi')).toEqual([]);
      // The next change writes the file without them.
      await store.add('peach', device('desktop'));
      now.mockReturnValue(0);
      const again = new FilePushSubscriptionStore(file, 10, 90);
      expect(endpoints(await again.list('mario'))).toEqual(endpoints([device('phone')]));
      expect(await again.list('luigi')).toEqual([]);
    } finally {
      now.mockRestore();
    }
  });

  it('keeps the newest devices past the cap, and forgets one removed', async () => {
    const store = new FilePushSubscriptionStore(file, 2, 90);
    for (const name of ['a', 'b', 'c']) await store.add('mario', device(name));
    expect(endpoints(await store.list('mario'))).toEqual(endpoints([device('b'), device('c')]));

    expect(await store.remove('mario', device('b').endpoint)).toBe(true);
    expect(await store.remove('mario', device('b').endpoint)).toBe(false);
    expect(endpoints(await new FilePushSubscriptionStore(file, 2, 90).list('mario'))).toEqual(
      endpoints([device('c')]),
    );
  });
});
