import { BodyPart, linkify } from './linkify';

/** A part of the body as plain text, or (with `href`) as a link. */
const text = (text: string): BodyPart => ({ text });
const link = (text: string, href = text): BodyPart => ({ text, href });

const wikipedia = 'https://en.wikipedia.org/wiki/Bracket_(disambiguation)';
const otherSchemes =
  'javascript:alert(1) data:text/html,<b>x</b> vbscript:msgbox(1) ftp://files.example ' +
  'mailto:mario@acmesky.com mario@acmesky.com //acmesky.com/offer';

describe('linkify', () => {
  it.each<[string, string, BodyPart[]]>([
    [
      'leaves a body without addresses as one text part',
      'Il tuo codice offerta è: ABC123.',
      [text('Il tuo codice offerta è: ABC123.')],
    ],
    [
      'turns http and https addresses into links, without the closing punctuation',
      'Book at https://acmesky.example/offer?id=1. Or http://x.example!',
      [
        text('Book at '),
        link('https://acmesky.example/offer?id=1'),
        text('. Or '),
        link('http://x.example'),
        text('!'),
      ],
    ],
    [
      'keeps the closing parenthesis of an address with balanced parentheses',
      `See ${wikipedia}.`,
      [text('See '), link(wikipedia), text('.')],
    ],
    [
      'leaves out the parenthesis that closes the sentence around an address',
      '(see https://example.com/a)',
      [text('(see '), link('https://example.com/a'), text(')')],
    ],
    [
      'links a bare web address over https',
      'Visit www.acmesky.com or acmesky.com/offer',
      [
        text('Visit '),
        link('www.acmesky.com', 'https://www.acmesky.com'),
        text(' or '),
        link('acmesky.com/offer', 'https://acmesky.com/offer'),
      ],
    ],
    [
      'never makes a link of other schemes, nor of e-mail addresses',
      otherSchemes,
      [text(otherSchemes)],
    ],
    [
      'stops an address at markup characters',
      '<a href="https://evil.example">x</a>',
      [text('<a href="'), link('https://evil.example'), text('">x</a>')],
    ],
  ])('%s', (_, body, parts) => {
    expect(linkify(body)).toEqual(parts);
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
