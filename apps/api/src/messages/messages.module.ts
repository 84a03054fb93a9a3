import { Module, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { RedisLink } from '../cluster/redis-link.service';
import type { Environment } from '../config/environment';
import {
  IdempotencyStore,
  MemoryIdempotencyStore,
  RedisIdempotencyStore,
} from './idempotency-store';
import { IdempotentRequests } from './idempotent-requests';
import { registerJsonBody } from './json-body';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';

@Module({
  controllers: [MessagesController],
  providers: [
    MessagesService,
    IdempotentRequests,
    {
      // Keys live where every instance sees them: in Redis when instances share it.
      provide: IdempotencyStore,
      inject: [RedisLink, ConfigService],
      useFactory: (link: RedisLink, config: ConfigService<Environment, true>) =>
        link.publisher
          ? new RedisIdempotencyStore(link.publisher)
          : new MemoryIdempotencyStore(config.get('IDEMPOTENCY_KEYS_REMEMBERED', { infer: true })),
    },
  ],
})
export class MessagesModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  onModuleInit(): void {
    registerJsonBody(
      this.adapterHost.httpAdapter.getInstance<FastifyInstance>(),
      '/messages',
      this.config.get('HTTP_BODY_LIMIT_BYTES', { infer: true }),
    );
  }
}
