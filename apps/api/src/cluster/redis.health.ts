import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { RedisLink } from './redis-link.service';

@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly link: RedisLink,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /** Ready when fan-out between instances works, or when there is one instance. */
  check(key = 'redis'): HealthIndicatorResult {
    const indicator = this.indicators.check(key);
    if (!this.link.enabled) return indicator.up({ mode: 'single instance, no Redis' });
    const problem = this.link.problem;
    return problem ? indicator.down({ message: problem }) : indicator.up();
  }
}
