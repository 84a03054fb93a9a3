import { InboxMessage, readInboxMessage } from './message';

const message: InboxMessage = {
  id: '019ac8e4-5b8e-7a31-9d3c-2f4a6c1e8b90',
  sender: 'ACMESky',
  receiver: 'mario.rossi',
  body: 'Il tuo codice offerta è: ABC123.',
  sentAt: '2026-11-28T09:30:00.000Z',
  expiresAt: '2026-11-29T09:30:00.000Z',
};

describe('readInboxMessage', () => {
  it('reads a message back as a copy holding only its own fields', () => {
    const read = readInboxMessage({ ...message, state: 'seen', extra: 1 });
    expect(read).toEqual(message);
    expect(readInboxMessage({ ...message, senderSendTime: '2026-11-28T09:29:00Z' })).toEqual({
      ...message,
      senderSendTime: '2026-11-28T09:29:00Z',
    });
  });

  it.each([
    ['nothing', null],
    ['a string', 'message'],
    ['a missing field', { ...message, body: undefined }],
    ['a field of another type', { ...message, id: 7 }],
    ['an expiry that is not a date', { ...message, expiresAt: 'tomorrow' }],
  ])('refuses %s', (_what, value) => {
    expect(readInboxMessage(value)).toBeNull();
  });

  it('drops a send time that is not text', () => {
    expect(readInboxMessage({ ...message, senderSendTime: 12 })).toEqual(message);
  });
});
