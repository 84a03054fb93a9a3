import { Global, Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { register } from 'prom-client';
import { METRICS_ROUTE } from '@prontogram/contracts';
import { Metrics } from './metrics';
import { StateGauges } from './state-gauges';

/**
 * Prometheus metrics at `/metrics`, with `prom-client` through `@willsoto/nestjs-prometheus`:
 * Node's own (memory, CPU, event loop, garbage collection) and ProntoGram's (`metrics.ts`).
 */
@Global()
@Module({
  imports: [PrometheusModule.register({ path: METRICS_ROUTE, defaultMetrics: { enabled: true } })],
  providers: [{ provide: Metrics, useFactory: () => new Metrics(register) }, StateGauges],
  exports: [Metrics],
})
export class MetricsModule {}
