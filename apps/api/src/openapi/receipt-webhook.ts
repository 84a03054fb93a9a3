import type { PathItemObject } from '@nestjs/swagger';
import { RECEIPT_HEADERS, ReceiptDto } from '@prontogram/contracts';

const header = (description: string) => ({
  required: true,
  schema: { type: 'string' as const },
  description,
});

/** The receipt POSTed to a sender key's webhook, as OpenAPI 3.1 `webhooks` describe it. */
export function receiptWebhook(): PathItemObject {
  return {
    post: {
      summary: 'A receipt: what became of a message (displayed, expired, rejected)',
      description:
        'Sent to the webhook of the sender key a message came with. Signed as the Standard ' +
        'Webhooks specification says: verify the signature and the timestamp before trusting ' +
        'the body, and drop a receipt whose id was seen before (docs/receipts.md).',
      operationId: 'receipt',
      parameters: [
        {
          name: RECEIPT_HEADERS.id,
          in: 'header',
          ...header('The receipt id, the same on every try'),
        },
        {
          name: RECEIPT_HEADERS.timestamp,
          in: 'header',
          ...header('When this try was signed, in seconds since the epoch'),
        },
        {
          name: RECEIPT_HEADERS.signature,
          in: 'header',
          ...header('v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">, keyed by the secret'),
        },
      ],
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: { $ref: `#/components/schemas/${ReceiptDto.name}` } },
        },
      },
      responses: {
        '200': { description: 'Any 2xx: received. Anything else, or no answer, is retried' },
      },
    },
  };
}
