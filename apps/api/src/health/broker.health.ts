import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

@Injectable()
export class BrokerHealthIndicator {
  constructor(
    private readonly amqp: AmqpConnection,
    private readonly indicators: HealthIndicatorService,
  ) {}

  check(key = 'rabbitmq'): HealthIndicatorResult {
    const indicator = this.indicators.check(key);
    return this.amqp.managedConnection.isConnected()
      ? indicator.up()
      : indicator.down({ message: 'not connected to RabbitMQ' });
  }
}
