import { Module, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { Environment } from '../config/environment';
import { IdempotentRequests } from './idempotent-requests';
import { registerJsonBody } from './json-body';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';

@Module({
  controllers: [MessagesController],
  providers: [MessagesService, IdempotentRequests],
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
