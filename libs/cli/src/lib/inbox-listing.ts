import type { InboxMessage } from '@prontogram/sdk';
import { terminalSafe } from './terminal-text';

/** What waits for `username`, for people: one heading line per message, the body indented. */
export function inboxListing(username: string, messages: InboxMessage[]): string {
  const who = terminalSafe(username);
  if (messages.length === 0) return `Nothing waits for ${who}.\n`;
  const count = messages.length === 1 ? '1 message waits' : `${messages.length} messages wait`;
  return [
    `${count} for ${who} (left in place, unread):`,
    ...messages.map(describeMessage),
    '',
  ].join('\n');
}

function describeMessage(message: InboxMessage): string {
  const heading = [
    `from ${message.sender}`,
    `sent ${message.sentAt}`,
    ...(message.senderSendTime ? [`by the sender's clock ${message.senderSendTime}`] : []),
    `expires ${message.expiresAt}`,
    `id ${message.id}`,
  ]
    .map((part) => terminalSafe(part))
    .join(' | ');
  const body = terminalSafe(message.body, { multiline: true })
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
  return `\n${heading}\n${body}`;
}
