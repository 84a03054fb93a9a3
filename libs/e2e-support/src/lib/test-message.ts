import type { SendMessageDto } from '@prontogram/contracts';

/**
 * A valid message as a sending service POSTs it to `/messages`: ACMESky's offer to
 * `receiver`, with any other field given here instead. The one place the tests spell out a
 * message; a test that needs an invalid one spreads this and spoils the field it looks at.
 */
export function testMessage(
  fields: Pick<SendMessageDto, 'receiver'> & Partial<SendMessageDto>,
): SendMessageDto {
  return {
    sender: 'ACMESky',
    body: 'Il tuo codice offerta è: ABC123. Affrettati, sarà valido per sole 24 ore!',
    ...fields,
  };
}
