import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { BrokerModule } from './broker/broker.module';
import { ClusterModule } from './cluster/cluster.module';
import { validateEnvironment } from './config/environment';
import { HealthModule } from './health/health.module';
import { HttpErrorsFilter } from './http/http-errors.filter';
import { InboxModule } from './inbox/inbox.module';
import { LimitsModule } from './limits/limits.module';
import { LoggingModule } from './logging/logging.module';
import { MessagesModule } from './messages/messages.module';
import { MetricsModule } from './metrics/metrics.module';
import { PushModule } from './push/push.module';
import { SendersModule } from './senders/senders.module';
import { SignInModule } from './sign-in/sign-in.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, cache: true, validate: validateEnvironment }),
    BrokerModule,
    ClusterModule,
    HealthModule,
    InboxModule,
    LimitsModule,
    LoggingModule,
    MessagesModule,
    MetricsModule,
    PushModule,
    SendersModule,
    SignInModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: HttpErrorsFilter }],
})
export class AppModule {}
