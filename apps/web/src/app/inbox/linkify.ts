import { LinkifyIt } from 'linkify-it';

/** A run of a message body: plain text, or a web address that became a link. */
export type BodyPart = { text: string; href?: undefined } | { text: string; href: string };

/**
 * linkify-it, limited to the web: http and https addresses, and bare ones
 * (`www.acmesky.com`), which open over https. No other scheme, no e-mail addresses.
 */
const webAddresses = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: false, fuzzyIP: false })
  .add('ftp:', null)
  .add('mailto:', null)
  .add('//', null);
const WEB_LINK = /^https?:\/\//i;

/**
 * Splits a body into text and http(s) links, keeping every character of it. The page
 * renders every part as text (never as HTML); only `href`s made here, all http or https,
 * become links.
 */
export function linkify(body: string): BodyPart[] {
  const parts: BodyPart[] = [];
  let last = 0;
  for (const match of webAddresses.match(body) ?? []) {
    const href = match.schema === '' ? `https://${match.raw}` : match.url;
    if (!WEB_LINK.test(href)) continue;
    if (match.index > last) parts.push({ text: body.slice(last, match.index) });
    parts.push({ text: body.slice(match.index, match.lastIndex), href });
    last = match.lastIndex;
  }
  if (last < body.length) parts.push({ text: body.slice(last) });
  return parts;
}
