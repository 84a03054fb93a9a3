import { ConflictException, HttpStatus, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ErrorResponse,
  InboxMessage,
  MessageAccepted,
  normaliseUsername,
  SendMessageDto,
} from '@prontogram/contracts';
import { v7 as uuidv7 } from 'uuid';
import { InboxFullError } from '../broker/inbox-full.error';
import { InboxPublisher, PublishContext } from '../broker/inbox-publisher.service';
import type { Environment } from '../config/environment';
import { PushNotifier } from '../push/push-notifier.service';
import { ReceiptsService } from '../receipts/receipts.service';
import { IdempotentRequests } from './idempotent-requests';

@Injectable()
export class MessagesService {
  private readonly defaultTtlSeconds: number;
  private readonly maxTtlSeconds: number;

  constructor(
    private readonly publisher: InboxPublisher,
    private readonly idempotent: IdempotentRequests,
    private readonly receipts: ReceiptsService,
    private readonly push: PushNotifier,
    config: ConfigService<Environment, true>,
  ) {
    this.defaultTtlSeconds = config.get('MESSAGE_TTL_DEFAULT_SECONDS', { infer: true });
    this.maxTtlSeconds = config.get('MESSAGE_TTL_MAX_SECONDS', { infer: true });
  }

  /**
   * Resolves once the message is durable in its receiver's queue. With an `Idempotency-Key`,
   * a repeated request gets the first one's message, published again only if that failed.
   * The message carries `requestId`, so that its ack can be told from the logs of its POST,
   * and `senderKey`, with whether that key's webhook gets its receipts.
   */
  async accept(
    request: SendMessageDto,
    {
      idempotencyKey,
      ...sent
    }: { idempotencyKey?: string } & Omit<PublishContext, 'receipts'> = {},
  ): Promise<MessageAccepted> {
    const context: PublishContext = { ...sent, receipts: this.receipts.wanted(sent.senderKey) };
    const message =
      idempotencyKey === undefined
        ? await this.publish(this.create(request), context)
        : await this.idempotent.run(
            request.sender,
            idempotencyKey,
            request,
            () => this.create(request),
            (created) => this.publish(created, context),
          );
    const { id, receiver, sentAt, expiresAt } = message;
    return { id, receiver, sentAt, expiresAt };
  }

  private create(request: SendMessageDto): InboxMessage {
    const ttlSeconds = Math.min(request.ttlSeconds ?? this.defaultTtlSeconds, this.maxTtlSeconds);
    const now = Date.now();
    return {
      id: uuidv7({ msecs: now }),
      sender: request.sender,
      receiver: normaliseUsername(request.receiver),
      body: request.body,
      sentAt: new Date(now).toISOString(),
      expiresAt: new Date(now + ttlSeconds * 1000).toISOString(),
      ...(request.send_time === undefined ? {} : { senderSendTime: request.send_time }),
    };
  }

  /** Publishes with the lifetime the message has left (all of it, unless this is a retry). */
  private async publish(message: InboxMessage, context: PublishContext): Promise<InboxMessage> {
    // In whole seconds, rounded up: the first publish carries the lifetime asked for, exactly.
    const lifeLeftMs = Math.max(
      Math.ceil((Date.parse(message.expiresAt) - Date.now()) / 1000) * 1000,
      1000,
    );
    try {
      await this.publisher.publish(message, lifeLeftMs, context);
    } catch (error) {
      if (!(error instanceof InboxFullError)) throw error;
      await this.receipts.rejected(message, context, 'inbox-full');
      const refusal: ErrorResponse = {
        statusCode: HttpStatus.CONFLICT,
        error: 'Conflict',
        code: 'inbox-full',
        message:
          `inbox full: ${message.receiver} has ${error.maxMessages} unread messages waiting, ` +
          'the most an inbox holds; nothing was accepted. Send again once they have read some',
      };
      throw new ConflictException(refusal);
    }
    // Not awaited: a notification never holds up the sender's 202.
    void this.push.messageArrived(message);
    return message;
  }
}
