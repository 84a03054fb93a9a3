import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment';
import { parseSenderKeys, SenderKeySetting, WebhookSetting } from '../config/sender-keys-setting';

/** Who sent a request: the name of its key, or nobody where anonymous sending is on. */
export type SenderIdentity = { keyName: string } | { keyName: null };

/** Why a request may not send. */
export type SenderRefusal = 'missing' | 'unknown';

/**
 * The sender keys of `SENDER_KEYS`. A presented key is hashed and compared with every
 * configured hash in constant time, so that neither the answer nor its timing says how
 * close a guess came.
 */
@Injectable()
export class SenderKeys {
  private readonly keys: (SenderKeySetting & { digest: Buffer })[];
  /** Sender names some key claims: nobody else may use them, even anonymously. */
  private readonly claimed: Set<string>;
  readonly anonymousAllowed: boolean;

  constructor(config: ConfigService<Environment, true>) {
    this.keys = parseSenderKeys(config.get('SENDER_KEYS', { infer: true })).map((key) => ({
      ...key,
      digest: Buffer.from(key.sha256, 'hex'),
    }));
    this.claimed = new Set(this.keys.flatMap((key) => key.senders.map(likeness)));
    this.anonymousAllowed =
      this.keys.length === 0 || config.get('ALLOW_ANONYMOUS_SENDERS', { infer: true });
    const logger = new Logger(SenderKeys.name);
    if (this.keys.length === 0) {
      logger.warn(
        'No SENDER_KEYS: anybody who reaches POST /messages can send as anyone. Fine for ' +
          'development; set SENDER_KEYS before the API faces a network (README: "Sender keys")',
      );
    } else {
      const described = this.keys.map((key) => `${key.name}${key.webhook ? ' (receipts)' : ''}`);
      logger.log(`Sender keys: ${described.join(', ')}`);
      if (this.anonymousAllowed) {
        logger.warn('ALLOW_ANONYMOUS_SENDERS=true: requests without a key may send too');
      }
    }
  }

  /** The identity behind an `Authorization` header, or why there is none. */
  identify(authorization: string | undefined): SenderIdentity | SenderRefusal {
    const presented = bearerToken(authorization);
    if (presented === undefined) return this.anonymousAllowed ? { keyName: null } : 'missing';
    const digest = createHash('sha256').update(presented).digest();
    let found: string | null = null;
    // Every hash is compared, whichever matches: the time taken says nothing about the key.
    for (const key of this.keys) {
      if (timingSafeEqual(digest, key.digest)) found = key.name;
    }
    return found === null ? 'unknown' : { keyName: found };
  }

  /** Where receipts of the messages sent with key `keyName` go; undefined: nowhere. */
  webhookOf(keyName: string | undefined): WebhookSetting | undefined {
    return keyName === undefined
      ? undefined
      : this.keys.find((key) => key.name === keyName)?.webhook;
  }

  /** Whether `identity` may put `sender` on a message. */
  mayUse(identity: SenderIdentity, sender: string): boolean {
    if (identity.keyName === null) return !this.claimed.has(likeness(sender));
    const key = this.keys.find((candidate) => candidate.name === identity.keyName);
    return key?.senders.includes(sender) ?? false;
  }
}

/** A sender name as a reader would take it: "acmesky " looks like "ACMESky" on screen. */
function likeness(sender: string): string {
  return sender.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The token of `Bearer <token>`; undefined when there is no such header. */
function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined || authorization.trim() === '') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  // A header that is there but not a bearer token is a wrong key, not a missing one.
  return match ? match[1] : '';
}
