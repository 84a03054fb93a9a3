import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { RedisHealthIndicator } from '../cluster/redis.health';
import { BrokerHealthIndicator } from '../broker/broker.health';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly broker: BrokerHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  /** The process is up and answering. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /**
   * The API can accept messages (RabbitMQ is connected and takes them) and, with several
   * instances, reach their pages (Redis is connected). 503 otherwise, with the reason.
   */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.broker.check(), () => this.redis.check()]);
  }
}
