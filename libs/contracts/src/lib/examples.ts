import type { InboxMessage, MessageAccepted } from './message';

/**
 * ACMESky's offer to Mario, the one example message of the documentation: the OpenAPI
 * document shows it, and tests that need a well-formed message start from it.
 */
export const EXAMPLE_MESSAGE: Readonly<InboxMessage> = {
  id: '019ac8e4-5b8e-7a31-9d3c-2f4a6c1e8b90',
  sender: 'ACMESky',
  receiver: 'mario.rossi',
  body: 'Il tuo codice offerta è: ABC123.',
  sentAt: '2026-11-28T09:30:00.000Z',
  expiresAt: '2026-11-29T09:30:00.000Z',
};

/** The `202` answer that accepted `EXAMPLE_MESSAGE`. */
export const EXAMPLE_ACCEPTED: Readonly<MessageAccepted> = {
  id: EXAMPLE_MESSAGE.id,
  receiver: EXAMPLE_MESSAGE.receiver,
  sentAt: EXAMPLE_MESSAGE.sentAt,
  expiresAt: EXAMPLE_MESSAGE.expiresAt,
};
