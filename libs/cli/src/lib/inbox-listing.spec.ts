import { EXAMPLE_MESSAGE } from '@prontogram/contracts/wire';
import { inboxListing } from './inbox-listing';

const message = { ...EXAMPLE_MESSAGE, body: 'Il tuo codice offerta è: ABC123.\nAffrettati!' };

describe('inboxListing', () => {
  it('gives each message a heading and its body indented, line by line', () => {
    expect(inboxListing('mario.rossi', [message])).toBe(
      [
        '1 message waits for mario.rossi (left in place, unread):',
        '',
        'from ACMESky | sent 2026-11-28T09:30:00.000Z | expires 2026-11-29T09:30:00.000Z | ' +
          'id 019ac8e4-5b8e-7a31-9d3c-2f4a6c1e8b90',
        '    Il tuo codice offerta è: ABC123.',
        '    Affrettati!',
        '',
      ].join('\n'),
    );
  });

  it('says when nothing waits', () => {
    expect(inboxListing('mario.rossi', [])).toBe('Nothing waits for mario.rossi.\n');
  });

  it('prints a sender or a body that holds escape sequences as text', () => {
    const listing = inboxListing('mario.rossi', [
      { ...message, sender: 'ACME\u001b[8m', body: 'line\r\u001b]0;title\u0007' },
    ]);
    for (const raw of ['\u001b', '\r', '\u0007']) expect(listing).not.toContain(raw);
    expect(listing).toContain('from ACME\\x1b[8m |');
    expect(listing).toContain('    line\\x0d\\x1b]0;title\\x07');
  });
});
