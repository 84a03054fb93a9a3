import { InboxMessage, readInboxMessage } from '@prontogram/contracts';

/** Reads a queued message back, or `null` when it is not one ProntoGram wrote for `receiver`. */
export function parseInboxMessage(content: Buffer, receiver: string): InboxMessage | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content.toString('utf8'));
  } catch {
    return null;
  }
  const message = readInboxMessage(parsed);
  return message?.receiver === receiver ? message : null;
}
