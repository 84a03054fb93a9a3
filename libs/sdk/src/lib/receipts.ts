import { Receipt, RECEIPT_HEADERS, readReceipt } from '@prontogram/contracts/wire';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/** A receipt that did not come from ProntoGram as it is, or came too late to trust. */
export class ReceiptVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReceiptVerificationError';
  }
}

/** Request headers as Node.js (`req.headers`) or the Fetch API (`request.headers`) give them. */
export type ReceiptRequestHeaders = Headers | Record<string, string | string[] | undefined>;

/**
 * Checks a receipt POSTed to your webhook before you trust it: the signature, made with your
 * webhook's secret (`whsec_…`) over the exact body (a string, or a Node.js Buffer), and a timestamp within five minutes of
 * now (a replayed old request fails). Give it the body as received, before any JSON parsing.
 * Returns the receipt; throws `ReceiptVerificationError` when it may not be trusted.
 *
 * Drop a receipt whose `id` you have seen: one may come twice (a retry whose answer was lost).
 */
export function verifyReceipt(
  body: string | Uint8Array,
  headers: ReceiptRequestHeaders,
  secret: string,
): Receipt {
  const read = (name: string): string => {
    const value = headers instanceof Headers ? headers.get(name) : headers[name];
    return [value ?? ''].flat()[0];
  };
  let payload: unknown;
  try {
    const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
    payload = new Webhook(secret).verify(text, {
      [RECEIPT_HEADERS.id]: read(RECEIPT_HEADERS.id),
      [RECEIPT_HEADERS.timestamp]: read(RECEIPT_HEADERS.timestamp),
      [RECEIPT_HEADERS.signature]: read(RECEIPT_HEADERS.signature),
    });
  } catch (error) {
    if (error instanceof WebhookVerificationError) {
      throw new ReceiptVerificationError(`not a receipt from ProntoGram: ${error.message}`);
    }
    throw error;
  }
  const receipt = readReceipt(payload);
  if (!receipt || receipt.id !== read(RECEIPT_HEADERS.id)) {
    throw new ReceiptVerificationError('signed, but not a receipt this SDK knows');
  }
  return receipt;
}
