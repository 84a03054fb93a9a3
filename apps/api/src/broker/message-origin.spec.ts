import { RECEIPTS_WANTED_HEADER, SENDER_KEY_HEADER } from './inbox-topology';
import { MessageOrigin, originHeaders, readOrigin } from './message-origin';

describe('message origin headers', () => {
  it.each<MessageOrigin>([
    { senderKey: 'acmesky', receipts: true },
    { senderKey: 'acmesky', receipts: false },
    { senderKey: 'acmesky' },
    {},
  ])('carry %j there and back', (origin) => {
    expect(readOrigin(originHeaders(origin))).toEqual(origin);
  });

  it('carry nothing for a message sent without a key', () => {
    expect(originHeaders({ receipts: false })).toEqual({});
  });

  it('leave out what is malformed', () => {
    expect(readOrigin({ [SENDER_KEY_HEADER]: 42, [RECEIPTS_WANTED_HEADER]: 'yes' })).toEqual({});
    expect(readOrigin(undefined)).toEqual({});
  });
});
