import type { InboxMessage } from '@prontogram/contracts/wire';

let sequence = 0;

/**
 * A message to Mario as the server delivers it: ACMESky's, an hour to live, with any field
 * given here instead. Each call makes a new one, its id and sending time after the last's,
 * so that messages made in turn sort as if sent in turn.
 */
export function inboxMessage(fields: Partial<InboxMessage> = {}): InboxMessage {
  sequence += 1;
  return {
    id: `id-${String(sequence).padStart(4, '0')}`,
    sender: 'ACMESky',
    receiver: 'mario',
    body: `offer ${sequence}`,
    sentAt: new Date(Date.UTC(2026, 10, 28, 9, 0, sequence)).toISOString(),
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    ...fields,
  };
}
