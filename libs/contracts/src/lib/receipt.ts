/**
 * What became of a message, told to its sender's webhook:
 * - `displayed`: a page reported it displayed, and it was deleted from its inbox;
 * - `expired`: it left its inbox unseen when its lifetime ran out;
 * - `rejected`: it was never accepted into an inbox (`reason` says why: `inbox-full`).
 */
export const RECEIPT_EVENTS = ['displayed', 'expired', 'rejected'] as const;
export type ReceiptEvent = (typeof RECEIPT_EVENTS)[number];

/** Why a message was rejected. */
export const RECEIPT_REJECTION_REASONS = ['inbox-full'] as const;
export type ReceiptRejectionReason = (typeof RECEIPT_REJECTION_REASONS)[number];

/** The JSON body ProntoGram POSTs to a sender's webhook, one receipt per request. */
export interface Receipt {
  /**
   * The same for every attempt to deliver this receipt, and for a second receipt of the same
   * event of the same message: a receiver that has seen an id may drop what comes again.
   */
  id: string;
  event: ReceiptEvent;
  messageId: string;
  sender: string;
  receiver: string;
  /** When it happened (ISO 8601): not when the receipt was sent. */
  at: string;
  /** With `rejected` only. */
  reason?: ReceiptRejectionReason;
}

/**
 * The headers of a receipt's request, as the Standard Webhooks specification names them:
 * `webhook-signature` holds `v1,<base64 HMAC-SHA256>` of `<id>.<timestamp>.<body>`, keyed
 * with the secret of the sender's webhook (`whsec_<base64>`, the key being the base64 part).
 */
export const RECEIPT_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;

/** The id of a receipt: one per message and event. */
export function receiptId(event: ReceiptEvent, messageId: string): string {
  return `${messageId}.${event}`;
}

const RECEIPT_TEXT = ['id', 'messageId', 'sender', 'receiver', 'at'] as const;

/** Reads a receipt back from its JSON, as a copy of its own fields; `null` when it is none. */
export function readReceipt(value: unknown): Receipt | null {
  if (typeof value !== 'object' || value === null) return null;
  const candidate = value as Record<string, unknown>;
  if (!RECEIPT_TEXT.every((field) => typeof candidate[field] === 'string')) return null;
  const event = candidate['event'] as ReceiptEvent;
  if (!RECEIPT_EVENTS.includes(event)) return null;
  const receipt = { event, ...Object.fromEntries(RECEIPT_TEXT.map((f) => [f, candidate[f]])) };
  const reason = candidate['reason'] as ReceiptRejectionReason;
  return (RECEIPT_REJECTION_REASONS.includes(reason) ? { ...receipt, reason } : receipt) as Receipt;
}
