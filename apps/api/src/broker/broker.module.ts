import { RabbitMQModule } from '@golevelup/nestjs-rabbitmq';
import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ConfigService } from '@nestjs/config';
import { Environment, rabbitmqUrls } from '../config/environment';
import { BrokerHealthIndicator } from './broker.health';
import { BrokerFlow } from './broker-flow.service';
import { InboxConsumers } from './inbox-consumers.service';
import { InboxPublisher } from './inbox-publisher.service';
import { InboxQueues } from './inbox-queues.service';
import { ReceiptQueue } from './receipt-queue.service';
import { EXPIRED_EXCHANGE, INBOX_EXCHANGE } from './inbox-topology';

/** Everything that speaks AMQP lives here; the rest of the API sees services. */
@Global()
@Module({
  imports: [
    TerminusModule,
    RabbitMQModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => ({
        // A list is tried in turn, at start and at every reconnect.
        uri: rabbitmqUrls(config.get('RABBITMQ_URL', { infer: true })),
        exchanges: [
          { name: INBOX_EXCHANGE, type: 'direct', options: { durable: true } },
          { name: EXPIRED_EXCHANGE, type: 'fanout', options: { durable: true } },
        ],
        // Start while RabbitMQ is away and connect when it comes.
        connectionInitOptions: { wait: false },
        connectionManagerOptions: {
          heartbeatIntervalInSeconds: 5,
          reconnectTimeInSeconds: 1,
          // amqplib leaves Nagle's algorithm on: a small frame (a publish, an ack) then
          // waits for the broker's delayed ACK, about 40 ms, whenever another is in flight.
          connectionOptions: { noDelay: true },
        },
        registerHandlers: false,
        enableControllerDiscovery: false,
      }),
    }),
  ],
  providers: [
    BrokerFlow,
    BrokerHealthIndicator,
    InboxQueues,
    InboxPublisher,
    InboxConsumers,
    ReceiptQueue,
  ],
  // AMQP stays in here: the rest of the API sees services and a health indicator.
  exports: [BrokerFlow, BrokerHealthIndicator, InboxPublisher, InboxConsumers, ReceiptQueue],
})
export class BrokerModule {}
