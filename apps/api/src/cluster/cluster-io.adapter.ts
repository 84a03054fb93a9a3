import type { IncomingMessage } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createShardedAdapter } from '@socket.io/redis-adapter';
import type { Server, ServerOptions } from 'socket.io';
import type { AllowedOrigins } from '../http/allowed-origins';
import { RedisLink } from './redis-link.service';

/**
 * Socket.IO for one instance, or, with `REDIS_URL`, for many: the official Redis adapter on
 * sharded pub/sub (Redis 7) makes a room and `serverSideEmit` span every instance. Only
 * pages of allowed origins may connect: browsers do not apply CORS to WebSockets, so a page
 * on another site could otherwise open a socket in its visitor's name.
 */
export class ClusterIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly link: RedisLink,
    private readonly origins: AllowedOrigins,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      allowRequest: (
        request: IncomingMessage,
        callback: (error: string | null | undefined, success: boolean) => void,
      ) => {
        const allowed = this.origins.allows(request.headers);
        callback(allowed ? null : 'this origin may not connect', allowed);
      },
      // Polling is plain HTTP: the listed origins get CORS answers; others get none.
      cors: { origin: this.origins.extra, credentials: false },
    }) as Server;
    if (this.link.publisher && this.link.subscriber) {
      server.adapter(createShardedAdapter(this.link.publisher, this.link.subscriber));
    }
    return server;
  }
}
