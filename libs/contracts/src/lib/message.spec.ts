import { EXAMPLE_MESSAGE } from './examples';
import { readInboxMessage } from './message';

const message = { ...EXAMPLE_MESSAGE };

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
