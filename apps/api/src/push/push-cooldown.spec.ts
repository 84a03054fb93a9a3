import { PushCooldown } from './push-cooldown';

describe('PushCooldown (without Redis)', () => {
  // Not from 0: lru-cache takes an entry made at time 0 for one without a time.
  const start = 1_000_000;
  const clock = { time: start, now: () => clock.time };
  beforeEach(() => (clock.time = start));

  it('lets a steady stream push once per interval, not once and then never', async () => {
    const cooldown = new PushCooldown(30_000, undefined, clock);
    const pushedAt: number[] = [];
    for (let second = 0; second <= 200; second += 20) {
      clock.time = start + second * 1000;
      if (await cooldown.claim('mario')) pushedAt.push(second);
    }
    expect(pushedAt).toEqual([0, 40, 80, 120, 160, 200]);
  });

  it('keeps each person to their own interval', async () => {
    const cooldown = new PushCooldown(30_000, undefined, clock);
    expect(await cooldown.claim('mario')).toBe(true);
    expect(await cooldown.claim('luigi')).toBe(true);
    expect(await cooldown.claim('mario')).toBe(false);
  });

  it('pushes every message with an interval of 0', async () => {
    const cooldown = new PushCooldown(0, undefined, clock);
    expect(await cooldown.claim('mario')).toBe(true);
    expect(await cooldown.claim('mario')).toBe(true);
  });
});
