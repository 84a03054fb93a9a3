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

  it('keeps the closing parenthesis of an address with balanced parentheses', () => {
    const address = 'https://en.wikipedia.org/wiki/Bracket_(disambiguation)';
    expect(linkify(`See ${address}.`)).toEqual([
      { text: 'See ' },
      { text: address, href: address },
      { text: '.' },
    ]);
  });

  it('leaves out the parenthesis that closes the sentence around an address', () => {
    expect(linkify('(see https://example.com/a)')).toEqual([
      { text: '(see ' },
      { text: 'https://example.com/a', href: 'https://example.com/a' },
      { text: ')' },
    ]);
  });

  it('links a bare web address over https', () => {
    expect(linkify('Visit www.acmesky.com or acmesky.com/offer')).toEqual([
      { text: 'Visit ' },
      { text: 'www.acmesky.com', href: 'https://www.acmesky.com' },
      { text: ' or ' },
      { text: 'acmesky.com/offer', href: 'https://acmesky.com/offer' },
    ]);
  });

  it('never makes a link of other schemes, nor of e-mail addresses', () => {
    const body =
      'javascript:alert(1) data:text/html,<b>x</b> vbscript:msgbox(1) ftp://files.example ' +
      'mailto:mario@acmesky.com mario@acmesky.com //acmesky.com/offer';
    expect(linkify(body)).toEqual([{ text: body }]);
  });

  it('stops an address at markup characters', () => {
    expect(linkify('<a href="https://evil.example">x</a>')).toEqual([
      { text: '<a href="' },
      { text: 'https://evil.example', href: 'https://evil.example' },
      { text: '">x</a>' },
    ]);
  });

  it('keeps every character of the body, in order', () => {
    const body = 'A https://a.example/(x) b\nwww.acmesky.com, (http://b.example/y) c';
    expect(
      linkify(body)
        .map((part) => part.text)
        .join(''),
    ).toBe(body);
  });
});
