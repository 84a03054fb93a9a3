import { Injectable } from '@nestjs/common';
import { BrokerFlow } from '../broker/broker-flow.service';
import { InboxConsumers } from '../broker/inbox-consumers.service';
import { RedisLink } from '../cluster/redis-link.service';
import { Metrics } from './metrics';

/** The gauges read from the broker's and Redis's state when Prometheus scrapes. */
@Injectable()
export class StateGauges {
  constructor(metrics: Metrics, flow: BrokerFlow, consumers: InboxConsumers, link: RedisLink) {
    metrics.gauge(
      'prontogram_consumers_active',
      'Per-person consumers this instance holds on RabbitMQ queues',
      () => consumers.count,
    );
    metrics.gauge(
      'prontogram_broker_up',
      '1 while RabbitMQ is connected and takes messages, else 0',
      () => (flow.refusal === undefined ? 1 : 0),
    );
    // With one instance there is no Redis to watch: no series rather than a false alarm.
    if (link.enabled) {
      metrics.gauge('prontogram_redis_up', '1 while Redis is connected, else 0', () =>
        link.problem === undefined ? 1 : 0,
      );
    }
  }
}
