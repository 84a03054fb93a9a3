import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createShardedAdapter } from '@socket.io/redis-adapter';
import type { Server, ServerOptions } from 'socket.io';
import { RedisLink } from './redis-link.service';

/**
 * Socket.IO for one instance, or, with `REDIS_URL`, for many: the official Redis adapter on
 * sharded pub/sub (Redis 7) makes a room and `serverSideEmit` span every instance.
 */
export class ClusterIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly link: RedisLink,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    if (this.link.publisher && this.link.subscriber) {
      server.adapter(createShardedAdapter(this.link.publisher, this.link.subscriber));
    }
    return server;
  }
}
