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
import { LRUCache } from 'lru-cache';
import type { Environment } from '../config/environment';

/** One `Idempotency-Key` of one sender, and the message made for its first request. */
interface KeyedRequest {
  fingerprint: string;
  message: InboxMessage;
  /** `publishing` while a request with the key runs; `accepted` once RabbitMQ confirmed. */
  state: 'publishing' | 'accepted' | 'failed';
}

const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * `Idempotency-Key` as the IETF httpapi draft describes it: the same key with the same request
 * gets the same message (the same id, so pages and the inbox drop a second copy); the same key
 * with another request is refused (422); a key whose first request still runs answers 409.
 * A request that failed (503) may be retried with its key and publishes the same message
 * again. Keys are scoped by sender and remembered until their message expires, in this
 * process, up to `IDEMPOTENCY_KEYS_REMEMBERED` keys (the least recently used go first).
 */
@Injectable()
export class IdempotentRequests {
  private readonly requests: LRUCache<string, KeyedRequest>;

  constructor(config: ConfigService<Environment, true>) {
    const remembered: number = config.get('IDEMPOTENCY_KEYS_REMEMBERED', { infer: true });
    this.requests = new LRUCache({ max: remembered });
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
    const known = this.requests.get(scope);
    if (known && known.fingerprint !== fingerprint) {
      throw new UnprocessableEntityException(
        'This Idempotency-Key was already used with a different request; use a new key for a new message',
      );
    }
    if (known?.state === 'publishing') {
      throw new ConflictException(
        'A request with this Idempotency-Key is still being processed; retry after it answered',
      );
    }
    if (known?.state === 'accepted') return known.message;

    const entry: KeyedRequest = known ?? { fingerprint, message: create(), state: 'publishing' };
    entry.state = 'publishing';
    const ttl = Date.parse(entry.message.expiresAt) - Date.now();
    this.requests.set(scope, entry, { ttl: Math.max(ttl, 1) });
    try {
      await publish(entry.message);
      entry.state = 'accepted';
      return entry.message;
    } catch (error) {
      entry.state = 'failed';
      throw error;
    }
  }
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
