import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RedisLink } from '../cluster/redis-link.service';
import type { Environment } from '../config/environment';
import { InboxModule } from '../inbox/inbox.module';
import { PushController } from './push.controller';
import { PushCooldown } from './push-cooldown';
import { PushGateway } from './push.gateway';
import { PushNotifier } from './push-notifier.service';
import {
  FilePushSubscriptionStore,
  PushSubscriptionStore,
  RedisPushSubscriptionStore,
} from './push-subscription-store';

/** Web Push: notifications for people whose pages are all closed. */
@Module({
  imports: [InboxModule],
  controllers: [PushController],
  providers: [
    PushNotifier,
    PushGateway,
    {
      provide: PushCooldown,
      inject: [RedisLink, ConfigService],
      useFactory: (link: RedisLink, config: ConfigService<Environment, true>) =>
        new PushCooldown(
          config.get('PUSH_MIN_INTERVAL_SECONDS', { infer: true }) * 1000,
          link.publisher,
        ),
    },
    {
      // With several instances every one must see every subscription: Redis.
      provide: PushSubscriptionStore,
      inject: [RedisLink, ConfigService],
      useFactory: (link: RedisLink, config: ConfigService<Environment, true>) => {
        const max = config.get('PUSH_SUBSCRIPTIONS_PER_USERNAME', { infer: true });
        const days = config.get('PUSH_SUBSCRIPTION_DAYS', { infer: true });
        return link.publisher
          ? new RedisPushSubscriptionStore(link.publisher, max, days)
          : new FilePushSubscriptionStore(
              config.get('PUSH_SUBSCRIPTIONS_FILE', { infer: true }),
              max,
              days,
            );
      },
    },
  ],
  exports: [PushNotifier],
})
export class PushModule {}
