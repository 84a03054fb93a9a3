import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  InboxMessage,
  MessageAccepted,
  normaliseUsername,
  SendMessageDto,
} from '@prontogram/contracts';
import { v7 as uuidv7 } from 'uuid';
import { InboxPublisher } from '../broker/inbox-publisher.service';
import type { Environment } from '../config/environment';

@Injectable()
export class MessagesService {
  private readonly defaultTtlSeconds: number;
  private readonly maxTtlSeconds: number;

  constructor(
    private readonly publisher: InboxPublisher,
    config: ConfigService<Environment, true>,
  ) {
    this.defaultTtlSeconds = config.get('MESSAGE_TTL_DEFAULT_SECONDS', { infer: true });
    this.maxTtlSeconds = config.get('MESSAGE_TTL_MAX_SECONDS', { infer: true });
  }

  /** Resolves once the message is durable in its receiver's queue. */
  async accept(request: SendMessageDto): Promise<MessageAccepted> {
    const ttlSeconds = Math.min(request.ttlSeconds ?? this.defaultTtlSeconds, this.maxTtlSeconds);
    const now = Date.now();
    const message: InboxMessage = {
      id: uuidv7({ msecs: now }),
      sender: request.sender,
      receiver: normaliseUsername(request.receiver),
      body: request.body,
      sentAt: new Date(now).toISOString(),
      expiresAt: new Date(now + ttlSeconds * 1000).toISOString(),
      ...(request.send_time === undefined ? {} : { senderSendTime: request.send_time }),
    };
    await this.publisher.publish(message, ttlSeconds * 1000);
    const { id, receiver, sentAt, expiresAt } = message;
    return { id, receiver, sentAt, expiresAt };
  }
}
