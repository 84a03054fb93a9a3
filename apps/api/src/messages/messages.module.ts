import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RedisLink } from '../cluster/redis-link.service';
import type { Environment } from '../config/environment';
import {
  IdempotencyStore,
  MemoryIdempotencyStore,
  RedisIdempotencyStore,
} from './idempotency-store';
import { PushModule } from '../push/push.module';
import { ReceiptsModule } from '../receipts/receipts.module';
import { IdempotentRequests } from './idempotent-requests';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';

@Module({
  imports: [PushModule, ReceiptsModule],
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
export class MessagesModule {}
