import type { Channel, ConsumeMessage } from 'amqplib';
import { InboxDelivery } from './inbox-delivery';

function fakeChannel(): Channel & { ack: jest.Mock; nack: jest.Mock } {
  return { ack: jest.fn(), nack: jest.fn() } as unknown as Channel & {
    ack: jest.Mock;
    nack: jest.Mock;
  };
}

describe('InboxDelivery', () => {
  const raw = { content: Buffer.from('{}') } as ConsumeMessage;

  it('settles at most once: a second ack never reaches the channel', () => {
    const channel = fakeChannel();
    const delivery = new InboxDelivery(raw, channel, { channel });

    expect(delivery.ack()).toBe(true);
    expect(delivery.ack()).toBe(false);
    expect(delivery.requeue()).toBe(false);

    expect(channel.ack).toHaveBeenCalledTimes(1);
    expect(channel.nack).not.toHaveBeenCalled();
    expect(delivery.live).toBe(false);
  });

  it('does nothing on a channel that is no longer the current one', () => {
    const old = fakeChannel();
    const source: { channel: Channel | undefined } = { channel: old };
    const delivery = new InboxDelivery(raw, old, source);

    source.channel = fakeChannel();

    expect(delivery.live).toBe(false);
    expect(delivery.ack()).toBe(false);
    expect(old.ack).not.toHaveBeenCalled();
  });

  it('requeues and dead-letters with nack', () => {
    const channel = fakeChannel();
    new InboxDelivery(raw, channel, { channel }).requeue();
    new InboxDelivery(raw, channel, { channel }).deadLetter();

    expect(channel.nack.mock.calls).toEqual([
      [raw, false, true],
      [raw, false, false],
    ]);
  });
});
