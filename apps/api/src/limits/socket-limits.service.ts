import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { normalizeIp } from '@nestjs/throttler';
import type { Environment } from '../config/environment';
import { parseRate, Rate } from '../config/rate';
import { FixedWindowStorage } from './fixed-window-storage';
import { SharedThrottlerStorage } from './shared-throttler-storage';
import { countHit, LimitExceeded } from './limit-exceeded';

/**
 * The limits on readers' sockets. Connections count per client address in the shared store
 * (one address may reach every instance); events count per socket in this process, where
 * the socket lives.
 */
@Injectable()
export class SocketLimits implements OnApplicationShutdown {
  private readonly connectRate: Rate;
  private readonly eventRate: Rate;
  private readonly perSocket = new FixedWindowStorage();
  readonly maxSessionsPerUsername: number;

  constructor(
    private readonly shared: SharedThrottlerStorage,
    config: ConfigService<Environment, true>,
  ) {
    this.connectRate = parseRate(config.get('RATE_LIMIT_CONNECT_PER_IP', { infer: true }));
    this.eventRate = parseRate(config.get('RATE_LIMIT_SOCKET_EVENTS', { infer: true }));
    this.maxSessionsPerUsername = config.get('MAX_SESSIONS_PER_USERNAME', { infer: true });
  }

  onApplicationShutdown(): void {
    this.perSocket.close();
  }

  /** Counts a new socket from `address`; says so when that address is over its limit. */
  connection(address: string): Promise<LimitExceeded | undefined> {
    const key = `connect:${normalizeIp(address)}`;
    return countHit(this.shared, key, this.connectRate, 'connect', 'connections from this address');
  }

  /** Counts one event of a socket; says so when that socket is over its limit. */
  event(socketId: string): Promise<LimitExceeded | undefined> {
    const key = `events:${socketId}`;
    return countHit(this.perSocket, key, this.eventRate, 'events', 'events on this connection');
  }
}
