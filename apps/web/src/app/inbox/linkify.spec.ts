import { linkify } from './linkify';

describe('linkify', () => {
  it('leaves a body without addresses as one text part', () => {
    expect(linkify('Il tuo codice offerta è: ABC123.')).toEqual([
      { text: 'Il tuo codice offerta è: ABC123.' },
    ]);
  });

  it('turns http and https addresses into links, without the closing punctuation', () => {
    expect(linkify('Book at https://acmesky.example/offer?id=1. Or http://x.example!')).toEqual([
      { text: 'Book at ' },
      { text: 'https://acmesky.example/offer?id=1', href: 'https://acmesky.example/offer?id=1' },
      { text: '. Or ' },
      { text: 'http://x.example', href: 'http://x.example' },
      { text: '!' },
    ]);
  });

  it('never makes a link of other schemes', () => {
    expect(linkify('javascript:alert(1) data:text/html,<b>x</b>')).toEqual([
      { text: 'javascript:alert(1) data:text/html,<b>x</b>' },
    ]);
  });

  it('stops an address at markup characters', () => {
    expect(linkify('<a href="https://evil.example">x</a>')).toEqual([
      { text: '<a href="' },
      { text: 'https://evil.example', href: 'https://evil.example' },
      { text: '">x</a>' },
    ]);
  });
});
