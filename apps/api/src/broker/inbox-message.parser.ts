import type { InboxMessage } from '@prontogram/contracts';

const REQUIRED_TEXT = ['id', 'sender', 'receiver', 'body', 'sentAt', 'expiresAt'] as const;

/** Reads a queued message back, or `null` when it is not one ProntoGram wrote for `receiver`. */
export function parseInboxMessage(content: Buffer, receiver: string): InboxMessage | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const candidate = parsed as Record<string, unknown>;
  if (!REQUIRED_TEXT.every((field) => typeof candidate[field] === 'string')) return null;
  if (
    candidate['receiver'] !== receiver ||
    Number.isNaN(Date.parse(candidate['expiresAt'] as string))
  ) {
    return null;
  }
  const message: InboxMessage = {
    id: candidate['id'] as string,
    sender: candidate['sender'] as string,
    receiver,
    body: candidate['body'] as string,
    sentAt: candidate['sentAt'] as string,
    expiresAt: candidate['expiresAt'] as string,
  };
  if (typeof candidate['senderSendTime'] === 'string') {
    message.senderSendTime = candidate['senderSendTime'];
  }
  return message;
}
