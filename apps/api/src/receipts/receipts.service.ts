import { Injectable, Logger } from '@nestjs/common';
import {
  InboxMessage,
  Receipt,
  ReceiptEvent,
  receiptId,
  ReceiptRejectionReason,
} from '@prontogram/contracts';
import {
  DeliveryResult,
  ExpiredMessage,
  ReceiptHandlers,
  ReceiptJob,
  ReceiptQueue,
} from '../broker/receipt-queue.service';
import type { MessageOrigin } from '../broker/message-origin';
import { Metrics } from '../metrics/metrics';
import { SenderKeys } from '../senders/sender-keys.service';
import { WebhookClient } from './webhook-client';

type Receipted = Pick<InboxMessage, 'id' | 'sender' | 'receiver'>;

/**
 * Tells senders what became of their messages. A receipt is made only for a message sent
 * with a sender key that had a webhook when the message was accepted (its headers say so);
 * it is durable in RabbitMQ before the event it tells of is settled (the message acked, the
 * `409` answered), and delivered from there by whichever instance takes it
 * (docs/receipts.md).
 */
@Injectable()
export class ReceiptsService implements ReceiptHandlers {
  private readonly logger = new Logger(ReceiptsService.name);

  constructor(
    private readonly queue: ReceiptQueue,
    private readonly keys: SenderKeys,
    private readonly webhooks: WebhookClient,
    private readonly metrics: Metrics,
  ) {
    queue.handle(this);
  }

  /** Whether a message accepted now with `senderKey` gets receipts. */
  wanted(senderKey: string | undefined): boolean {
    return this.keys.webhookOf(senderKey) !== undefined;
  }

  /** Resolves once the `displayed` receipt is durable (at once when none is wanted). */
  displayed(message: Receipted, origin: MessageOrigin): Promise<void> {
    return this.record('displayed', message, origin, new Date());
  }

  /** Resolves once the `rejected` receipt is durable (at once when none is wanted). */
  rejected(
    message: Receipted,
    origin: MessageOrigin,
    reason: ReceiptRejectionReason,
  ): Promise<void> {
    return this.record('rejected', message, origin, new Date(), reason);
  }

  async expired({ message, origin }: ExpiredMessage): Promise<void> {
    // It left its queue when its lifetime ran out, or soon after, when RabbitMQ got to it.
    await this.record('expired', message, origin, new Date(message.expiresAt));
    // Once, when it is done with: a message whose receipt failed comes again.
    this.metrics.deadLettered.inc();
  }

  async deliver({ receipt, senderKey }: ReceiptJob, attempt: number): Promise<DeliveryResult> {
    const webhook = this.keys.webhookOf(senderKey);
    const result: DeliveryResult = webhook
      ? await this.webhooks.post(webhook, receipt)
      : { delivered: false, problem: `the sender key ${senderKey} has no webhook now` };
    this.metrics.receiptDeliveries.inc({ outcome: result.delivered ? 'delivered' : 'failed' });
    if (!result.delivered) {
      this.logger.warn({
        msg: `Receipt ${receipt.id} for key ${senderKey} not delivered (try ${attempt}): ${result.problem}`,
        messageId: receipt.messageId,
      });
    }
    return result;
  }

  parked({ receipt, senderKey }: ReceiptJob, problem: string): void {
    this.metrics.receiptsParked.inc();
    this.logger.error({
      msg:
        `Parked receipt ${receipt.id} for key ${senderKey} after trying for ` +
        `RECEIPT_RETRY_FOR_SECONDS: ${problem}. See docs/receipts.md to replay it`,
      messageId: receipt.messageId,
    });
  }

  private async record(
    event: ReceiptEvent,
    { id, sender, receiver }: Receipted,
    { senderKey, receipts }: MessageOrigin,
    at: Date,
    reason?: ReceiptRejectionReason,
  ): Promise<void> {
    // A message from before its headers said so is judged by this instance's keys.
    if (senderKey === undefined || !(receipts ?? this.wanted(senderKey))) return;
    const receipt: Receipt = {
      id: receiptId(event, id),
      event,
      messageId: id,
      sender,
      receiver,
      at: at.toISOString(),
      ...(reason === undefined ? {} : { reason }),
    };
    await this.queue.publish({ receipt, senderKey });
    this.metrics.receiptsRecorded.inc({ event });
  }
}
