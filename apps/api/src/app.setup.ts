import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { ClusterIoAdapter } from './cluster/cluster-io.adapter';
import { RedisLink } from './cluster/redis-link.service';
import { Environment, LOG_LEVELS, LogLevelName } from './config/environment';
import { setupOpenApi } from './openapi/openapi';
import { CompiledValidationPipe } from './validation/compiled-validation.pipe';
import { servePage } from './web/serve-page';

/**
 * Builds the API as `main.ts` runs it. Fastify, not Express: it answers `POST /messages`
 * with about half the CPU per request (docs/performance.md has the figures).
 */
export async function createApp(): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    // On shutdown, keep-alive connections (a page polling to reconnect keeps one busy
    // forever) must not hold the process open.
    new FastifyAdapter({ forceCloseConnections: true }),
    {
      bufferLogs: true,
      // Let a bad configuration reach main.ts, which says what is wrong without a stack.
      abortOnError: false,
    },
  );
  const config = app.get<ConfigService<Environment, true>>(ConfigService);
  app.useLogger(logLevelsFrom(config.get('LOG_LEVEL', { infer: true })));
  app.useGlobalPipes(new CompiledValidationPipe());
  app.useWebSocketAdapter(new ClusterIoAdapter(app, app.get(RedisLink)));
  app.enableShutdownHooks();
  setupOpenApi(app);
  await servePage(app, config.get('WEB_ROOT', { infer: true }));
  return app;
}

function logLevelsFrom(level: LogLevelName): LogLevelName[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}
