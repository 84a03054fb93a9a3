import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Receipt, RECEIPT_HEADERS } from '@prontogram/contracts';
import { Webhook } from 'standardwebhooks';
import type { DeliveryResult } from '../broker/receipt-queue.service';
import type { Environment } from '../config/environment';
import type { WebhookSetting } from '../config/sender-keys-setting';

const USER_AGENT = 'ProntoGram-Receipts/1.0';

/**
 * POSTs one receipt to one webhook, signed as the Standard Webhooks specification says (the
 * `standardwebhooks` library signs): HMAC-SHA256 over `<id>.<timestamp>.<body>` with the
 * webhook's secret. Any 2xx answer delivers it; anything else, a redirect included, or no
 * answer within `RECEIPT_TIMEOUT_MS`, fails this try.
 */
@Injectable()
export class WebhookClient {
  private readonly timeoutMs: number;

  constructor(config: ConfigService<Environment, true>) {
    this.timeoutMs = config.get('RECEIPT_TIMEOUT_MS', { infer: true });
  }

  async post(webhook: WebhookSetting, receipt: Receipt): Promise<DeliveryResult> {
    const body = JSON.stringify(receipt);
    const now = new Date();
    const signature = new Webhook(webhook.secret).sign(receipt.id, now, body);
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          [RECEIPT_HEADERS.id]: receipt.id,
          [RECEIPT_HEADERS.timestamp]: String(Math.floor(now.getTime() / 1000)),
          [RECEIPT_HEADERS.signature]: signature,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      // The answer's body is not read: let its connection go back to the pool.
      await response.body?.cancel().catch(() => undefined);
      return response.ok
        ? { delivered: true }
        : { delivered: false, problem: `the webhook answered ${response.status}` };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const what = (error as Error).name === 'TimeoutError' ? 'no answer in time' : undefined;
      return {
        delivered: false,
        problem: `could not reach the webhook: ${what ?? cause ?? (error as Error).message}`,
      };
    }
  }
}
