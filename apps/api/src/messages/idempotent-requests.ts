import { createHash } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  Injectable,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  type InboxMessage,
  MESSAGE_LIMITS,
  normaliseUsername,
  type SendMessageDto,
} from '@prontogram/contracts';
import type { Environment } from '../config/environment';
import { IdempotencyStore, KeyedRequest } from './idempotency-store';

const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * `Idempotency-Key` as the IETF httpapi draft describes it: the same key with the same request
 * gets the same message (the same id, so pages and the inbox drop a second copy); the same key
 * with another request is refused (422); a key whose first request still runs answers 409.
 * A request that failed (503) may be retried with its key and publishes the same message
 * again. Keys are scoped by sender and remembered until their message expires, in the
 * `IdempotencyStore`: this process's memory, or Redis when instances share it.
 */
@Injectable()
export class IdempotentRequests {
  /**
   * How long a running request holds its key. An instance that dies mid-request leaves it
   * `publishing`: past the lease a retry takes it over, instead of a 409 until expiry.
   */
  private readonly leaseMs: number;

  constructor(
    private readonly store: IdempotencyStore,
    config: ConfigService<Environment, true>,
  ) {
    this.leaseMs = 2 * config.get('PUBLISH_CONFIRM_TIMEOUT_MS', { infer: true });
  }

  /**
   * Runs `publish` for the message this key stands for: `create` makes it the first time. A
   * request already accepted is answered again without publishing.
   */
  async run(
    sender: string,
    rawKey: string,
    request: SendMessageDto,
    create: () => InboxMessage,
    publish: (message: InboxMessage) => Promise<unknown>,
  ): Promise<InboxMessage> {
    const scope = `${sender}\n${parseKey(rawKey)}`;
    const fingerprint = fingerprintOf(request);
    const known = await this.store.read(scope);
    if (known && known.entry.fingerprint !== fingerprint) {
      throw new UnprocessableEntityException(
        'This Idempotency-Key was already used with a different request; use a new key for a new message',
      );
    }
    if (known?.entry.state === 'accepted') return known.entry.message;
    if (known?.entry.state === 'publishing' && known.entry.leaseUntil > Date.now()) {
      throw inUse();
    }

    const message = known?.entry.message ?? create();
    const held: KeyedRequest = {
      fingerprint,
      message,
      state: 'publishing',
      leaseUntil: Date.now() + this.leaseMs,
    };
    const ttlMs = Math.max(Date.parse(message.expiresAt) - Date.now(), 1);
    // Another request with the key got there between the read and now: it holds the key.
    if (!(await this.store.replace(scope, { current: known, next: held, ttlMs }))) throw inUse();
    try {
      await publish(message);
    } catch (error) {
      await this.store.update(scope, { ...held, state: 'failed' }).catch(() => undefined);
      throw error;
    }
    // RabbitMQ has it: the answer is 202 even if the store cannot say so now. A retry then
    // finds the key held until the lease ends, and publishes the same id, which pages drop.
    await this.store.update(scope, { ...held, state: 'accepted' }).catch(() => undefined);
    return message;
  }
}

function inUse(): ConflictException {
  return new ConflictException(
    'A request with this Idempotency-Key is still being processed; retry after it answered',
  );
}

/** The header is a structured-field string (`"abc"`); a bare token is taken as well. */
function parseKey(raw: string): string {
  const key = /^"(.*)"$/.exec(raw)?.[1] ?? raw;
  if (
    key.length === 0 ||
    key.length > MESSAGE_LIMITS.idempotencyKeyMaxLength ||
    !VISIBLE_ASCII.test(key)
  ) {
    throw new BadRequestException(
      `Idempotency-Key must be 1 to ${MESSAGE_LIMITS.idempotencyKeyMaxLength} visible ASCII characters, for example a UUID`,
    );
  }
  return key;
}

/** What makes two requests "the same": every field of the validated body. */
function fingerprintOf(request: SendMessageDto): string {
  const { sender, receiver, body, send_time, ttlSeconds } = request;
  return createHash('sha256')
    .update(
      JSON.stringify([
        sender,
        normaliseUsername(receiver),
        body,
        send_time ?? null,
        ttlSeconds ?? null,
      ]),
    )
    .digest('base64url');
}
