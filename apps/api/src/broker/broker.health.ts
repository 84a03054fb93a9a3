import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { BrokerFlow } from './broker-flow.service';

@Injectable()
export class BrokerHealthIndicator {
  constructor(
    private readonly flow: BrokerFlow,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /** Ready when RabbitMQ is connected and takes messages; else says why not. */
  check(key = 'rabbitmq'): HealthIndicatorResult {
    const indicator = this.indicators.check(key);
    const refusal = this.flow.refusal;
    return refusal ? indicator.down({ message: refusal }) : indicator.up();
  }
}
