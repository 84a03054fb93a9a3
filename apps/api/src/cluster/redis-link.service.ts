import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import Redis from 'ioredis';
import { Subject } from 'rxjs';
import type { Environment } from '../config/environment';

/** Reconnect soon after a short blip, then every two seconds while Redis stays away. */
const retryDelayMs = (attempt: number): number => Math.min(attempt * 100, 2000);

/**
 * The connections to Redis that carry Socket.IO's fan-out between instances, when
 * `REDIS_URL` is set; without it there is one instance and no Redis at all. Redis holds no
 * message: while it is away, pages on other instances miss live pushes (RabbitMQ still
 * holds every message), and `recovered$` tells the inbox to send again what is pending.
 */
@Injectable()
export class RedisLink implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisLink.name);
  /** Publishes broadcasts: fails at once while disconnected, the inbox sends again later. */
  readonly publisher: Redis | undefined;
  /** Holds the subscriptions; queues new ones while disconnected, and renews them all. */
  readonly subscriber: Redis | undefined;
  private readonly problems = new Map<Redis, string>();
  private wasLost = false;
  private closing = false;
  private readonly recovered = new Subject<void>();
  /** Each time both connections are back after a loss. */
  readonly recovered$ = this.recovered.asObservable();

  constructor(config: ConfigService<Environment, true>) {
    const url = config.get('REDIS_URL', { infer: true });
    if (!url) return;
    const common = { retryStrategy: retryDelayMs, maxRetriesPerRequest: null };
    this.publisher = this.watch(
      new Redis(url, {
        ...common,
        connectionName: 'prontogram-publisher',
        enableOfflineQueue: false,
      }),
    );
    this.subscriber = this.watch(
      new Redis(url, {
        ...common,
        connectionName: 'prontogram-subscriber',
        // The adapter subscribes as soon as the socket connects. ioredis's ready check (INFO)
        // and client info (CLIENT SETINFO) would then be sent in subscriber mode, be refused,
        // and drop the connection with its subscriptions: the subscriber needs neither.
        enableReadyCheck: false,
        disableClientInfo: true,
      }),
    );
  }

  /** Whether instances share pages through Redis. */
  get enabled(): boolean {
    return this.publisher !== undefined;
  }

  /** Why fan-out between instances does not work now, or undefined when it does. */
  get problem(): string | undefined {
    return this.problems.values().next().value;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await Promise.all(
      [this.publisher, this.subscriber].map((client) => client?.quit().catch(() => undefined)),
    );
  }

  private watch(client: Redis): Redis {
    this.problems.set(client, 'connecting to Redis');
    client.on('ready', () => {
      this.problems.delete(client);
      if (this.problems.size > 0 || !this.wasLost) return;
      this.wasLost = false;
      this.logger.log('Redis is back: pages on every instance get live messages again');
      this.recovered.next();
    });
    client.on('error', (error: Error) => this.lost(client, error.message));
    client.on('close', () => this.lost(client, 'connection to Redis closed'));
    return client;
  }

  private lost(client: Redis, reason: string): void {
    if (this.closing) return;
    const first = !this.wasLost;
    this.wasLost = true;
    this.problems.set(client, reason);
    if (first) {
      this.logger.error(
        `Redis is unreachable (${reason}): pages on other instances miss live messages ` +
          'until it is back; RabbitMQ keeps every message',
      );
    }
  }
}
