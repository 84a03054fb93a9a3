import {
  BadRequestException,
  ConflictException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import type { InboxMessage, SendMessageDto } from '@prontogram/contracts';
import { Environment } from '../config/environment';
import { MemoryIdempotencyStore } from './idempotency-store';
import { IdempotentRequests } from './idempotent-requests';

/** A running request holds its key for twice the confirm timeout. */
const LEASE_MS = 10_000;

const config = {
  get: (key: keyof Environment) =>
    key === 'PUBLISH_CONFIRM_TIMEOUT_MS' ? LEASE_MS / 2 : new Environment()[key],
} as unknown as ConfigService<Environment, true>;

let made = 0;
const create = (request: SendMessageDto) => (): InboxMessage => ({
  id: `id-${++made}`,
  sender: request.sender,
  receiver: request.receiver.toLowerCase(),
  body: request.body,
  sentAt: new Date().toISOString(),
  expiresAt: new Date(Date.now() + 60_000).toISOString(),
});
const offer = (overrides: Partial<SendMessageDto> = {}): SendMessageDto => ({
  sender: 'ACMESky',
  receiver: 'mario.rossi',
  body: 'offer ABC123',
  ...overrides,
});

describe('IdempotentRequests', () => {
  let requests: IdempotentRequests;
  const publish = jest.fn(async (_message: InboxMessage): Promise<unknown> => undefined);
  const send = (key: string, request = offer()) =>
    requests.run(request.sender, key, request, create(request), publish);

  beforeEach(() => {
    requests = new IdempotentRequests(new MemoryIdempotencyStore(100), config);
    publish.mockClear();
  });

  it('answers a repeated request with the first message and publishes it once', async () => {
    const first = await send('k-1');
    const again = await send('"k-1"'); // The structured-field form of the same key.

    expect(again).toEqual(first);
    expect(publish).toHaveBeenCalledTimes(1);
  });

  it('takes the receiver case-insensitively, as the API does', async () => {
    const first = await send('k-2');
    expect(await send('k-2', offer({ receiver: 'Mario.Rossi' }))).toEqual(first);
  });

  it('refuses the key with another request (422), and a key in use (409)', async () => {
    await send('k-3');
    await expect(send('k-3', offer({ body: 'another offer' }))).rejects.toBeInstanceOf(
      UnprocessableEntityException,
    );

    let finish!: () => void;
    publish.mockImplementationOnce(
      () => new Promise<undefined>((resolve) => (finish = () => resolve(undefined))),
    );
    const running = send('k-4');
    await expect(send('k-4')).rejects.toBeInstanceOf(ConflictException);
    finish();
    await running;
  });

  it('publishes the same message again when the first attempt failed', async () => {
    publish.mockRejectedValueOnce(new Error('no confirm'));
    await expect(send('k-5')).rejects.toThrow('no confirm');
    const retried = await send('k-5');

    expect(publish).toHaveBeenCalledTimes(2);
    expect(publish.mock.calls[1]).toEqual(publish.mock.calls[0]);
    expect(await send('k-5')).toEqual(retried);
  });

  it('lets a retry take over a key whose request never finished, once its lease ended', async () => {
    jest.useFakeTimers({ now: Date.now() });
    try {
      // The instance running the first request died: its publish never settles.
      publish.mockImplementationOnce(() => new Promise(() => undefined));
      void send('k-7');
      await jest.advanceTimersByTimeAsync(0);
      await expect(send('k-7')).rejects.toBeInstanceOf(ConflictException);

      jest.setSystemTime(Date.now() + LEASE_MS + 1);
      const retried = await send('k-7');

      expect(publish).toHaveBeenCalledTimes(2);
      expect(publish.mock.calls[1][0]).toEqual(retried); // The same message, the same id.
    } finally {
      jest.useRealTimers();
    }
  });

  it('lets only one of two requests that read a free key at once publish', async () => {
    const [first, second] = await Promise.allSettled([send('k-8'), send('k-8')]);

    expect([first.status, second.status].sort()).toEqual(['fulfilled', 'rejected']);
    expect(publish).toHaveBeenCalledTimes(1);
  });

  it('scopes keys by sender', async () => {
    const acme = await send('k-6');
    const bank = await send('k-6', offer({ sender: 'YourBank' }));
    expect(bank.id).not.toBe(acme.id);
  });

  it.each(['', '""', 'x'.repeat(256), 'with space', 'caffè'])(
    'refuses the malformed key %j with 400',
    async (key) => {
      await expect(send(key)).rejects.toBeInstanceOf(BadRequestException);
      expect(publish).not.toHaveBeenCalled();
    },
  );
});
