import { ValidationPipe } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { Environment, LOG_LEVELS, LogLevelName } from './config/environment';
import { setupOpenApi } from './openapi/openapi';

/** Builds the API exactly as it runs in production; the end-to-end tests use it too. */
export async function createApp(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    // The one JSON endpoint parses its own body (see JsonBodyMiddleware).
    bodyParser: false,
    bufferLogs: true,
    // Let a bad configuration reach main.ts, which says what is wrong without a stack.
    abortOnError: false,
    // On shutdown, keep-alive connections (a page polling to reconnect keeps one busy
    // forever) must not hold the process open.
    forceCloseConnections: true,
  });
  const config = app.get<ConfigService<Environment, true>>(ConfigService);
  app.useLogger(logLevelsFrom(config.get('LOG_LEVEL', { infer: true })));
  app.disable('x-powered-by');
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
    }),
  );
  app.enableShutdownHooks();
  setupOpenApi(app);
  return app;
}

function logLevelsFrom(level: LogLevelName): LogLevelName[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}
