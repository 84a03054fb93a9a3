import { FixedWindowStorage } from './fixed-window-storage';

describe('FixedWindowStorage', () => {
  let now: number;
  let storage: FixedWindowStorage;
  const hit = (key = 'key:acmesky', limit = 2, ttl = 1000, block = 1000) =>
    storage.increment(key, ttl, limit, block, 'key');

  beforeEach(() => {
    now = 1_000_000;
    storage = new FixedWindowStorage(() => now);
  });

  afterEach(() => storage.close());

  it('lets the limit through in a window, blocks the next, saying for how long', async () => {
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false, timeToBlockExpire: 0 });
    expect(await hit()).toMatchObject({ totalHits: 2, isBlocked: false });
    now += 300;
    expect(await hit()).toEqual({
      totalHits: 3,
      timeToExpire: 1,
      isBlocked: true,
      timeToBlockExpire: 1,
    });
  });

  it('counts each key and each throttler apart', async () => {
    await hit();
    await hit();
    expect((await hit('key:other')).isBlocked).toBe(false);
    expect((await storage.increment('key:acmesky', 1000, 2, 1000, 'ip')).isBlocked).toBe(false);
  });

  it('starts a new window once the old one ended', async () => {
    await hit();
    await hit();
    now += 1000;
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('stays blocked for the block duration, even past the window, then starts afresh', async () => {
    await hit(undefined, 1, 1000, 5000);
    expect((await hit(undefined, 1, 1000, 5000)).isBlocked).toBe(true);
    now += 2000;
    expect(await hit(undefined, 1, 1000, 5000)).toMatchObject({
      isBlocked: true,
      timeToBlockExpire: 3,
    });
    now += 3000;
    expect(await hit(undefined, 1, 1000, 5000)).toMatchObject({ totalHits: 1, isBlocked: false });
  });
});
