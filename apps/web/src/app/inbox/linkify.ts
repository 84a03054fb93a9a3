/** A run of a message body: plain text, or a web address that may become a link. */
export type BodyPart = { text: string; href?: undefined } | { text: string; href: string };

const WEB_ADDRESS = /\bhttps?:\/\/[^\s<>"']+/gi;
/** Punctuation that ends a sentence rather than the address. */
const TRAILING = /[.,;:!?)\]]+$/;

/**
 * Splits a body into text and http(s) links. The page renders every part as text (never as
 * HTML); only `href`s made here, all http or https, become links.
 */
export function linkify(body: string): BodyPart[] {
  const parts: BodyPart[] = [];
  let last = 0;
  for (const match of body.matchAll(WEB_ADDRESS)) {
    const address = match[0].replace(TRAILING, '');
    const start = match.index ?? 0;
    if (start > last) parts.push({ text: body.slice(last, start) });
    parts.push({ text: address, href: address });
    last = start + address.length;
  }
  if (last < body.length) parts.push({ text: body.slice(last) });
  return parts;
}
