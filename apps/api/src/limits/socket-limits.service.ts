import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  InjectThrottlerStorage,
  normalizeIp,
  ThrottlerStorage,
  ThrottlerStorageService,
} from '@nestjs/throttler';
import type { Environment } from '../config/environment';
import { parseRate, Rate } from '../config/rate';
import type { LimitExceeded } from './limit-exceeded';

/**
 * The limits on readers' sockets. Connections count per client address in the shared store
 * (one address may reach every instance); events count per socket in this process, where
 * the socket lives.
 */
@Injectable()
export class SocketLimits {
  private readonly connectRate: Rate;
  private readonly eventRate: Rate;
  private readonly perSocket = new ThrottlerStorageService();
  readonly maxSessionsPerUsername: number;

  constructor(
    @InjectThrottlerStorage() private readonly shared: ThrottlerStorage,
    config: ConfigService<Environment, true>,
  ) {
    this.connectRate = parseRate(config.get('RATE_LIMIT_CONNECT_PER_IP', { infer: true }));
    this.eventRate = parseRate(config.get('RATE_LIMIT_SOCKET_EVENTS', { infer: true }));
    this.maxSessionsPerUsername = config.get('MAX_SESSIONS_PER_USERNAME', { infer: true });
  }

  /** Counts a new socket from `address`; says so when that address is over its limit. */
  connection(address: string): Promise<LimitExceeded | undefined> {
    return count(this.shared, `connect:${normalizeIp(address)}`, this.connectRate, 'connect', {
      what: 'connections from this address',
    });
  }

  /** Counts one event of a socket; says so when that socket is over its limit. */
  event(socketId: string): Promise<LimitExceeded | undefined> {
    return count(this.perSocket, `events:${socketId}`, this.eventRate, 'events', {
      what: 'events on this connection',
    });
  }
}

async function count(
  storage: ThrottlerStorage,
  key: string,
  { limit, windowMs }: Rate,
  name: string,
  { what }: Pick<LimitExceeded, 'what'>,
): Promise<LimitExceeded | undefined> {
  const record = await storage.increment(key, windowMs, limit, windowMs, name);
  return record.isBlocked
    ? { what, retryAfterSeconds: Math.max(record.timeToBlockExpire, 1) }
    : undefined;
}
